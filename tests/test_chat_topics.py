"""Chat turns that bring a topic of their own: one the sources never give a verdict on, one in the chat's
own words, and a request that has nothing to do with frameworks, whatever came before.

Written against ``Assistant.ask(question, history)`` with the real model; each promise was checked to
fail with its mechanism undone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_conversation import chat

pytestmark = pytest.mark.slow

NOT_COVERED = "The sources don't say which framework suits "


def first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


def test_a_follow_up_on_a_topic_no_source_covers_is_said_to_be_uncovered(bot: Any) -> None:
    """ "and for image classification?" after an NLP pick is a new pick the sources don't make: neither the
    old pick's blurb nor a pick for beginners, whose label merely sits as near as another framework's."""
    nlp, images = chat(bot, "good framework for NLP transformers?", "and for image classification?")
    assert nlp.frameworks[:1] == ["PyTorch"]
    assert images.answered and images.intent == "recommendation"
    assert images.text.startswith(NOT_COVERED), images.text
    # on its own, too: no use case stands out for one framework
    assert bot.ask("which framework for image classification?").text.startswith(NOT_COVERED)


def test_a_follow_up_in_the_chats_words_stays_in_scope_and_keeps_its_subject(bot: Any) -> None:
    """ "and what if we also need to publish papers from the same code?" is far in meaning from every passage,
    but most of its words are the sources' and it goes on with the chat: no "I don't know". "that one" after
    it is still the framework the chat picked."""
    phd, papers, who = chat(
        bot, "which framework for my PhD?", "and what if we also need to publish papers from the same code?",
        "who is behind that one?",
    )  # fmt: skip
    assert phd.frameworks[:1] == ["PyTorch"]
    assert papers.answered, papers.text
    assert who.answered and "Meta" in who.text.splitlines()[0], who.text


def test_a_request_about_something_else_is_declined_after_any_chat(bot: Any) -> None:
    """ "and tell me a joke about neural networks" asks for a joke: declined after a chat as on its own, while
    "who maintains that one?" (a first word the sources lack, pointing back) is answered."""
    _, joke = chat(bot, "which framework for mobile?", "and tell me a joke about neural networks")
    assert not joke.answered, joke.text
    _, who = chat(bot, "best framework for research?", "who maintains that one?")
    assert who.answered and "developed by Meta" in who.text.splitlines()[0], who.text


def test_a_ranking_asked_after_a_pick_ranks_and_its_winner_is_that_one(bot: Any) -> None:
    """ "and which is easier to debug?" after a research pick ranks the two on debugging (not a new pick for the
    topic its words graze); "who created the winner?" is about the framework that won."""
    pick, debug, who = chat(
        bot, "TensorFlow or PyTorch for a research paper?", "and which is easier to debug?", "who created the winner?"
    )
    assert pick.frameworks[:1] == ["PyTorch"], pick.text  # "paper" is no word of the sources; "research" is
    assert debug.intent == "comparison" and "easier to debug" in debug.text.splitlines()[0], debug.text
    assert "PyTorch" in who.text.splitlines()[0] and "Meta" in who.text.splitlines()[0], who.text


def test_a_short_word_the_sources_lack_does_not_make_a_turn_strange(bot: Any) -> None:
    """ "and later put it in production at scale?": "put" is in no source, but it says nothing of the topic;
    production at scale is covered, so the turn gets that pick."""
    *_, later = chat(bot, "best framework for research?", "and later put it in production at scale?")
    assert later.text.startswith("**TensorFlow** is the sources' pick"), later.text


def test_a_request_is_declined_by_its_subject_only_when_it_is_short_and_names_nothing_known(bot: Any) -> None:
    """ "Tell me a joke about neural networks" asks for a joke: declined. "What happened to Theano?" names a thing
    the sources know, and "my boss wants something google-backed and stable for production, options?" is mostly
    the sources' words: both are answered, whatever their first word."""
    assert not bot.ask("Tell me a joke about neural networks").answered
    theano = bot.ask("What happened to Theano?")
    assert theano.answered and "Theano" in theano.text.splitlines()[0], theano.text
    boss = bot.ask("my boss wants something google-backed and stable for production, options?")
    assert boss.answered and "TensorFlow" in boss.text.splitlines()[0], boss.text


def test_something_like_it_after_a_tool_names_whose_tool_it_is(bot: Any) -> None:
    """ "does pytorch have something like it?" after "What is TensorBoard?": the sources name TensorBoard for
    TensorFlow only, and the answer says so in the sources' spelling (not a PyTorch release-year aside)."""
    _, like = chat(bot, "What is TensorBoard?", "does pytorch have something like it?")
    assert like.text.startswith("The sources name TensorBoard for TensorFlow, not for PyTorch"), like.text
    _, similar = chat(bot, "Tell me about TensorBoard", "does pytorch have something similar?")
    assert similar.text.startswith("The sources name TensorBoard for TensorFlow"), similar.text
    alone = bot.ask("does pytorch have something like tensorboard?")
    assert alone.text.startswith("The sources name TensorBoard for TensorFlow"), alone.text


def test_for_it_points_at_the_chats_purpose_not_at_a_framework(bot: Any) -> None:
    """ "and is pytorch good for it too?" after a mobile pick asks about PyTorch for mobile ("for it" is the
    purpose): PyTorch's current state there leads (PyTorch Mobile → ExecuTorch), not a TensorFlow sentence."""
    _, too = chat(bot, "Which framework should I use for a mobile app?", "and is pytorch good for it too?")
    lead = too.text.splitlines()[0]
    assert "ExecuTorch" in lead and not lead.startswith("TensorFlow"), too.text


def test_a_fit_question_states_the_frameworks_current_state_for_that_use_case(bot: Any) -> None:
    """ "Is PyTorch good for mobile apps?": what the sources say of PyTorch for mobile is the dated update
    (ExecuTorch), before any older article sentence, and then the pick."""
    lead = bot.ask("Is PyTorch good for mobile apps?").text.splitlines()[0]
    assert lead.startswith("About PyTorch for mobile") and "ExecuTorch" in lead and "**TensorFlow**" in lead, lead


def test_a_word_the_sources_use_everywhere_names_no_axis(bot: Any) -> None:
    """ "Which is better for reinforcement learning?" says "learning", as "learning curve" does, but the sources
    use "learn…" everywhere ("deep learning"): no ease-of-use ranking, and no source covers the use case."""
    answer = bot.ask("Which is better for reinforcement learning?")
    assert answer.text.startswith(NOT_COVERED), answer.text
    assert "easier to learn" in bot.ask("which is easier to learn?").text.splitlines()[0]


def test_a_name_said_in_passing_in_a_turn_about_something_else_makes_no_pick(bot: Any) -> None:
    """ "I teach an intro ML class to undergrads, which framework should we use?" says "ML", a word only
    TensorFlow's sentences write, but it is about the class: no TensorFlow pick by ownership of "ML"
    ("which framework has XLA?" still names XLA's owner)."""
    answer = bot.ask("I teach an intro ML class to undergrads, which framework should we use?")
    assert not answer.text.startswith("**TensorFlow**"), answer.text
    assert bot.ask("which framework has XLA?").text.startswith("**TensorFlow**")


def test_a_pick_asked_between_two_that_the_sources_give_to_a_third_says_so(bot: Any) -> None:
    """ "what about for a quick prototype instead?" after "TensorFlow or PyTorch for a production API?" asks the
    same choice for prototyping: the sources' pick is Keras, neither side, and the answer says so first rather
    than rank the two on the axis the word "quick" grazes (speed). A pick between two on a use case whose axis is
    clear keeps its verdict and says whose pick it is too."""
    production = "TensorFlow or PyTorch for a production API serving millions of requests?"
    _, prototype = chat(bot, production, "what about for a quick prototype instead?")
    lead = prototype.text.splitlines()[0]
    assert lead.startswith("The sources' pick for rapid prototyping is **Keras**"), lead
    assert "faster" not in lead and set(prototype.frameworks) == {"TensorFlow", "PyTorch"}
    lead = bot.ask("PyTorch vs TensorFlow for a beginner?").text.splitlines()[0]
    assert lead.startswith("**PyTorch** is easier") and "pick for beginners is **Keras**" in lead, lead


def test_it_beside_another_name_is_the_chats_framework_in_meaning_too(bot: Any) -> None:
    """ "is it still tied to TensorFlow?" after "Tell me about Keras" asks about Keras, with TensorFlow its object:
    the answer is Keras's current state (Keras 3 runs on several backends), not a TensorFlow sentence that happens
    to name Keras."""
    _, tied = chat(bot, "Tell me about Keras", "is it still tied to TensorFlow?")
    assert tied.text.startswith("As of 2023-11-28, Keras 3.0"), tied.text


def test_why_not_another_framework_after_a_pick_says_how_that_one_fits(bot: Any) -> None:
    """ "but why not PyTorch?" after the mobile pick asks how PyTorch fits mobile: what the sources say of it
    there (its current state: PyTorch Mobile's end) first, then the pick; PyTorch is not listed again among the
    alternatives, and every note points at a passage the answer quotes."""
    chat = ["Which framework would you pick for mobile apps?"]
    answer = bot.ask("but why not PyTorch?", history=chat)
    lead = answer.text.splitlines()[0]
    assert lead.startswith("About PyTorch for ") and "ExecuTorch" in lead, answer.text
    assert "**TensorFlow** is the sources' pick" in lead, answer.text
    # where the pick lists PyTorch among its alternatives, the answer about PyTorch does not list it again
    chat = ["I need a framework for mobile devices"]
    assert "- **PyTorch**:" in bot.ask(chat[0]).text
    answer = bot.ask("why not PyTorch?", history=chat)
    assert answer.text.startswith("About PyTorch for ") and "- **PyTorch**:" not in answer.text, answer.text


def test_why_not_after_a_persona_pick_quotes_that_framework_on_the_use_case_asked(bot: Any) -> None:
    """ "why not pytorch?" after a bank engineer's production pick: what the sources say of PyTorch in
    production, not a line about a word of the persona ("The sources name ML for TensorFlow …", from "ml
    engineer") nor PyTorch Mobile's end (mobile is not what was asked)."""
    chat = ["i'm a ml engineer at a bank, we need to deploy models to production servers. which framework?"]
    answer = bot.ask("why not pytorch?", history=chat)
    lead = answer.text.splitlines()[0]
    assert lead.startswith("About PyTorch for production"), answer.text
    assert "production" in lead.split(": ", 1)[1].split("[1]")[0], answer.text
    assert "ExecuTorch" not in lead and "ML" not in lead, answer.text


def test_that_one_after_a_pick_is_the_framework_the_reply_picked(bot: Any) -> None:
    """ "is that one still behind on production stuff?" after a reply that picked PyTorch for a research lab
    is about PyTorch (the pick shown, whatever the label ranking alone would give: it gave Keras's release row),
    answered by what the sources say of PyTorch in production, not its release year, nor the research lines
    the turn before was about."""
    _, _, behind = chat(
        bot, "what framework should we use to serve models on a fleet of backend servers in prod?",
        "what about for a research lab prototyping brand new architectures?",
        "is that one still behind on production stuff?",
    )  # fmt: skip
    lead = behind.text.splitlines()[0]
    assert lead.startswith("PyTorch") and "production" in lead, behind.text
    assert "released" not in behind.text and "Research lab" not in behind.text, behind.text


def test_is_it_hard_after_a_pick_asks_where_the_pick_stands_on_that_trait(bot: Any) -> None:
    """ "is it hard to pick up?" after a pick made from a party ("what about openai" → PyTorch) asks where PyTorch
    stands on ease, in few words: its learning-curve sentence answers, not the adopters' sentence the chat was
    about ("OpenAI" is the turn before's, not this one's); asked of PyTorch by name, the same."""
    *_, hard = chat(
        bot, "what do the big companies actually use? like tesla", "what about openai", "is it hard to pick up?"
    )  # fmt: skip
    assert hard.text.startswith("PyTorch's learning curve"), hard.text
    named = bot.ask("is pytorch hard to pick up?").text.splitlines()[0]
    assert "learn" in named and "Research" not in named, named


def test_which_companies_run_it_asks_its_users_and_and_x_asks_the_same_of_x(bot: Any) -> None:
    """ "which big companies actually run tensorflow in production": companies asked in the plural are its users
    (not a production sentence nearest in meaning); "and pytorch?" asks the same field of PyTorch."""
    first, then = chat(bot, "which big companies actually run tensorflow in production", "and pytorch?")
    assert first.text.startswith("TensorFlow users include"), first.text
    assert then.text.startswith("PyTorch users include"), then.text


def test_the_other_one_followed_by_a_name_is_that_name(bot: Any) -> None:
    """ "what about the other one, pytorch — can it do phones too?" after the iOS pick: "the other one" is PyTorch,
    the name that follows it, and so is "it": PyTorch's current state on phones leads (ExecuTorch), not a
    TensorFlow row."""
    _, other = chat(
        bot, "need a model inside an ios app for real-time pose stuff. framework?",
        "what about the other one, pytorch — can it do phones too?",
    )  # fmt: skip
    lead = other.text.splitlines()[0]
    assert "PyTorch Mobile" in lead and "ExecuTorch" in lead, other.text


def test_a_bare_name_after_when_asks_only_the_time(bot: Any) -> None:
    """ "keras?" after "when did tensorflow come out" asks when Keras came out: its release year, and nothing on
    the language it is programmed in ("is programmed in {value}" is no time field, though "in {value}" ends it)."""
    _, keras = chat(bot, "when did tensorflow come out", "keras?")
    assert keras.text.startswith("Keras was first released in 2015"), keras.text
    assert "programmed in" not in keras.text, keras.text


def test_why_after_a_choice_between_two_gives_a_reason_not_a_verdict_cell(bot: Any) -> None:
    """ "why?" after "… get a demand model into production and keep it running. tf or pytorch?" gives a reason the
    sources state for TensorFlow, not a table's verdict cell restating the pick ("Enterprise Production Systems:
    recommended framework TensorFlow."); "does it have a decent tool for visualizing training?" then asks for a
    tool (TensorBoard), not where TensorFlow stands on ease."""
    _, why, tool = chat(
        bot, "im a data scientist at a retail chain, we need to get a demand model into production and keep it "
        "running. tf or pytorch?", "why?", "does it have a decent tool for visualizing training?",
    )  # fmt: skip
    lead = why.text.splitlines()[0]
    assert lead.startswith("**TensorFlow**") and "recommended framework" not in lead, why.text
    assert "TensorBoard" in tool.text.splitlines()[0], tool.text


def test_what_instead_after_a_fit_asks_for_a_pick_among_the_others(bot: Any) -> None:
    """ "what would you use instead then?" after "is it good for production too?" (about Keras) asks for the
    production pick among the other frameworks, not another sentence about Keras; "any alternatives?" after the
    mobile pick names the other framework the sources place there, in their words for it (PyTorch, whose
    mobile runtime is now ExecuTorch), not "I don't know"."""
    _, _, instead = chat(
        bot, "I'm new to deep learning. Where should I start?", "is it good for production too?",
        "what would you use instead then?",
    )  # fmt: skip
    assert instead.text.startswith("**TensorFlow** is the sources' pick for production"), instead.text
    _, others = chat(bot, "which framework for mobile apps?", "any alternatives?")
    assert others.answered, others.text
    assert others.text.startswith("**PyTorch** is the sources' pick for mobile"), others.text
    assert "ExecuTorch" in others.text.split("\n")[0], others.text


def test_is_it_any_good_at_that_asks_about_the_chats_topic(bot: Any) -> None:
    """ "is pytorch any good at that?" after "what do people use for serving models at scale?" asks how PyTorch
    does at serving ("at" frames the question; it is no topic of its own): the sources name serving for
    TensorFlow only, said once, not PyTorch's research blurb. (Since round 19 the tool is said by its whole name,
    "TensorFlow Serving", where the quoted sentence names it so; it read "name Serving for TensorFlow".)"""
    _, good = chat(bot, "what do people use for serving models at scale?", "is pytorch any good at that?")
    lead = good.text.splitlines()[0]
    assert lead.startswith("The sources name TensorFlow Serving for TensorFlow, not for PyTorch"), good.text


def test_what_about_another_framework_for_the_chats_uncovered_topic(bot: Any) -> None:
    """ "ok what about keras for that?" after "PyTorch vs TensorFlow for computer vision?" (a topic no use case
    of the sources covers) asks the same of Keras: no Keras sentence speaks of it, so the answer says so and
    gives what Keras is best suited for, not the Keras sentence nearest its name ("Extremely user-friendly")."""
    _, keras = chat(bot, "PyTorch vs TensorFlow for computer vision?", "ok what about keras for that?")
    assert keras.text.startswith("The sources don't say how Keras does there."), keras.text
    assert "best suited for" in keras.text, keras.text


def test_a_bare_that_ending_a_turn_points_at_the_chats_framework(bot: Any) -> None:
    """ "who maintains that?" after the research pick asks who maintains PyTorch: no "I don't know" for a word
    the index lacks ("maintains"), while "tell me a joke about that" still declines."""
    _, who = chat(bot, "which framework for research?", "who maintains that?")
    assert who.answered and who.text.startswith("PyTorch is developed by Meta"), who.text
    _, joke = chat(bot, "which framework for research?", "tell me a joke about that")
    assert not joke.answered, joke.text


def test_what_about_another_framework_asks_the_same_field_of_it(bot: Any) -> None:
    """ "what about keras?" after "when was it released?" (of TensorFlow) asks Keras's release year, not the
    outdated claim of a sentence as close to "release" (Keras on CNTK, whose last release was 2.7)."""
    *_, keras = chat(bot, "who developed tensorflow", "when was it released?", "what about keras?")
    assert keras.text.startswith("Keras was first released in 2015"), keras.text


def test_when_did_that_change_asks_the_date_of_the_chats_current_state(bot: Any) -> None:
    """ "when did that change?" after "what backends does keras support" points at what the answer said (Keras 3's
    backends): the dated update answers when, not Keras's release year; "when was it released?" after a pick still
    asks the framework's own release."""
    _, change = chat(bot, "what backends does keras support", "when did that change?")
    assert change.text.startswith("As of 2023-11-28, Keras 3.0"), change.text
    _, released = chat(bot, "Which framework should I use for mobile?", "When was it released?")
    assert released.text.startswith("TensorFlow was first released in 2015"), released.text


def test_an_off_topic_goal_sharing_one_ordinary_word_with_a_use_case_is_declined(bot: Any) -> None:
    """ "what's the best way to learn to bake bread?" grazes "beginners" by its word "learn" alone; its meaning is
    far from every passage and from "which framework?": declined, on its own and after a chat, while a goal in
    words the sources lack that does ask for a framework ("which framework for a hackathon?") is still answered."""
    for question in ("what's the best way to learn to bake bread?", "I want to learn guitar"):
        assert not bot.ask(question).answered, question
    _, bread = chat(bot, "which framework for my PhD?", "what's the best way to learn to bake bread?")
    assert not bread.answered, bread.text
    assert bot.ask("which framework for a hackathon?").answered


def test_a_follow_up_after_an_interjection_switches_the_topic(bot: Any) -> None:
    """ "ok and what about for research papers instead?" opens with a word before its "and": still a follow-up
    that replaces the chat's topic (mobile) with its own, not a stranger's turn judged alone ("I don't know")."""
    mobile, research = chat(
        bot, "Which framework should I use for mobile apps?", "ok and what about for research papers instead?"
    )
    assert mobile.frameworks[:1] == ["TensorFlow"], mobile.text
    assert research.answered and research.frameworks[:1] == ["PyTorch"], research.text
    _, pizza = chat(bot, "Which framework should I use for mobile apps?", "ok, and what's a good pizza topping?")
    assert not pizza.answered, pizza.text


def test_a_question_word_after_a_chatty_opener_still_asks_its_field(bot: Any) -> None:
    """ "ok, who makes it anyway?" asks who develops the chat's framework, as "who makes it?" does: the
    opener before the question word and a filler word after it make it neither a missing fact ("anyway")
    nor a pick."""
    _, who, when = chat(
        bot, "is PyTorch Mobile still a thing?", "ok, who makes it anyway?", "alright, when did it first come out?"
    )
    assert who.text.startswith("PyTorch is developed by Meta"), who.text
    assert "PyTorch" in when.text.splitlines()[0] and "2016" in when.text.splitlines()[0], when.text


def test_a_request_about_companies_the_sources_name_is_not_a_pick(bot: Any) -> None:
    """ "should I put my savings into Nvidia or Google stock?" names adopters the sources list, but asks for no
    framework, in words no source uses: declined, on its own and after a chat. "Which framework does Google
    use?" still gets the framework its facts tie to Google."""
    stock = "should I put my savings into Nvidia or Google stock this year?"
    assert not bot.ask(stock).answered
    _, after = chat(bot, "which framework for mobile apps?", stock)
    assert not after.answered, after.text
    assert bot.ask("Which framework does Google use internally?").frameworks[:1] == ["TensorFlow"]


def test_a_pick_of_another_kind_of_thing_is_declined_whatever_use_case_it_names(bot: Any) -> None:
    """ "which GPU should I buy for training?" or "recommend a good book for learning deep learning" name a use
    case the sources cover, but ask for a GPU or a book, not a framework: declined, also after a chat. A pick
    asked for a library or a stack is ours, and "what language does it use?" in a chat asks a fact of "it"."""
    assert not bot.ask("which GPU should I buy for training neural nets?").answered
    assert not bot.ask("can you recommend a good book for learning deep learning?").answered
    _, laptop = chat(bot, "which framework for research?", "what laptop should I get for that kind of work?")
    assert not laptop.answered, laptop.text
    assert bot.ask("which library should I use for mobile?").frameworks[:1] == ["TensorFlow"]
    _, language = chat(bot, "which framework for a beginners course?", "what programming language does it use?")
    assert language.answered and "Python" in language.text, language.text


def test_a_request_to_write_something_no_source_speaks_of_is_declined(bot: Any) -> None:
    """ "can u write me a cover letter for an ML engineer role at Meta? ive used pytorch …" asks for a text to be
    written, of a kind no source speaks of: declined, whatever frameworks and parties it names (it was "PyTorch
    users include OpenAI, Meta, …"). A summary of a comparison is the sources' to give."""
    letter = "can u write me a cover letter for an ML engineer role at Meta? ive used pytorch for 3 yrs, mostly vision"
    assert not bot.ask(letter).answered
    _, email = chat(bot, "is pytorch good for research?", "draft an email to my boss about switching to it")
    assert not email.answered, email.text
    assert bot.ask("can you write a summary of pytorch vs keras?").answered
    # the user writing something asks nothing to be written: "if we write our whole pipeline in keras …" is ours
    assert bot.ask("if we write our whole pipeline in keras, do we still get distributed training?").answered


def test_a_choice_between_two_things_no_source_names_is_declined(bot: Any) -> None:
    """ "rtx 3090 or a refurbished A6000 for training deep learning models?" sets two things against each other
    that no source names (GPUs), and asks for no framework: declined, not "recommended framework Keras". A choice
    between two devices that asks which framework runs on them is ours."""
    gpus = bot.ask("rtx 3090 or a refurbished A6000 for training deep learning models?")
    assert not gpus.answered, gpus.text
    assert bot.ask("raspberry pi or jetson nano, which framework should I use?").answered


def test_a_what_clause_inside_a_sentence_names_no_other_kind_of_thing(bot: Any) -> None:
    """ "we're a tiny team making image generation models, a bit like what stability ai does. what should we build
    on?": "what stability ai does" is a clause, not "what <thing> should I buy?"; the question asks for a framework
    (it was declined), and the party it names, Stability AI, is one of PyTorch's adopters: the pick goes by it."""
    answer = bot.ask("we're a tiny team making image generation models, a bit like what stability ai does. "
                     "what should we build on?")  # fmt: skip
    assert answer.answered and answer.frameworks[:1] == ["PyTorch"], answer.text
    assert not bot.ask("what GPU should I buy for training?").answered


def test_is_that_still_the_case_asks_the_current_state_of_what_the_chat_said(bot: Any) -> None:
    """ "is that still the case?" after the mobile pick points at what that answer said (TensorFlow through
    TensorFlow Lite): it is in the chat's scope, however little it says itself, and the dated update of those
    sentences leads (TensorFlow Lite is now LiteRT), not "I don't know" nor a release row."""
    _, still = chat(bot, "which framework should I use for a phone app?", "is that still the case?")
    assert still.answered, still.text
    assert still.text.startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), still.text


def test_is_it_still_asks_the_current_state_of_what_the_chat_said(bot: Any) -> None:
    """ "is it still maintained?" after "what is keras?" is a yes/no question about now pointing back, as "is that
    still the case?" is: the dated update closest to what the chat said leads (Keras 3.0, 2023), not Keras's
    release year."""
    _, still = chat(bot, "what is keras?", "is it still maintained?")
    assert still.text.startswith("As of 2023-11-28, Keras 3.0"), still.text


def test_and_for_a_new_use_case_in_strange_words_is_read_by_its_words(bot: Any) -> None:
    """ "and for serving models to millions of users?" after a beginners comparison asks the same for a new use
    case in words no source uses ("millions"): its words read one by one name production, so TensorFlow is the
    pick, rather than a comparison on flexibility that its diluted meaning grazes."""
    _, serving = chat(
        bot, "which is easier to pick up for a total beginner, keras or tensorflow?",
        "and for serving models to millions of users?",
    )  # fmt: skip
    lead = serving.text.splitlines()[0]
    assert lead.startswith("**TensorFlow**") and "flexible" not in lead, serving.text


def test_it_after_a_comparisons_verdict_is_the_project_built_with_the_winner(bot: Any) -> None:
    """ "ok what would we actually serve it with" after "**TensorFlow** is better for deployment and production than
    PyTorch" asks how to serve the project the chat chose TensorFlow for: TensorFlow Serving, not a word of the
    first turn taken as the thing asked ("production stack" gave "The sources name Stack for PyTorch …")."""
    first = (
        "We're a regional bank. The risk team wants a fraud-scoring model that plugs into our existing production "
        "stack, and compliance insists on model monitoring and version control. TensorFlow or PyTorch?"
    )
    verdict, serve = chat(bot, first, "ok what would we actually serve it with")
    assert verdict.text.startswith("**TensorFlow**"), verdict.text
    lead = serve.text.splitlines()[0]
    assert "TensorFlow Serving" in lead and "Stack" not in lead, serve.text


def test_something_like_another_frameworks_tool_is_the_counterpart_the_facts_give(bot: Any) -> None:
    """ "does pytorch have something like it?" after "what is tensorflow lite?": the facts give each framework's
    tool per place to run, and PyTorch's for mobile is PyTorch Mobile, now replaced by ExecuTorch, which leads (it
    was TensorFlow Lite's rename to LiteRT again). A tool with no counterpart says whose it is."""
    _, like = chat(bot, "what is tensorflow lite?", "does pytorch have something like it?")
    assert like.text.startswith("As of 2024-11-04, PyTorch Mobile is no longer actively supported"), like.text
    assert "PyTorch Mobile as PyTorch's tool for mobile, as TensorFlow Lite (now LiteRT" in like.text, like.text
    js = bot.ask("does pytorch have something like tensorflow.js?").text
    assert js.startswith("The sources name TensorFlow.js for TensorFlow, not for PyTorch"), js


def test_why_gives_a_reason_in_the_users_own_words_first(bot: Any) -> None:
    """ "why?" after "… computer vision research with lots of custom layers, which framework?" (PyTorch, for
    research): a reason that says what the user said beyond the use case ("Great for custom layers and losses.")
    leads, not a sentence on PyTorch's adoption by companies."""
    grad = "i'm a grad student doing computer vision research with lots of custom layers, which framework?"
    _, why = chat(bot, grad, "why?")
    lead = why.text.splitlines()[0]
    assert lead.startswith("Why **PyTorch**") and "custom layers" in lead, why.text


@pytest.mark.parametrize(
    "first",
    ["what's the best framework if i want my model to run inside an android app?", "which framework for the browser?"],
)
def test_a_framework_with_no_place_to_run_of_its_own_answers_by_its_deployment(bot: Any, first: str) -> None:
    """ "and keras?" after a pick for a place to run (an Android app, the browser): the facts give Keras no
    deployment target of its own, so what they say of its deployment leads ("Keras relies on TensorFlow tools for
    deployment."), not a verdict cell on another use case ("Keras: Fast prototyping."), a word of the chat's
    ("The sources name Android for TensorFlow …") or Keras 3's backends."""
    _, keras = chat(bot, first, "and keras?")
    assert keras.text.startswith("Keras relies on TensorFlow tools for deployment"), keras.text


def test_what_about_a_framework_after_a_ranking_ranks_it_on_that_axis(bot: Any) -> None:
    """ "what about keras?" after "pytorch or tensorflow — which one is easier to learn?" asks where Keras stands
    on ease of learning: "**Keras** is easier to learn and use than PyTorch and TensorFlow", not a Keras sentence
    its name happened to be near ("Keras: But it's not just for beginners.")."""
    _, keras = chat(bot, "pytorch or tensorflow — which one is easier to learn?", "what about keras?")
    assert keras.text.startswith("**Keras** is easier to learn and use than PyTorch and TensorFlow"), keras.text


def test_is_that_possible_with_another_framework_asks_the_chats_use_case_of_it(bot: Any) -> None:
    """ "and with pytorch, is that possible?" after the pick for the browser: "that" is what the chat wanted, so
    the answer says the browser is TensorFlow's deployment target, not PyTorch's (it was "The sources don't mention
    "possible" for PyTorch …", then PyTorch's open-sourcing year)."""
    first = "i want my model to run right in the browser for a web app, which one should i use?"
    _, pytorch = chat(bot, first, "and with pytorch, is that possible?")
    assert pytorch.text.startswith("The sources list browser among TensorFlow's deployment targets, not PyTorch's")


def test_why_after_a_ranking_explains_its_winner(bot: Any) -> None:
    """ "why?" after "**PyTorch** is more flexible than TensorFlow and Keras" (a pick asked, answered on the axis
    the need leans on) explains PyTorch, the winner, not a framework the chat's words happen to rank first (it was
    "**Keras**, going by the sources: … Less customizable")."""
    first = "my lab keeps trying out wacky new model ideas every week. which framework should we standardize on?"
    ranking, why = chat(bot, first, "why?")
    assert ranking.text.startswith("**PyTorch** is more flexible"), ranking.text
    assert why.text.startswith("**PyTorch**"), why.text


def test_the_trait_a_which_question_ranks_on_is_no_unknown_framework(bot: Any) -> None:
    """ "keras or pytorch — which is gentler for someone who has never trained a neural net?": "gentler" is the trait
    the question ranks them on, a word the sources lack, not a framework they know nothing of (it was "I don't know:
    my sources say nothing about gentler"). "which is better, caffe or keras?" still names one."""
    answer = bot.ask("keras or pytorch — which is gentler for someone who has never trained a neural net?")
    assert answer.answered and "gentler" not in answer.text, answer.text
    assert not bot.ask("which is better, caffe or keras?").answered


def test_an_off_topic_request_grazing_a_use_case_is_declined_after_a_chat(bot: Any) -> None:
    """ "ok thanks, any tips for learning to juggle?" after a research pick: its "learning" grazes the beginners use
    case, but it asks for no framework, in a word no source uses: declined (it got "**Keras** is the sources' pick for
    beginners"). "which would you pick for my 12 yo nephew's science fair project?" asks for one: in scope."""
    _, juggle = chat(bot, "which framework for research?", "ok thanks, any tips for learning to juggle?")
    assert not juggle.answered, juggle.text
    assert not bot.ask("any tips for learning to juggle?").answered
    assert bot.ask("which would you pick for my 12 yo nephew's science fair project?").answered


def test_and_for_a_new_place_to_run_it_after_a_pick_asks_anew(bot: Any) -> None:
    """ "and for running it in the browser instead?" after the phones pick: "it" is the user's model and the browser
    the new topic, so TensorFlow through TensorFlow.js (it was "through TensorFlow Lite": the phones, the turn
    before's things, were mixed into its meaning)."""
    first = "need to get a model running on phones, ios and android. which framework?"
    _, browser = chat(bot, first, "and for running it in the browser instead?")
    lead = browser.text.splitlines()[0]
    assert lead.startswith("**TensorFlow**") and "TensorFlow.js" in lead and "Lite" not in lead, browser.text


def test_a_yes_or_no_relating_the_chats_framework_to_a_named_one_gets_its_current_state(bot: Any) -> None:
    """ "would that let me put it on top of pytorch instead?" after a Keras question asks how Keras relates to
    PyTorch: Keras 3 (runs on JAX, TensorFlow or PyTorch) answers, not "the sources don't mention" a word of it."""
    answer = bot.ask("would that let me put it on top of pytorch instead?", history=["what is keras good for?"])
    assert answer.text.startswith("As of 2023-11-28, Keras 3.0"), answer.text


def test_a_phrase_pointing_back_keeps_the_chats_axis(bot: Any) -> None:
    """ "and keras in that department?" after an ease comparison: "in that department" points back at ease, it names
    no topic of its own; Keras is set against the others on ease (not its best-for sentence, not "not covered")."""
    answer = bot.ask("and keras in that department?", history=["tensorflow or pytorch, which is easier to learn?"])
    assert answer.text.startswith("**Keras** is easier to learn"), answer.text


def test_an_or_that_offers_another_answer_sets_no_sides(bot: Any) -> None:
    """ "is keras just a chunk of tensorflow at this point, or is it a separate project?": the "or" offers another
    answer to a yes or no and names no framework, so nothing is compared; what Keras is now answers."""
    answer = bot.ask("is keras just a chunk of tensorflow at this point, or is it a separate project?")
    assert answer.intent != "comparison" and "Keras 3.0" in answer.text.splitlines()[0], answer.text


@pytest.mark.parametrize(
    ("question", "before", "lead"),
    [
        ("same question for tensorflow", "when was keras first released?", "TensorFlow was first released in 2015"),
        ("same question about keras then", "what language is pytorch written in?", "Keras is programmed in Python"),
    ],
)
def test_same_question_for_another_framework_asks_the_chats_question_of_it(
    bot: Any, question: str, before: str, lead: str
) -> None:
    """ "same question for X" says nothing of its own but X: "question" frames it, like "what about X?", and the
    chat's question is asked of X (not "the sources don't mention 'question'")."""
    assert bot.ask(question, history=[before]).text.startswith(lead)


def test_a_tool_named_in_a_follow_up_is_what_it_asks_about(bot: Any) -> None:
    """ "tfx - what's that for?" after a long question about moving off TensorFlow: the name finder reads TFX as
    TensorFlow, but the turn names a tool the sources know, so it neither takes the chat's words as a bare follow-up
    nor its production use case: TFX's sentence leads."""
    before = (
        "Background: small insurer, all on google cloud, a couple of tensorflow models in prod. "
        "the new CTO wants pytorch everywhere. good idea?"
    )
    lead = bot.ask("tfx - what's that for?", history=[before]).text.splitlines()[0]
    assert lead.startswith("TensorFlow Extended (TFX) is TensorFlow's tool for end-to-end ML pipelines"), lead
    before = "we've run tensorflow models in production at our bank for years. should we move everything to pytorch?"
    lead = bot.ask("whats tfx for", history=[before]).text.splitlines()[0]
    assert lead.startswith("TensorFlow Extended (TFX) is TensorFlow's tool for end-to-end ML pipelines"), lead


def test_a_this_before_a_word_no_source_uses_does_not_carry_an_off_topic_turn_into_the_chat(bot: Any) -> None:
    """ "how's the weather looking in berlin this weekend?" after a production chat: "this weekend" points at the
    weekend, not back at the chat's framework, so the turn is judged on its own words and declined (it got
    "TensorFlow is programmed in Python and C++"). "who maintains that one?" still points back."""
    before = ["we're about to put a model into production on our servers. tensorflow or pytorch?", "who develops it?"]
    weather = chat(bot, *before, "how's the weather looking in berlin this weekend?")[-1]
    assert not weather.answered, weather.text
    pointing = chat(bot, *before, "who maintains that one?")[-1]
    assert pointing.answered, pointing.text


def test_what_about_one_side_after_a_ranking_leads_with_that_side_on_the_axis(bot: Any) -> None:
    """ "what about pytorch, how does it compare there?" after TensorFlow won the deployment ranking asks about
    PyTorch: its own line on deployment leads, then the verdict it is set against (it repeated the ranking word for
    word, TensorFlow first)."""
    first = "Which of the three has the widest range of deployment targets? We need server, mobile and in-browser."
    ranking = chat(bot, first)[-1]
    assert ranking.text.startswith("**TensorFlow** is better for deployment"), ranking.text
    follow = chat(bot, first, "what about pytorch, how does it compare there?")[-1]
    lead = follow.text.splitlines()[0]
    assert lead.startswith("On deployment") and "**PyTorch**" in lead and "TorchScript" in lead, follow.text
    assert "**TensorFlow** is better for deployment" in follow.text, follow.text
    # (the other sides' lines, said in the ranking, are not said again)
    assert "- **Keras**:" not in follow.text and "- **TensorFlow**:" not in follow.text, follow.text


def test_the_first_one_and_the_latter_point_at_the_chats_frameworks_by_place(bot: Any) -> None:
    """ "who's actually behind the first one?" after a ranking of the three asks who develops the first the chat
    named (it was declined: "behind" and "first" name nothing); "the second one" and "the former" count the same
    way."""
    first = "Which of the three has the widest range of deployment targets? We need server, mobile and in-browser."
    behind = chat(bot, first, "what about pytorch, how does it compare?", "ok. who's actually behind the first one?")
    assert behind[-1].text.startswith("TensorFlow is developed by Google"), behind[-1].text
    second = chat(bot, "keras vs pytorch for a beginner?", "who makes the second one?")[-1]
    assert second.text.startswith("PyTorch is developed by Meta"), second.text
    former = chat(bot, "keras vs pytorch for a beginner?", "who makes the second one?", "and the former?")[-1]
    assert former.text.startswith("Keras is developed by"), former.text


def test_a_pronoun_after_a_name_and_a_dash_is_that_name(bot: Any) -> None:
    """ "and keras - can it do distributed training too?" after a chat about TensorFlow asks about Keras: a name
    set off by a dash (or a comma or colon) before "it" is what "it" is, not the chat's framework (it repeated the
    TensorFlow answer word for word)."""
    turns = ["Our data platform is a big Apache Spark cluster. Which framework integrates best with that?",
             "does it also handle distributed training over lots of gpus?"]  # fmt: skip
    for follow in ("and keras - can it do distributed training too?", "and keras: can it do distributed training?"):
        answer = chat(bot, *turns, follow)[-1]
        assert answer.frameworks == ["Keras"] and "Keras" in answer.text.splitlines()[0], answer.text


def test_when_after_a_chatty_opener_and_a_comma_asks_a_time_and_and_x_asks_it_again(bot: Any) -> None:
    """ "quick q, when did tensorflow first come out": "when" opening the clause after the comma asks a time, so
    "and pytorch?" and "and keras" ask the same of those (it got the browser deployment targets: "come out" had been
    read as a use case)."""
    first, pytorch, keras = chat(bot, "quick q, when did tensorflow first come out", "and pytorch?", "and keras")
    assert first.text.startswith("TensorFlow was first released in 2015"), first.text
    assert "released" in pytorch.text.splitlines()[0] and "browser" not in pytorch.text, pytorch.text
    assert keras.text.startswith("Keras was first released in 2015"), keras.text


def test_it_after_a_reply_about_one_framework_is_that_framework(bot: Any) -> None:
    """ "and who's behind it" after a turn about no framework whose reply was about one ("PyTorch: Production
    deployment less mature.") asks who develops that one (it was declined: the chat had named no framework)."""
    turns = chat(
        bot,
        "i want to build a thing that classifies customer reviews by sentiment, text stuff basically. which framework "
        "would u use",
        "is it hard to get that into production tho?",
        "and who's behind it",
    )
    named = bot.matcher.find(turns[1].text.splitlines()[0])
    assert len(named) == 1, turns[1].text
    assert turns[2].answered and turns[2].text.startswith(f"{named[0]} is developed by"), turns[2].text
    # (not after a turn about a thing: "its own version of that" is the thing's counterpart, TensorBoard's)
    version = chat(bot, "whats tensorboard exactly", "does pytorch have its own version of that?")[-1]
    assert version.text.startswith("The sources name TensorBoard for TensorFlow, not for PyTorch"), version.text


def test_which_of_the_three_after_a_comma_asks_a_pick_for_the_use_case_before_it(bot: Any) -> None:
    """ "ok so for a solo dev throwing together an MVP in a few weeks, which of the three?" asks a pick for MVPs:
    "which of" after a comma selects one, as "which framework" does (it was read as an overview of the three, and
    answered with TensorFlow's community)."""
    turns = chat(bot, "what's pytorch mainly good at?", "and tensorflow?",
                 "ok so for a solo dev throwing together an MVP in a few weeks, which of the three?")  # fmt: skip
    assert turns[-1].text.startswith("**Keras** is the sources' pick for MVPs"), turns[-1].text


def test_its_after_a_name_in_the_same_clause_is_that_names(bot: Any) -> None:
    """ "does keras have its own deployment tools?" after a chat about TensorFlow Serving: "its" is Keras's, so the
    turn asks of Keras alone. It was read as "it" pointing at the chat's TensorFlow, and answered "TensorFlow is better
    for deployment and production than Keras", a ranking nobody asked for."""
    _, own = chat(
        bot,
        "We need to serve a model through a REST API. TF Serving or TorchScript?",
        "does keras have its own deployment tools?",
    )
    assert own.frameworks == ["Keras"], own.text
    assert not own.text.startswith("**TensorFlow**"), own.text


def test_older_or_newer_than_those_two_gives_each_ones_release(bot: Any) -> None:
    """ "so is keras older or newer than those two?" after TensorFlow's and PyTorch's release: "those" points at the
    chat's frameworks, and an either/or about their order is no yes or no; each one's release year answers it. It was
    "Keras was first released in 2015." alone."""
    *_, order = chat(bot, "when did tensorflow come out?", "and pytorch?", "so is keras older or newer than those two?")
    lead = order.text.splitlines()[0]
    assert all(f"{name} was first released in" in lead for name in ("Keras", "TensorFlow", "PyTorch")), order.text
    # … and the one asked about is set against the others by those years first
    assert lead.startswith("Keras came out in 2015, the same year as TensorFlow and before PyTorch:"), order.text


def test_use_a_named_thing_instead_asks_about_that_thing_not_the_other_frameworks(bot: Any) -> None:
    """ "what about JAX, should I just use that instead?" after a pick asks about JAX, which the sources name only in
    dated updates: the answer quotes one. It was "The sources' pick for … is **PyTorch**, neither of these. What they
    say of TensorFlow and Keras", the pick among the other frameworks that "instead" alone asks for."""
    _, jax = chat(
        bot,
        "i'm doing speech recognition for a low-resource language (audio models). which framework would you go with?",
        "what about JAX, should I just use that instead?",
    )
    assert "JAX" in jax.text.splitlines()[0] and "neither of these" not in jax.text, jax.text


def test_a_tool_named_after_its_framework_keeps_its_whole_name_when_said_to_be_anothers(bot: Any) -> None:
    """ "does pytorch have something like that?" after "what is tensorflow serving used for?": the sources name
    TensorFlow Serving for TensorFlow only, said by its whole name; it read "The sources name Serving for
    TensorFlow"."""
    _, like = chat(bot, "what is tensorflow serving used for?", "does pytorch have something like that?")
    assert like.text.startswith("The sources name TensorFlow Serving for TensorFlow, not for PyTorch"), like.text


def test_a_word_or_two_after_a_question_about_a_thing_asks_it_of_that_word(bot: Any) -> None:
    """ "and google?" after "which framework does openai use?" asks which framework Google uses (TensorFlow), not
    OpenAI's again; "tesla?" then asks it of Tesla, whom the sources name for two. "and pizza?" (a word no source
    uses) is still declined."""
    openai, google, tesla = chat(bot, "which framework does openai use?", "and google?", "tesla?")
    assert openai.frameworks[:1] == ["PyTorch"], openai.text
    assert google.frameworks[:1] == ["TensorFlow"] and "Google" in google.text.splitlines()[0], google.text
    assert tesla.answered and {"TensorFlow", "PyTorch"} <= set(tesla.frameworks), tesla.text
    assert "Tesla" in tesla.text.splitlines()[0], tesla.text
    _, pizza = chat(bot, "which framework does openai use?", "and pizza?")
    assert not pizza.answered, pizza.text


def test_a_question_word_and_a_field_asks_it_of_the_chats_framework(bot: Any) -> None:
    """ "what year?" after "who created it?" (Keras) asks when Keras came out, not when PyTorch did."""
    _, _, year = chat(bot, "is keras dead? someone said it's not updated anymore", "who created it?", "what year?")
    assert year.frameworks == ["Keras"] and "2015" in year.text.splitlines()[0], year.text


def test_a_when_clause_of_the_users_own_asks_no_time(bot: Any) -> None:
    """ "and when we need to scale it to production?" asks for the production pick: its "when" opens a clause of the
    user's plans, not a question about a release date (it got "Keras was first released in 2015")."""
    *_, scale = chat(
        bot, "NLP startup here, we fine-tune text classification models constantly. PyTorch or TensorFlow?",
        "and keras?", "and when we need to scale it to production?",
    )  # fmt: skip
    assert scale.frameworks[:1] == ["TensorFlow"] and "production" in scale.text.splitlines()[0], scale.text
    assert "released" not in scale.text, scale.text
    # (asked as no yes or no about Keras: the pick leads, not "Keras is not the sources' pick for …")
    assert scale.text.startswith("**TensorFlow**"), scale.text


def test_a_field_asked_after_a_pick_is_asked_of_the_pick(bot: Any) -> None:
    """ "whats the learning curve gonna be like for them" after the PyTorch pick for a NumPy team asks PyTorch's
    learning curve ("them" is the team), not a new pick for education that "learning" grazes."""
    _, curve = chat(
        bot, "Our data science team knows numpy inside out but nobody has done deep learning. They'll be writing "
        "custom loss functions for a churn model. Which framework would you advise?",
        "whats the learning curve gonna be like for them",
    )  # fmt: skip
    assert curve.text.startswith("PyTorch's learning curve"), curve.text


def test_the_chats_thing_is_named_where_the_sources_say_nothing_of_it_for_another_framework(bot: Any) -> None:
    """ "and pytorch?" after "can keras use TPUs?": no PyTorch sentence speaks of TPUs; the lead says so naming them
    ("how PyTorch does with TPUs"), where it said "how PyTorch does there"."""
    _, pytorch = chat(bot, "can keras use TPUs?", "and pytorch?")
    assert pytorch.text.startswith("The sources don't say how PyTorch does with TPUs."), pytorch.text


def test_what_makes_it_so_after_a_fact_gives_a_cause_not_the_fact_again(bot: Any) -> None:
    """ "how hard is tensorflow to pick up?" then "what makes it so hard?": the reply's reason is asked for. The lead
    gives a sentence with a cause ("… steep due to …"), not the learning-curve sentence the chat already got; a
    plain "why?" does the same."""
    fact, cause = chat(bot, "how hard is tensorflow to pick up?", "what makes it so hard?")
    said = first_line(fact.text)
    lead = first_line(cause.text)
    assert "TensorFlow" in lead and re.search(r"\bdue to\b|\bbecause\b", lead), lead
    assert said.split(" [")[0] not in lead, (said, lead)
    _, why = chat(bot, "How steep is the learning curve of TensorFlow?", "why?")
    assert re.search(r"\bdue to\b|\bbecause\b", first_line(why.text)) and "don't mention" not in why.text, why.text


def test_compare_with_one_name_in_a_chat_sets_it_against_the_chats_framework(bot: Any) -> None:
    """ "how does pytorch compare on deployment?" after a question about TensorFlow's serving tools names one
    framework: it is set against TensorFlow on deployment (a verdict naming both), not PyTorch's targets alone.
    "compare it with keras on that" after TensorFlow's learning curve and what makes it steep ranks the two on
    ease of learning, the chat's axis."""
    serving = "which tools does tensorflow offer for serving models?"
    _, versus = chat(bot, serving, "how does pytorch compare on deploying?")
    lead = first_line(versus.text)
    assert "TensorFlow" in lead and "PyTorch" in lead and " than " in lead, lead
    *_, axis = chat(bot, "is tensorflow hard to learn?", "what makes it hard?", "compare it with keras on that")
    lead = first_line(axis.text)
    assert lead.startswith("**Keras** is easier to learn") and "TensorFlow" in lead, lead


def test_asking_where_the_chats_framework_falls_short_is_answered_not_declined(bot: Any) -> None:
    """ "and where does it fall short?" after a question about Keras asks Keras's weak points: its few words sit
    far from every passage, but "it" is the chat's framework and "fall short" asks its cons. It was "I don't know";
    an off-topic turn with the same words ("where does my cat fall short?") is still declined."""
    _, short = chat(bot, "what's keras mainly used for?", "and where does it fall short?")
    assert short.answered and "Keras" in first_line(short.text) and "cons" in first_line(short.text), short.text
    _, cat = chat(bot, "what's keras mainly used for?", "ok. where does my cat fall short?")
    assert not cat.answered, cat.text


def test_and_a_name_then_a_remark_asks_the_chats_question_of_that_name(bot: Any) -> None:
    """ "and google? i bet it is their own one" after "which framework do openai and hugging face use": the asking
    part is "and google?", a follow-up naming a party; the remark after it (its "it" too) does not make it a question
    of its own (it gave PyTorch's developer)."""
    first = "which framework do openai and hugging face use"
    _, google = chat(bot, first, "and google? i bet it is their own one")
    lead = first_line(google.text)
    assert "TensorFlow" in lead and "Google" in lead and "PyTorch" not in lead, google.text


def test_is_that_like_another_tool_gives_what_the_sources_say_of_each(bot: Any) -> None:
    """ "is that like XLA in tensorflow?" after "what does torch.compile do?": the sources set neither tool against
    the other. The lead says so, then what they say of each ("torch.compile() is PyTorch's tool for just-in-time
    compilation", "XLA … is TensorFlow's tool for optimizing computations"); it gave XLA's line alone. A tool no
    source names ("is that like matplotlib?" after TensorBoard) is said to be unmentioned, beside what they say of the
    chat's."""
    _, like = chat(bot, "so what does torch.compile do exactly?", "is that like XLA in tensorflow?")
    lines = like.text.splitlines()
    assert lines[0].startswith("The sources don't set torch.compile() against XLA"), like.text
    assert any("torch.compile() is PyTorch's tool" in line for line in lines), like.text
    assert any(line.startswith("- XLA (Accelerated Linear Algebra) is TensorFlow's tool") for line in lines), like.text
    _, other = chat(bot, "what is tensorboard used for?", "is that like matplotlib?")
    lead = first_line(other.text)
    assert lead.startswith("The sources don't mention matplotlib") and "TensorBoard" in lead, other.text


def test_who_uses_it_asks_the_adopters_of_the_chats_framework(bot: Any) -> None:
    """ "ok and who uses it at big companies?" after the research pick: "who" does the using and "it" is PyTorch, the
    chat's framework; the turn asks PyTorch's adopters, not a new pick for enterprises (it gave TensorFlow's)."""
    _, users = chat(bot, "which framework is best for research?", "ok and who uses it at big companies?")
    lead = first_line(users.text)
    assert lead.startswith("PyTorch users include"), users.text
