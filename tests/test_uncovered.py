"""What the sources don't cover, said as such: a fact asked in words no source uses, a pick for a use case
they never mention (on its own or as a new topic in a chat), and a code name read as one name.

Written against ``Assistant.ask`` with the real model; each was checked to fail with its mechanism undone.
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


def test_a_fact_the_sources_never_state_is_said_to_be_missing(bot: Any) -> None:
    """ "What is the license of Keras?": no source says; the nearest sentence (its release year) answers
    something else, so the lead says they don't mention it before quoting what comes closest."""
    lead = first_line(bot.ask("What is the license of Keras?").text)
    assert lead.startswith('The sources don\'t mention "license" for Keras.'), lead
    lead = first_line(bot.ask("tell me about pytorch lightning").text)
    assert lead.startswith('The sources don\'t mention "pytorch lightning".'), lead
    # a word the sources lack in a question whose topic they do cover is answered as before
    assert first_line(bot.ask("Does TensorFlow Lite still exist?").text).startswith("As of 2024-09-04")
    assert first_line(bot.ask("What are the downsides of Keras?").text).startswith("Keras's cons")
    assert "developed by Meta" in first_line(bot.ask("Who maintains PyTorch these days?").text)


def test_a_pick_for_a_use_case_no_source_covers_is_not_an_overview(bot: Any) -> None:
    """ "Which framework is better for time series forecasting?" asks a pick the sources don't make; it is not
    the overview of all three that "how do the three frameworks compare?" gets."""
    answer = bot.ask("Which framework is better for time series forecasting?")
    assert answer.text.startswith(NOT_COVERED), answer.text
    overview = bot.ask("how do the three frameworks compare?")
    assert overview.intent == "comparison" and overview.text.startswith("In short:")


def test_a_topic_no_source_covers_replaces_the_chats_use_case(bot: Any) -> None:
    """After an Android question, "Is PyTorch good for time series forecasting?" is about time series, not
    about PyTorch on phones: the chat's use case is not carried into a turn with a topic of its own."""
    _, series = chat(bot, "How do I deploy a PyTorch model to Android?", "Is PyTorch good for time series forecasting?")
    lead = first_line(series.text)
    assert lead.startswith("The sources don't say whether PyTorch suits that use case"), lead
    assert "ExecuTorch" not in lead and "Mobile" not in lead


def test_a_dotted_code_name_is_one_name(bot: Any) -> None:
    """ "What is torch.compile?" is about torch.compile, not about "Torch" ("PyTorch is … based on Torch"), and
    what it does leads, not the list of every PyTorch tool: since round 19 its own item of that list, said as a
    sentence ("torch.compile() is PyTorch's tool for just-in-time compilation"), as for XLA."""
    lead = first_line(bot.ask("What is torch.compile?").text)
    assert lead.startswith("torch.compile()") and "just-in-time" in lead and "TorchScript" not in lead, lead


def test_an_uncovered_pick_names_the_use_case_in_the_questions_words(bot: Any) -> None:
    """ "The sources don't say which framework suits <use case>": the words after the question's last "for"
    (a few, typos corrected), not "that use case"; "… for that" (the chat's use case) is no name for it, and a
    phrase never runs across a full stop."""
    lead = bot.ask("which framework is best for reinforcement learning on real robots").text.splitlines()[0]
    assert lead.startswith('The sources don\'t say which framework suits "reinforcement learning on real robots"'), lead
    lead = bot.ask("i want to run a model on a raspberry pi, whats the best framework for that").text.splitlines()[0]
    assert '"that"' not in lead, lead


def test_a_pick_asked_in_words_no_source_uses_is_in_scope(bot: Any) -> None:
    """ "got a 24h hackathon this weekend, which framework lol" asks which framework to use ("which framework"),
    for an occasion no source names: the sources don't say, and what comes closest, not "I don't know"."""
    answer = bot.ask("got a 24h hackathon this weekend, which framework lol")
    assert answer.answered and answer.text.startswith(NOT_COVERED), answer.text
    assert not bot.ask("what's the best pasta recipe?").answered  # no framework asked: still declined


def test_a_fact_asked_in_a_word_far_from_all_they_say_is_missing_even_in_a_chat(bot: Any) -> None:
    """ "What license does PyTorch use?" as a whole grazes "open-sourced on GitHub in 2017", but "license" on its
    own is far from all the sources say of PyTorch: they don't mention it (it was "developed by Meta", a fact
    about something else). So in a chat: "what license is it under?" after a PyTorch Mobile turn (it was
    "PyTorch is programmed in Python"). What became of a tool ("what replaced PyTorch Mobile?") is still answered."""
    lead = first_line(bot.ask("What license does PyTorch use?").text)
    assert lead.startswith('The sources don\'t mention "license" for PyTorch.'), lead
    replaced, licence = chat(bot, "what replaced PyTorch Mobile?", "what license is it under?")
    assert first_line(replaced.text).startswith("As of 2024-11-04"), replaced.text
    assert first_line(licence.text).startswith('The sources don\'t mention "license" for PyTorch.'), licence.text
    assert first_line(bot.ask("any downsides to pytorch?").text).startswith("PyTorch's cons"), "a word near its cons"


def test_the_thing_asked_after_what_decides_however_long_the_rest(bot: Any) -> None:
    """ "what licence does keras have, we are building a commercial app": the thing asked ("licence", right after
    "what") is far from all the sources say of Keras, however many other words the turn has: they don't mention
    it, and the lead names only that thing (it was a list of Keras's users). "what languages does tensorflow
    support, asking for my startup" still gets its languages."""
    lead = first_line(bot.ask("what licence does keras have, we are building a commercial app").text)
    assert lead.startswith('The sources don\'t mention "licence" for Keras.'), lead
    languages = first_line(bot.ask("what languages does tensorflow support, asking for my startup").text)
    assert "Python" in languages and "mention" not in languages, languages


def test_a_fact_no_source_states_asked_of_several_frameworks_is_said_to_be_missing_for_each(bot: Any) -> None:
    """ "… what licence pytorch and tensorflow are released under …": "what licence" asks a thing no source states,
    of both frameworks, wherever the "what" stands and whatever else the question names ("apache?"); it was answered
    with who develops each. A yes/no beside it is answered by the closest sentence that says its words ("open
    source")."""
    question = (
        "our legal team wants to know what licence pytorch and tensorflow are released under before we bundle them "
        "in a commercial product. apache? mit? bsd?"
    )
    a = bot.ask(question)
    assert first_line(a.text).startswith('The sources don\'t mention "licence" for PyTorch or TensorFlow.'), a.text
    assert "developed by" not in a.text, a.text
    yes_no = "before i get legal involved - is tensorflow actually open source, and under what licence?"
    lead = first_line(bot.ask(yes_no).text)
    assert lead.startswith('The sources don\'t mention "licence" for TensorFlow.') and "open-source" in lead, lead


def test_what_should_someone_use_asks_for_a_framework(bot: Any) -> None:
    """ "what should a data scientist at a bank use to put models into production?" asks what to use, though its
    first words ("data scientist") are no thing the sources know: in scope (it was "I don't know"), while
    "what should my grandma use to bake bread?" is still declined. So does "what should she start with?"."""
    assert bot.ask("what should a data scientist at a bank use to put models into production?").answered
    assert not bot.ask("what should my grandma use to bake bread?").answered
    # "what should she start with?" asks for one as "what should I start with?" does, whoever "she" is
    assert bot.ask("my daughter wants to learn AI, what should she start with?").answered


def test_a_covered_use_case_in_strange_words_is_picked_on_that_use_case(bot: Any) -> None:
    """ "doing a doctorate, always hacking on odd new ideas" uses words no source does, but its "doctorate" is
    the articles' research: the pick is judged on that use case, with its verdicts cited, not "not covered"
    because the question's own meaning sits far from every verdict."""
    answer = bot.ask("doing a phd and hacking on odd new attention tricks all day, which framework hurts least?")
    lead = first_line(answer.text)
    assert lead.startswith("**PyTorch** is the sources' pick for research"), lead
    assert "[1]" in lead.split(":")[0], lead  # the verdicts that name the use case are cited in the pick itself


def test_a_word_that_names_a_covered_use_case_on_its_own_decides_a_strange_turn(bot: Any) -> None:
    """ "I teach an evening course, which framework should my pupils use?": no source says "pupils" or "evening",
    and they dilute the turn's meaning, but "teach" alone means the articles' "education". A bank putting
    models into production is the production pick."""
    course = bot.ask("I teach an evening course on neural nets, which framework should my pupils use?")
    assert first_line(course.text).startswith("**Keras** is the sources' pick for education"), course.text
    bank = bot.ask("what should a data scientist at a bank use to put models into production?")
    assert first_line(bank.text).startswith("**TensorFlow** is the sources' pick for"), bank.text
    assert "production" in first_line(bank.text)


def test_what_should_we_verb_asks_for_a_framework_in_its_own_words(bot: Any) -> None:
    """ "we're data engineers on Spark … what should we standardise on?" names no thing it wants (no noun after
    "what"), so it asks what the advisor recommends: TensorFlow with its Spark sentence, not "I don't know"
    because "engineers" and "standardise" are words no source uses. The lead is a sentence that reads on its
    own, not one opening "This level of infrastructure …". "What should I cook tonight?" is still declined."""
    answer = bot.ask(
        "we're data engineers already on Spark; we retrain models nightly, serve them and watch them in prod. "
        "what should we standardise on?"
    )
    assert answer.answered and answer.frameworks[:1] == ["TensorFlow"], answer.text
    lead = first_line(answer.text)
    assert not lead.split(": ", 1)[1].startswith(("TensorFlow: This", "This")), lead
    assert not bot.ask("what should I cook tonight?").answered


def test_a_pick_from_sentences_leads_with_one_that_reads_on_its_own(bot: Any) -> None:
    """A pick made from sentences alone leads with the first of them that does not open by pointing back
    ("This level of infrastructure makes it particularly attractive …" needs the sentence before it)."""
    answer = bot.ask(
        "My team is mostly data engineers, we already run Spark, and we need to retrain models on a schedule, "
        "serve them and monitor them in prod. What do we standardise on?"
    )
    lead = first_line(answer.text)
    assert lead.startswith("**TensorFlow**, going by the sources: "), lead
    quoted = lead.removeprefix("**TensorFlow**, going by the sources: ")
    assert not quoted.startswith(("TensorFlow: This", "This")), lead


def test_a_strange_turn_close_enough_to_a_use_case_keeps_it_without_a_word_naming_it(bot: Any) -> None:
    """ "I want to fine-tune transformers for text classification, what do you suggest?" sits 0.30 from the
    language-processing verdicts by meaning, though none of its words names them on its own: that is a use case
    (PyTorch's), not "not covered" (a gate asking a word to name such a match was tried and dropped in round 12:
    it cost a bank's production pick on a blind set and fixed no blind item)."""
    answer = bot.ask("I want to fine-tune transformers for text classification, what do you suggest?")
    lead = first_line(answer.text)
    assert lead.startswith("**PyTorch** is the sources' pick for natural language processing"), answer.text


def test_a_lone_sentence_that_points_back_is_quoted_after_the_one_it_points_at(bot: Any) -> None:
    """A pick from sentences whose only sentence opens "This level of infrastructure …" quotes the sentence before
    it in the same article first (TFX, the infrastructure it means), so the lead reads on its own."""
    answer = bot.ask(
        "our bank's fraud model sits behind an internal API answering millions of requests a day, with monitoring "
        "and versioning. what framework fits?"
    )
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["TensorFlow"], answer.text
    assert "This level of infrastructure" in lead, lead
    assert lead.index("TFX") < lead.index("This level of infrastructure"), lead
    assert "TensorFlow: This level" not in lead, lead


def test_which_of_these_names_no_other_kind_of_thing(bot: Any) -> None:
    """ "which of these is best if I mostly work on NLP stuff like chatbots?" picks among the frameworks ("of
    these"), it names no GPU or book it wants: the language-processing pick, not "I don't know"."""
    answer = bot.ask("which of these is best if I mostly work on NLP stuff like chatbots?")
    assert answer.answered and answer.frameworks[:1] == ["PyTorch"], answer.text


def test_which_of_the_three_after_a_sentence_of_context_asks_a_pick(bot: Any) -> None:
    """ "my laptop is an old thinkpad with no gpu. which of the three runs best on it?" asks for one of them (its
    "which" opens the second sentence), on hardware no source speaks of: the sources don't say, rather than an
    overview of all three or a GPU sentence about PyTorch. "which of the three is best for beginners?" still gets
    the beginners pick."""
    lead = first_line(bot.ask("my laptop is an old thinkpad with no gpu. which of the three runs best on it?").text)
    assert lead.startswith("The sources don't say which framework suits"), lead
    assert bot.ask("which of the three is best for beginners?").frameworks[:1] == ["Keras"]

    # a use case the context sentence names makes "which of the three makes that possible?" its pick
    browser = bot.ask(
        "i want a little web page where the model runs right in the visitor's browser, no backend server doing "
        "inference. which of the three makes that possible?"
    )
    assert first_line(browser.text).startswith("**TensorFlow** is the sources' pick for browser"), browser.text


def test_a_use_case_the_context_grazes_is_not_the_one_the_asking_sentence_names(bot: Any) -> None:
    """ "i need to forecast weekly sales for a few hundred stores. which framework is best for time series
    forecasting?": the use case asked (after the asking sentence's "for") is one no source covers; "a few hundred
    stores" grazes enterprise systems, which is no reason for the enterprise pick. The sources don't say; a
    context sentence beside a covered use case still gets its pick."""
    lead = first_line(
        bot.ask(
            "i need to forecast weekly sales for a few hundred stores. which framework is best for time series "
            "forecasting?"
        ).text
    )
    assert lead.startswith("The sources don't say which framework suits"), lead
    phones = bot.ask("we are a small team. which framework is best for putting neural nets on phones?")
    assert first_line(phones.text).startswith("**TensorFlow** is the sources' pick for mobile"), phones.text


def test_with_no_verdict_near_an_uncovered_use_case_each_ones_strengths_are_given(bot: Any) -> None:
    """ "… train a reinforcement learning agent to play a simple 2d game … which framework is best for RL?": no
    verdict the sources give is near it (mobile and edge AI grazes it at 0.25), so after "the sources don't say"
    comes what each framework is best suited for, not a verdict picked by chance ("Mobile and Edge AI: …")."""
    text = bot.ask(
        "side project: i want to train a reinforcement learning agent to play a simple 2d game i made. which "
        "framework is best for RL?"
    ).text
    assert first_line(text).startswith("The sources don't say which framework suits"), text
    assert "what each is best suited for" in first_line(text) and "Mobile and Edge AI" not in text, text
    assert all(f"- {name} is best suited for" in text for name in ("TensorFlow", "PyTorch", "Keras")), text
    # the one whose strengths come closest to the question first: a hackathon is nearest rapid prototyping
    hackathon = bot.ask("best framework for a hackathon this weekend?").text
    bullets = [line for line in hackathon.splitlines() if line.startswith("- ")]
    assert bullets and bullets[0].startswith("- Keras is best suited for"), hackathon


def test_what_do_i_grab_after_a_need_asks_for_a_framework(bot: Any) -> None:
    """ "doing a 48h hackathon …, need a working image classifier demo asap … what do i grab": "what do i <verb>"
    closing a need asks which framework to take, so it is answered as a pick (here one the sources don't make),
    not by the sentence nearest its words ("Training time comparison (ImageNet) — PyTorch: ~8-10 hours.")."""
    text = bot.ask(
        "doing a 48h hackathon this weekend, need a working image classifier demo asap, dont care about scaling "
        "it. what do i grab"
    ).text
    lead = first_line(text)
    assert lead.startswith("The sources don't say which framework suits") or lead.startswith("**"), text
    assert "Training time" not in text, text


def test_where_do_i_start_asks_which_framework_to_start_with(bot: Any) -> None:
    """ "bio undergrad here, zero ML background but want to classify microscope images for a class project. where
    do i start" asks which framework to start with, in words some of which no source uses: in scope (it was "I
    don't know"); "i want to learn to bake bread, where do i start?" is still declined."""
    start = bot.ask(
        "bio undergrad here, zero ML background but want to classify microscope images for a class project. "
        "where do i start"
    )
    assert start.answered, start.text
    assert not bot.ask("i want to learn to bake bread, where do i start?").answered


def test_what_the_sources_dont_mention_is_echoed_once_and_briefly(bot: Any) -> None:
    """A fact turn with several words no source uses echoes them in the question's order, each once, and only a
    few of them ("masters thesis thesis text classification classification gonna …" was echoed)."""
    text = bot.ask(
        "masters thesis on text classification, gonna fine-tune transformer models. is tensorflow overkill here or "
        "is there a better fit"
    ).text
    quoted = re.search(r'don\'t mention "([^"]*)"', text)
    assert quoted is None or len(quoted[1].split()) <= 3, text
    assert "thesis thesis" not in text and "classification classification" not in text, text


def test_the_asking_sentence_alone_names_the_use_case_context_dilutes(bot: Any) -> None:
    """ "i teach an after-school coding club (16-17 yr olds). want to do a 6 week unit where they train a small
    neural net. what's least painful for kids who only know basic python?": the context's words no source uses
    dilute the turn's meaning below any use case; its asking sentence alone names one (beginners), as it does
    asked on its own (it was PyTorch's learning-curve sentence)."""
    lead = first_line(
        bot.ask(
            "i teach an after-school coding club (16-17 yr olds). want to do a 6 week unit where they train a small "
            "neural net. what's least painful for kids who only know basic python?"
        ).text
    )
    assert lead.startswith("**Keras** is the sources' pick for beginners"), lead


def test_a_need_said_then_a_yes_no_about_a_framework_asks_how_it_fits(bot: Any) -> None:
    """ "3 person startup, need a quick standard CNN prototype for investors. is full tensorflow overkill for that?":
    the need (prototyping) is in the context sentence, read alone; the yes/no about TensorFlow asks how it fits it:
    the sources' pick for prototyping (Keras) leads, and no sentence about Keras is quoted as TensorFlow's (it was
    "The sources don't mention …")."""
    lead = first_line(
        bot.ask(
            "3 person startup, need a quick standard CNN prototype for investors. is full tensorflow overkill for that?"
        ).text
    )
    assert "**Keras** is the sources' pick for rapid prototyping" in lead, lead
    assert "About TensorFlow for rapid prototyping: While Keras" not in lead, lead


def test_only_sentences_of_words_are_read_alone(bot: Any) -> None:
    """The sentences of a turn are read alone only when each has words of its own: "tf or torch for my thesis? 3-7"
    encodes its unknown word once, as the question alone does, not "3-7" and the question again (that made the
    latency benchmark's unique suffix cost a larger encode batch on every such question)."""
    conversation = bot._snapshot().conversation
    batches: list[tuple[str, ...]] = []
    encode_words = conversation.encode_words

    def counted(texts: list[str]) -> Any:
        batches.append(tuple(texts))
        return encode_words(texts)

    conversation.encode_words = counted
    try:
        bot.clear_cache()
        bot.ask("tf or torch for my thesis? 3-7")
    finally:
        conversation.encode_words = encode_words
    assert batches and all("3-7" not in batch for batch in batches), batches


def test_what_would_they_use_for_a_use_case_it_names_is_in_scope(bot: Any) -> None:
    """ "ok different question, what would a high school class use?" after a research pick asks what a class would
    use, a use case the sources cover (education), in words far from every passage: in scope (it was "I don't
    know"). "what would a chef use?" names no use case of ours and is still declined."""
    _, school = chat(bot, "which framework for research?", "ok different question, what would a high school class use?")
    assert school.answered and "Keras" in school.text, school.text
    assert not bot.ask("what would a chef use?").answered


def test_an_asking_sentence_pointing_at_its_context_asks_the_pick_the_context_names(bot: Any) -> None:
    """ "… the model has to run ON the phone. what should i be using to train + ship this" and "… so the model has to
    run in the visitor's browser. Which of the three frameworks makes that possible?": the asking sentence points
    at the context ("this", "that"), whose sentence names the use case; the words after its "to" are no use case of
    their own (both were "The sources don't say" or an overview of the three). Only the sentence just before, and
    only if it names a use case clearly."""
    phones = bot.ask(
        "making an android app for farmers that spots leaf disease from a phone pic. most of them have no signal "
        "out there so the model has to run ON the phone. what should i be using to train + ship this"
    )
    assert first_line(phones.text).startswith("**TensorFlow** is the sources' pick for mobile"), phones.text
    browser = bot.ask(
        "I'd like a small ML demo on my portfolio site. It's static hosting only, no server at all, so the model has "
        "to run in the visitor's browser. Which of the three frameworks makes that possible?"
    )
    assert first_line(browser.text).startswith("**TensorFlow** is the sources' pick for browser"), browser.text
    # a sentence pointed at that names no use case clearly is no stand-in for the question (it was a Keras pick for
    # "quick model iterations" here)
    research = bot.ask(
        "2nd yr phd. my advisor wants me to try a new attention variant where the number of refinement steps depends "
        "on the input itself (so python loops + if statements inside forward). which framework is least painful to "
        "hack this in"
    )
    assert first_line(research.text).startswith("**PyTorch**"), research.text


def test_two_words_no_source_uses_may_name_a_covered_use_case_together(bot: Any) -> None:
    """ "startup doing custom text classification + entity extraction on legal contracts …": "text classification"
    and "entity extraction", read as pairs, are natural language processing, which the sources pick PyTorch for
    (it was "The sources don't say"); a pair near no use case names none ("fraud detection")."""
    nlp = bot.ask(
        "startup doing custom text classification + entity extraction on legal contracts, we want to fine-tune "
        "pretrained transformer models. which framework fits best?"
    )
    assert first_line(nlp.text).startswith("**PyTorch** is the sources' pick for natural language"), nlp.text
    series = bot.ask("our team does fraud detection on card payments, which framework fits best?")
    assert first_line(series.text).startswith("The sources don't say which framework suits"), series.text


def test_or_joining_parts_of_an_uncovered_need_is_no_comparison(bot: Any) -> None:
    """ "I'm on a Mac with Apple silicon, or maybe an AMD card. Which framework runs best on that hardware?" names
    no framework: its "or" joins two pieces of hardware, so it asks a pick the sources don't make (they never speak
    of that hardware), not an overview of the three frameworks with their unrelated updates."""
    a = bot.ask("I'm on a Mac with Apple silicon, or maybe an AMD card. Which framework runs best on that hardware?")
    assert a.text.startswith("The sources don't say which framework suits"), a.text
    assert "LiteRT" not in a.text and "In short" not in a.text


def test_an_uncovered_use_case_is_named_before_its_example(bot: Any) -> None:
    """ "Which framework is best for reinforcement learning, say training a bot to play a game?": the lead names the
    use case, up to the comma that opens its example, not "that use case"."""
    a = bot.ask("Which framework is best for reinforcement learning, say training a bot to play a game?")
    assert a.text.startswith('The sources don\'t say which framework suits "reinforcement learning";'), a.text


def test_an_uncovered_pick_naming_a_thing_the_sources_know_quotes_what_they_say_of_it(bot: Any) -> None:
    """ "which of the three has the best GPU support on a mac …?": no verdict covers it and none comes close, but the
    sources speak of GPUs, for several frameworks; those sentences come closest, not what each framework is best
    suited for. "… which framework will make good use of TPUs?": every sentence naming TPUs is TensorFlow's, so
    TensorFlow is the pick going by them (it said the sources don't say)."""
    text = bot.ask("which of the three has the best GPU support on a mac with apple silicon?").text
    lines = text.splitlines()
    assert lines[0].startswith("The sources don't say which framework suits"), text
    assert "what they say of GPU" in lines[0] and "GPU" in lines[2] and "best suited for" not in text, text
    question = "our lab got google cloud credits with TPU time included. which framework will make good use of TPUs?"
    lead = bot.ask(question).text.splitlines()[0]
    assert lead.startswith("**TensorFlow**, going by the sources:") and "TPU" in lead, lead


@pytest.mark.parametrize("question", ["which framework is the best?", "honestly which one is just the best overall"])
def test_a_pick_asked_of_no_use_case_at_all_says_it_depends_and_what_each_suits(bot: Any, question: str) -> None:
    """ "which framework is the best?" names no use case in any word the sources use: the answer is that none is best
    overall, with what each framework is best suited for (it said "the sources don't say which framework suits that
    use case", of a use case never named, and listed two of the three)."""
    text = bot.ask(question).text
    assert text.startswith("The sources name no framework best overall; it depends on what you need."), text
    assert all(f"{fw} is best suited for" in text for fw in ("TensorFlow", "PyTorch", "Keras")), text


def test_a_use_case_one_sentence_of_the_sources_mentions_is_checked_like_one_they_never_use(bot: Any) -> None:
    """ "Which of the three is best for reinforcement learning? I want to train an agent to play a card game against
    itself.": "reinforcement" is in one definition only, so the asking sentence read alone must name the use case its
    context grazed (mobile and edge AI, by "agent … itself"); it does not, and no pick is invented. It was the mobile
    and edge pick."""
    text = bot.ask(
        "Which of the three is best for reinforcement learning? I want to train an agent to play a card game "
        "against itself."
    ).text
    # (named in the question's words: the "for …" ends its first sentence, not the question)
    assert first_line(text).startswith('The sources don\'t say which framework suits "reinforcement learning"'), text


def test_a_name_no_source_knows_in_a_sentence_of_context_does_not_decline_the_pick_asked(bot: Any) -> None:
    """ "… So far it's all been scikit-learn and XGBoost on tabular data. … Which framework should I learn for this?"
    asks a pick; XGBoost says where the user comes from. It was "I don't know: my sources say nothing about XGBoost".
    A name the asking sentence points at is still asked about: "I use MXNet at work. Is it good for research?"."""
    asked = bot.ask(
        "I'm a data scientist at a grocery chain. So far it's all been scikit-learn and XGBoost on tabular data. "
        "Which framework should I learn for deep learning?"
    )
    assert asked.answered, asked.text
    assert not bot.ask("I use MXNet at work. Is it good for research?").answered


def test_a_what_asks_within_its_own_sentence(bot: Any) -> None:
    """ "What licence are TensorFlow and PyTorch under? I'd like to ship one of them inside a closed-source commercial
    product.": the question is the first sentence, a fact no source states; "one of them" in the next sentence is no
    "which one" asked. It was "**PyTorch**, going by the sources: PyTorch was open-sourced on GitHub in 2017"."""
    text = bot.ask(
        "What licence are TensorFlow and PyTorch under? I'd like to ship one of them inside a closed-source "
        "commercial product."
    ).text
    assert first_line(text).startswith('The sources don\'t mention "licence" for TensorFlow or PyTorch'), text


def test_a_fit_for_a_use_case_one_sentence_mentions_in_passing_is_not_covered(bot: Any) -> None:
    """ "is tensorflow good for reinforcement learning?": "reinforcement" is in one definition only, which covers no
    use case; the sources don't say, and the answer says so before what TensorFlow is best suited for. It was
    "TensorFlow's learning curve is steep, especially for beginners."."""
    lead = first_line(bot.ask("is tensorflow good for reinforcement learning?").text)
    assert lead.startswith("The sources don't say whether TensorFlow suits that use case."), lead


def test_a_name_set_beside_the_frameworks_that_the_sources_mention_in_passing_is_not_compared(bot: Any) -> None:
    """ "is jax better than pytorch?" and "what about JAX?" after a pick: no source compares JAX with them, two
    dated updates name it in passing. The answer says so and quotes both, not the LiteRT rename as if it answered.
    "should i use keras with jax?" asks about Keras and is answered by Keras 3 as before."""
    jax = bot.ask("is jax better than pytorch?").text
    assert jax.startswith("The sources don't compare JAX with PyTorch"), jax
    assert "Keras 3.0" in jax and "LiteRT" in jax, jax
    _, after = chat(bot, "pytorch vs tensorflow for my masters thesis?", "what about JAX? my labmate swears by it")
    assert after.text.startswith("The sources don't compare JAX with"), after.text
    keras = bot.ask("should i use keras with jax?").text
    assert keras.startswith("As of 2023-11-28, Keras 3.0"), keras


def test_a_need_set_off_before_a_closing_choice_asks_a_pick_for_it(bot: Any) -> None:
    """ "time series forecasting for retail sales data - tensorflow, pytorch or keras?" asks to pick one of them for
    that need (no source covers it): the answer says so, naming it, not an overview ("In short: TensorFlow suits …")
    that never says the sources don't cover time series."""
    text = bot.ask("time series forecasting for retail sales data - tensorflow, pytorch or keras?").text
    assert first_line(text).startswith("The sources don't say which framework suits \"time series forecasting\""), text


def test_a_thing_qualified_by_a_word_no_source_uses_is_said_to_be_missing(bot: Any) -> None:
    """ "Does PyTorch support AMD GPUs with ROCm?": the sources speak of GPUs (through CUDA), never of ROCm; the
    answer says they don't mention ROCm for PyTorch, then what comes closest. It quoted "TensorFlow and PyTorch
    leverage GPUs …" as if that answered."""
    lead = first_line(bot.ask("Does PyTorch support AMD GPUs with ROCm? We only have AMD cards.").text)
    assert lead.startswith('The sources don\'t mention "ROCm" for PyTorch'), lead
    # (a word before the thing, "the deal with torch.compile", qualifies nothing: what it is still leads)
    lead = first_line(bot.ask("what's the deal with torch.compile, is it worth using?").text)
    assert lead.startswith("torch.compile() is PyTorch's tool for just-in-time compilation"), lead


def test_the_word_a_copula_asks_of_a_framework_is_echoed_without_the_name(bot: Any) -> None:
    """ "is keras dead?" asks "dead" of Keras: the echo was "keras dead", as if that were a name like "PyTorch
    Lightning" (which is still echoed whole)."""
    assert first_line(bot.ask("is keras dead?").text).startswith('The sources don\'t mention "dead" for Keras.')
    lightning = first_line(bot.ask("is PyTorch Lightning good?").text)
    assert lightning.startswith('The sources don\'t mention "PyTorch Lightning".'), lightning


def test_an_uncovered_use_case_is_named_in_the_users_words(bot: Any) -> None:
    """The "not covered" lead names the use case asked after a "for" or "to" of up to seven words ("3D medical image
    segmentation on MRI scans", "play a video game with reinforcement learning"); both were "that use case"."""
    mri = first_line(bot.ask("Which framework is best for 3D medical image segmentation on MRI scans?").text)
    assert mri.startswith(NOT_COVERED + '"3D medical image segmentation on MRI scans"'), mri
    game = bot.ask(
        "I want to train an agent to play a video game with reinforcement learning. Which framework should I use?"
    )
    assert first_line(game.text).startswith(NOT_COVERED + '"play a video game with reinforcement learning"'), game.text


def test_a_choice_in_words_no_source_uses_after_facts_is_an_uncovered_pick(bot: Any) -> None:
    """ "so which should i learn to get hired as an ML engineer?" after the companies using PyTorch and TensorFlow
    asks a pick the sources don't make: said as such, not a sentence about TensorFlow (it was "I don't know", then a
    TFX sentence)."""
    *_, hired = chat(
        bot,
        "which big companies actually use pytorch?",
        "and tensorflow?",
        "so which should i learn to get hired as an ML engineer?",
    )
    assert first_line(hired.text).startswith(NOT_COVERED), hired.text


def test_a_short_yes_or_no_the_closest_sentence_does_not_speak_to_is_said_to_be_unsaid(bot: Any) -> None:
    """ "is it free?" after the beginners pick: no sentence about Keras says "free", and the closest ("Keras is
    programmed in Python.") was given as if it were the answer; the lead now says the sources don't mention it. A
    yes or no whose closest sentence does say its word ("is keras modular?") is answered as before."""
    _, free = chat(bot, "hey, total beginner here. which framework should I start with?", "is it free?")
    assert first_line(free.text).startswith('The sources don\'t mention "free" for Keras.'), free.text
    modular = first_line(bot.ask("is keras modular?").text)
    assert "modular" in modular and "don't mention" not in modular, modular


def test_a_verdict_far_from_an_uncovered_use_case_is_not_shown_as_closest(bot: Any) -> None:
    """ "what's the best framework for reinforcement learning agents?": the nearest verdict ("Mobile and Edge AI",
    0.29 in topic) is no closer to a game agent than any other; the answer gives what each framework is best suited
    for instead of that verdict as what "comes closest"."""
    text = bot.ask("what's the best framework for reinforcement learning agents?").text
    assert first_line(text).endswith("what each is best suited for:") and "Mobile and Edge" not in text, text
