"""Chat promises a user relies on: a turn is read with the chat so far, only where it leaves slots empty.

Written against ``Assistant.ask(question, history)`` with the real model; the history carries the
assistant's replies as the UI sends them (role/content dicts).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def chat(bot: Any, *turns: str) -> list[Any]:
    """Ask the turns in order, each with the chat so far (user turns and the replies they got)."""
    history: list[dict[str, str]] = []
    answers = []
    for turn in turns:
        answer = bot.ask(turn, history)
        answers.append(answer)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.text}]
    return answers


def test_a_new_use_case_after_a_pick_gets_its_own_pick(bot: Any) -> None:
    """ "and for X?" replaces the topic and keeps the question: a pick for X, not a fact about the old pick."""
    research, browser = chat(bot, "best framework for research?", "and what about running models in a web browser?")
    assert research.frameworks[:1] == ["PyTorch"]
    assert browser.intent == "recommendation" and browser.frameworks[:1] == ["TensorFlow"]
    assert "TensorFlow.js" in browser.text


def test_why_explains_the_pick_it_follows(bot: Any) -> None:
    """ "why?" never abstains after a pick: it gives that pick's reasons, citing them."""
    first, why = chat(bot, "I'm starting a computer vision project for a small startup, which framework?", "why?")
    assert first.answered and first.frameworks
    assert why.answered and why.frameworks[:1] == first.frameworks[:1] and why.citations


def test_why_leads_with_a_reason_the_reply_it_asks_about_did_not_give(bot: Any) -> None:
    """ "why?" after the beginners pick wants more than the reply said: its lead quotes a reason that reply did not
    quote (it repeated "Because of its ease of use, Keras has become a go-to framework …" word for word)."""
    first, why = chat(
        bot,
        "hey so im completely new to deep learning (just finished an intro python course). which of tensorflow / "
        "pytorch / keras should i learn first?",
        "why?",
    )
    given = first.text.splitlines()[0].split(": ", 1)[1].rsplit(" [", 1)[0]
    lead = why.text.splitlines()[0]
    assert lead.startswith("Why **Keras**") and given not in lead, (given, why.text)


def test_why_leads_with_a_sentence_not_a_table_cell(bot: Any) -> None:
    """ "why?" after "Which framework is best for someone who's never done deep learning before?": a sentence gives
    the reason ("Keras is a high-level API that simplifies …"); the table cell "Ease of use — Keras: High, …" led,
    a fragment graders failed, and now comes after it."""
    _, why = chat(bot, "Which framework is best for someone who's never done deep learning before?", "why?")
    lead = why.text.splitlines()[0]
    assert lead.startswith("Why **Keras**") and " — " not in lead, why.text


def test_a_pronoun_refers_to_the_previous_pick(bot: Any) -> None:
    startup = "I'm starting a computer vision project for a small startup, which framework?"
    first, who = chat(bot, startup, "who maintains it?")
    assert who.frameworks == first.frameworks[:1]


def test_an_unknown_framework_in_a_follow_up_is_declined(bot: Any) -> None:
    """ "what about caffe?" in a chat about Keras and PyTorch: the sources say nothing about Caffe."""
    _, caffe = chat(bot, "keras vs pytorch for beginners?", "what about caffe?")
    assert not caffe.answered and not caffe.citations
    assert caffe.text.count("I don't know") == 1


def test_a_bare_name_keeps_the_chat_topic(bot: Any) -> None:
    """ "what about tensorflow?" after a question on beginners is about TensorFlow for beginners."""
    _, tensorflow = chat(bot, "which is better for beginners, keras or pytorch?", "what about tensorflow?")
    assert tensorflow.frameworks[:1] == ["TensorFlow"]
    lead = tensorflow.text.split("\n")[0].casefold()
    assert "beginner" in lead or "learning curve" in lead, tensorflow.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [("who is behind pytorch?", ("Meta", "Facebook")), ("when did keras come out", ("2015",))],
)
def test_who_and_when_questions_lead_with_that_fact(bot: Any, question: str, expected: tuple[str, ...]) -> None:
    lead = bot.ask(question).text.split("\n")[0]
    assert any(e in lead for e in expected), lead


def test_why_after_a_comparison_gives_the_favoured_sides_reasons(bot: Any) -> None:
    """ "why?" after "keras vs pytorch for research?" is about the side research favours, not a repeat."""
    versus, why = chat(bot, "keras vs pytorch for research?", "why?")
    assert why.frameworks == ["PyTorch"] and why.text != versus.text and why.citations


def test_a_pronoun_turn_continues_the_chat_instead_of_abstaining(bot: Any) -> None:
    """ "who maintains that one?" after a pick is about that pick, however little of the corpus it resembles."""
    _, research, who = chat(
        bot, "Which framework is best for a beginner?", "and for cutting-edge research?", "who maintains that one?"
    )
    assert research.frameworks[:1] == ["PyTorch"]
    assert who.answered and who.frameworks == ["PyTorch"]


def test_an_off_topic_turn_that_does_not_point_back_abstains_mid_chat(bot: Any) -> None:
    """After two framework turns, "ok thanks. what's the best movie of 2024?" is declined, not given a pick."""
    *_, movie = chat(
        bot, "Should I use TensorFlow for a mobile app?", "is TensorFlow Lite still the name?",
        "ok thanks. what's the best movie of 2024?",
    )  # fmt: skip
    assert not movie.answered and not movie.citations


def test_follow_ups_keep_the_framework_the_first_question_was_about(bot: Any) -> None:
    """After "Is Keras only for TensorFlow?", "since when?" and "what backends does it support now?" are
    about Keras: the date of Keras 3, and its backends now, not a TensorFlow fact or a new pick."""
    _, since, backends = chat(bot, "Is Keras only for TensorFlow?", "since when?", "what backends does it support now?")
    assert since.frameworks[:1] == ["Keras"] and "2023" in since.text.splitlines()[0]
    assert backends.frameworks[:1] == ["Keras"] and backends.intent != "recommendation"
    assert "JAX" in backends.text.splitlines()[0]


def test_it_is_the_framework_the_question_was_about_not_a_new_pick(bot: Any) -> None:
    """ "what backends does it support now?" right after "Is Keras only for TensorFlow?": "it" is Keras,
    and the turn asks about it (no pick for a use case it happens to resemble)."""
    _, backends = chat(bot, "Is Keras only for TensorFlow?", "what backends does it support now?")
    assert backends.frameworks[:1] == ["Keras"] and backends.intent != "recommendation"


def test_they_after_a_comparison_means_both_sides(bot: Any) -> None:
    """ "when were they released?" after "pytorch vs tensorflow" answers for both, citing both."""
    _, released = chat(bot, "pytorch vs tensorflow", "when were they released?")
    assert set(released.frameworks) >= {"PyTorch", "TensorFlow"}


def test_they_doing_something_new_asks_for_a_new_pick(bot: Any) -> None:
    """ "and if they later do research?" after a pick for a course: "they" are the students, the topic is
    new, and the answer is the pick for research, not a fact about the course's pick."""
    _, research = chat(
        bot, "I teach an intro ML course to undergrads. What should we use?", "and if they later do research?"
    )
    assert research.intent == "recommendation" and research.frameworks[:1] == ["PyTorch"]


def test_it_with_a_name_keeps_it_as_the_subject(bot: Any) -> None:
    """ "is it still tied to tensorflow?" after a Keras answer is about Keras, TensorFlow its object."""
    *_, tied = chat(bot, "tensorflow vs pytorch for deployment", "what about keras?", "is it still tied to tensorflow?")
    assert tied.frameworks[:1] == ["Keras"]


def test_who_after_a_pick_names_the_party_not_a_date(bot: Any) -> None:
    """ "who is behind that one?" after a pick for a research lab: PyTorch's developer, not its release year
    (a sentence of another fact field answers another question)."""
    *_, who = chat(
        bot,
        "which framework is best for putting models on phones?",
        "and for a research lab?",
        "who is behind that one?",
    )
    assert who.frameworks[:1] == ["PyTorch"] and "Meta" in who.text.splitlines()[0]


def test_a_use_case_turn_is_not_read_as_a_fact_from_one_vague_word(bot: Any) -> None:
    """After an MVP chat, "what about later in production?" asks for the production pick: "later" brushes the
    release-year field in meaning, but a covered use case outweighs an attribute no cue word asked for."""
    *_, last = chat(
        bot, "We are a startup making an MVP.", "which framework should we use?", "what about later in production?"
    )
    lead = last.text.splitlines()[0]
    assert lead.startswith("**TensorFlow** is the sources' pick for") and "production" in lead, last.text


def test_choosing_between_two_named_frameworks_with_no_use_case_compares_them(bot: Any) -> None:
    """ "How do I choose between PyTorch and TensorFlow?" says nothing besides the names and the framing: a
    comparison of the two (the sources' "it depends"), not a pick for a use case nobody asked about."""
    answer = bot.ask("How do I choose between PyTorch and TensorFlow?")
    assert answer.intent == "comparison", answer.text
    assert "TensorFlow" in answer.text.splitlines()[0] and "PyTorch" in answer.text.splitlines()[0]


def test_which_one_chooses_among_the_frameworks_the_chat_named(bot: Any) -> None:
    """ "which one do researchers prefer?" after "I'm deciding between TensorFlow and PyTorch": the answer is
    about both, the sources' pick first, as when the same turn names them."""
    *_, last = chat(bot, "I'm deciding between tensorflow and pytorch", "which one do researchers prefer?")
    assert last.frameworks == ["PyTorch", "TensorFlow"], last.text


def test_asking_to_choose_again_for_a_new_use_case_is_a_new_pick_despite_it(bot: Any) -> None:
    """ "ok and later I need to put it in production, which one then?" after a beginners pick: "it" is the
    project, and "which one" asks to choose again for the new use case, not for a fact about Keras."""
    answers = chat(bot, "I'm new to deep learning and want something simple.",
                   "ok and later I need to put it in production, which one then?")  # fmt: skip
    assert answers[0].frameworks[:1] == ["Keras"]
    assert answers[1].frameworks[:1] == ["TensorFlow"], answers[1].text
    assert "production" in answers[1].text.splitlines()[0]


def test_the_closest_use_case_decides_the_pick_not_many_weaker_ones(bot: Any) -> None:
    """ "we mostly do novel architectures" after "choosing between PyTorch and Keras": the sources' label closest
    to it ("custom architectures", PyTorch) decides, not two sources' farther "standard architectures" (Keras)."""
    answers = chat(bot, "I'm choosing between PyTorch and Keras for my lab", "we mostly do novel architectures")
    assert answers[1].frameworks[:1] == ["PyTorch"], answers[1].text
    assert "architectures" in answers[1].text.splitlines()[0]


def test_is_it_good_for_a_new_use_case_gives_that_use_cases_pick_and_speaks_of_it(bot: Any) -> None:
    """ "is it good for research too?" after a mobile pick (TensorFlow): the sources' research pick leads, and
    what they say of TensorFlow for research follows, so the answer speaks of both (not a TensorFlow blurb)."""
    *_, last = chat(bot, "Which framework should I use for a mobile app?", "is it good for research too?")
    lead = next(line for line in last.text.splitlines() if line.strip())
    assert lead.startswith("**PyTorch**") and "research" in lead, last.text
    assert "about TensorFlow for that" in lead and "research" in lead.split("about TensorFlow")[1], last.text
    assert last.frameworks == ["PyTorch", "TensorFlow"]


def test_a_pronoun_turn_with_a_purpose_of_its_own_is_judged_on_that_purpose(bot: Any) -> None:
    """ "what if I then want to publish research papers with it?" after a phone-app pick asks how that
    framework fits research: the research pick, not a fact row about who develops it."""
    *_, last = chat(bot, "I'm building an image classifier for a phone app, what should I use?",
                    "what about if I then want to publish research papers with it?")  # fmt: skip
    assert last.frameworks[:1] == ["PyTorch"], last.text
    assert "research" in last.text.splitlines()[0]
    assert "developed by" not in last.text


def test_a_word_shared_with_an_axis_does_not_overturn_the_axis_the_meaning_names(bot: Any) -> None:
    """ "makes it easiest to modify models" asks which is most flexible: the word "easiest" (the ease axis) only
    backs meaning up, and "models", a word the sources use of every framework, names no axis at all."""
    (answer,) = chat(bot, "which framework makes it easiest to modify models from papers I read?")
    assert answer.frameworks[:1] == ["PyTorch"], answer.text
    assert "flexib" in answer.text.splitlines()[0], answer.text


def test_a_new_topic_after_a_ranking_asks_which_side_suits_it(bot: Any) -> None:
    """ "and for training huge models across many GPUs?" after "which is easiest for a beginner?": no axis the
    sources rank, so the sides are weighed on that use case (TensorFlow), not on the old or a guessed axis."""
    answers = chat(bot, "Which framework is easiest for a total beginner?",
                   "and for training huge models across many GPUs?")  # fmt: skip
    assert answers[0].frameworks[:1] == ["Keras"]
    assert answers[1].frameworks[:1] == ["TensorFlow"], answers[1].text
    assert "distributed" in answers[1].text.splitlines()[0], answers[1].text


def test_it_after_a_verb_of_the_users_own_is_their_project_and_the_new_pick_is_the_subject(bot: Any) -> None:
    """ "later we need to deploy it as a service for customers" after a research pick: "it" is what they built,
    so the turn asks for the production pick (TensorFlow), and "who develops it?" then asks about TensorFlow,
    the framework that answer was about, not the research pick (PyTorch, Meta)."""
    _, deploy, who = chat(bot, "we're prototyping new model architectures in our research group, which framework?",
                          "later we need to deploy it as a service for customers", "who develops it?")  # fmt: skip
    assert deploy.intent == "recommendation" and deploy.frameworks[:1] == ["TensorFlow"], deploy.text
    assert "Google" in who.text.splitlines()[0] and "Meta" not in who.text, who.text


def test_it_after_no_pick_is_the_users_project_not_a_framework(bot: Any) -> None:
    """After "the sources don't say" (a chatbot), "it" in "what if we later need it on phones?" is the chatbot:
    there is no framework for it to point at, so the turn asks for the mobile pick."""
    first, last = chat(bot, "I want to build a chatbot for my company, which framework?",
                       "and what if we later need it on phones?")  # fmt: skip
    assert not first.frameworks
    assert last.intent == "recommendation" and last.frameworks[:1] == ["TensorFlow"], last.text
    assert "LiteRT" in last.text.splitlines()[0]


def test_who_pointing_back_leads_with_the_party_after_any_chat(bot: Any) -> None:
    """ "and who maintains it?" three turns into a chat about a research lab says little besides "who": the
    framework's party facts lead ("developed by Meta"), not a PyTorch sentence that sits closer to few words."""
    *_, last = chat(bot, "I'm picking a framework for my research lab", "is it good for production too?",
                    "and who maintains it?")  # fmt: skip
    assert last.frameworks[:1] == ["PyTorch"], last.text
    assert "developed by Meta" in last.text.splitlines()[0], last.text


@pytest.mark.parametrize(
    ("first", "date", "other"),
    [
        ("Is Keras multi-backend now?", "2023-11-28", "2015"),
        ("Does TensorFlow use static graphs?", "2019-09-30", "2015"),
        ("Who develops TensorFlow?", "2015", "2019-09-30"),
    ],
)
def test_since_when_dates_what_the_chat_was_about(bot: Any, first: str, date: str, other: str) -> None:
    """ "since when?" asks the date of what the chat was about: the dated update behind "Keras runs on JAX now",
    the release year only when the chat was about the framework itself."""
    _, last = chat(bot, first, "since when?" if date != "2015" else "and when?")
    lead = last.text.splitlines()[0]
    assert date in lead and other not in lead, last.text


def test_a_fact_question_after_a_use_case_comparison_is_about_the_framework(bot: Any) -> None:
    """ "When was Keras first released?" after "… for prototyping" asks its release year: the chat's use case
    fills no slot of a turn that asks a fact of its own."""
    _, last = chat(bot, "Compare TensorFlow and Keras for prototyping.", "When was Keras first released?")
    assert "2015" in last.text.splitlines()[0], last.text


def test_a_follow_up_on_a_new_use_case_keeps_the_chats_two_candidates(bot: Any) -> None:
    """ "and for a server?" after "PyTorch or TensorFlow for …?" is the same choice on a new use case, so "which one
    is easier to learn?" still chooses between those two, not among every framework (Keras)."""
    *_, last = chat(bot, "PyTorch or TensorFlow for deploying to a web browser?", "and for a server?",
                    "which one is easier to learn?")  # fmt: skip
    assert set(last.frameworks) == {"PyTorch", "TensorFlow"}, last.text
    assert "Keras" not in last.text.splitlines()[0], last.text


def test_them_means_every_framework_the_chat_was_about(bot: Any) -> None:
    """ "which of them came first?" after one turn about TensorFlow and one about PyTorch: both release years,
    the earlier first."""
    *_, last = chat(bot, "Who is behind TensorFlow?", "and PyTorch?", "which of them came first?")
    lead = last.text.splitlines()[0]
    assert "TensorFlow" in lead and "PyTorch" in lead and lead.index("2015") < lead.index("2016"), last.text


def test_a_bare_name_after_what_is_asks_what_that_framework_is(bot: Any) -> None:
    """ "and PyTorch?" after "What is Keras?" asks what PyTorch is: a sentence defining PyTorch leads, not a Keras
    sentence that mentions it."""
    _, last = chat(bot, "What is Keras?", "and PyTorch?")
    assert last.text.startswith("PyTorch is"), last.text


def test_who_makes_them_names_each_frameworks_maker_not_its_users(bot: Any) -> None:
    """ "who makes them?" asks a party of each framework of the chat: the maker (developer or creator), whose
    field comes first among those asked, never the users where the maker is known."""
    *_, last = chat(bot, "What is Keras?", "and PyTorch?", "who makes them?")
    lead = last.text.splitlines()[0]
    assert "Chollet" in lead and "Meta" in lead and "users include" not in lead, last.text


def test_what_about_a_framework_after_a_pick_is_not_answered_with_a_link_title(bot: Any) -> None:
    """ "what about PyTorch?" after the beginners pick: PyTorch judged for beginners, in a statement. A resource
    link's title ("PyTorch Tutorials (https://…)") is a reference, never quoted as evidence."""
    _, last = chat(bot, "what should a beginner use?", "what about PyTorch?")
    lead = last.text.splitlines()[0]
    assert "PyTorch" in lead and "beginner" in lead.casefold(), last.text
    assert "http" not in last.text, last.text


def test_a_pointing_turn_is_about_the_thing_the_chat_named(bot: Any) -> None:
    """ "is it still called that?" after "What's TensorFlow Lite?": "it" is TensorFlow Lite (the named thing of
    the turn before), so its rename to LiteRT leads, not a sentence about TensorFlow at large."""
    _, last = chat(bot, "What's TensorFlow Lite?", "is it still called that?")
    assert "LiteRT" in last.text.splitlines()[0], last.text


def test_something_like_that_asks_about_the_thing_the_chat_named(bot: Any) -> None:
    """ "does pytorch have something like that built in?" after "what's tensorboard?": "like that" points at
    TensorBoard, which the sources name for TensorFlow only. Said so, not "PyTorch is programmed in Python"."""
    _, like = chat(bot, "what's tensorboard?", "does pytorch have something like that built in?")
    assert like.text.startswith("The sources name TensorBoard for TensorFlow, not for PyTorch"), like.text


def test_a_thing_named_in_a_sentence_about_another_framework_is_that_ones(bot: Any) -> None:
    """ "does tensorflow have something similar?" after "what is TorchScript?": the one sentence that names
    TorchScript beside TensorFlow ("Like TensorFlow, PyTorch works well with … Its integration with TorchScript
    …", under PyTorch) is about PyTorch, so the sources name TorchScript for PyTorch, not for TensorFlow; that
    sentence is never quoted as TensorFlow's."""
    _, similar = chat(bot, "what is TorchScript?", "does tensorflow have something similar?")
    assert similar.text.startswith("The sources name TorchScript for PyTorch, not for TensorFlow"), similar.text
    assert "TensorFlow: Its integration with TorchScript" not in similar.text
    # "like that" is the chat's thing too, not a pointer at the framework it belongs to
    _, like = chat(bot, "what is torchscript?", "does tensorflow have anything like that?")
    assert like.text.startswith("The sources name TorchScript for PyTorch, not for TensorFlow"), like.text
    # a thing only a dated update names ("for graph mode, TensorFlow points to tf.function") is that one's too
    _, graph = chat(bot, "what is tf.function?", "is there something like this in pytorch?")
    assert graph.text.startswith("The sources name tf.function for TensorFlow, not for PyTorch"), graph.text


def test_what_about_a_framework_after_a_pick_is_not_its_verdict_for_another_use_case(bot: Any) -> None:
    """ "what about keras?" after the mobile pick: Keras's verdict for another use case ("Fast Prototyping:
    recommended framework Keras") says nothing of Keras for mobile; a sentence about its deployment leads, and it
    names Keras (the source's "While it's excellent …, it's less common in large-scale deployments compared to
    TensorFlow and PyTorch" names only the others)."""
    _, keras = chat(bot, "best framework for mobile?", "what about keras?")
    lead = keras.text.splitlines()[0]
    assert "recommended framework" not in lead and lead.startswith("Keras"), keras.text
    assert "deploy" in lead, keras.text


def test_a_chain_of_pointing_turns_stays_on_the_chats_thing(bot: Any) -> None:
    """ "what's TensorBoard?", "what is it used for?", "does pytorch have something similar?": "it" is TensorBoard
    (no framework), so the second turn is answered from what the sources say of it (not "PyTorch is a relatively
    new deep learning framework"), and the third, pointing on through a turn that only pointed, is still about
    TensorBoard, which the sources name for TensorFlow only."""
    _, used, similar = chat(bot, "what's TensorBoard?", "what is it used for?", "does pytorch have something similar?")
    assert "TensorBoard" in used.text.splitlines()[0], used.text
    assert similar.text.startswith("The sources name TensorBoard for TensorFlow, not for PyTorch"), similar.text


def test_a_turn_that_names_only_an_axis_compares_on_it(bot: Any) -> None:
    """ "and what about the learning curve?" after the mobile pick names the ease axis and nothing else: the
    frameworks ranked on it (Keras easiest), not the education pick its word "learning" grazes. "What about for
    production?" names a use case after its "for" and stays a pick."""
    _, curve = chat(bot, "which framework for mobile apps?", "and what about the learning curve?")
    assert curve.intent == "comparison" and " than " in curve.text.splitlines()[0], curve.text
    _, production = chat(bot, "which framework for mobile apps?", "What about for production?")
    assert production.intent == "recommendation", production.text


@pytest.mark.parametrize(
    "follow_up",
    [
        "and for deep reinforcement learning?",  # "for beginners" no longer matches it by its "for"
        "and for reinforcement learning agents?",  # a use case after "for" outweighs a field read from meaning
    ],
)
def test_and_for_a_use_case_no_source_covers_says_so(bot: Any, follow_up: str) -> None:
    """ "and for deep reinforcement learning?" after the research pick asks the same for a use case no source
    covers: the sources don't say (not the beginners pick that a label's "for" matched, nor a PyTorch fact row)."""
    _, last = chat(bot, "which framework is best for research?", follow_up)
    assert last.text.startswith("The sources don't say which framework suits"), last.text


def test_and_for_a_new_topic_in_one_strange_word_is_judged_by_meaning(bot: Any) -> None:
    """ "and for robotics?" after the mobile pick asks the chat's question for a use case in one word no source
    uses: in scope (the sources don't say), not "I don't know" as a request about something else would be;
    "and for baking bread?" is still declined."""
    _, robots = chat(bot, "which framework for mobile apps?", "and for robotics?")
    assert robots.answered and robots.text.startswith("The sources don't say which framework suits"), robots.text
    _, bread = chat(bot, "which framework for mobile apps?", "and for baking bread?")
    assert not bread.answered, bread.text


def test_a_yes_no_question_about_two_frameworks_lists_no_fields(bot: Any) -> None:
    """ "is it still tied to TensorFlow?" after "What is Keras?" asks about a relation, never for both release
    years (a field the meaning of "still" grazes)."""
    _, last = chat(bot, "What is Keras?", "is it still tied to TensorFlow?")
    assert "first released" not in last.text.splitlines()[0], last.text


def test_why_gives_a_reason_in_the_first_line(bot: Any) -> None:
    """ "why?" after a pick: its first line names the pick and its use case, then gives a reason as its first
    sentence, one that says more than the verdict again ("Production Scalability: TensorFlow excels in
    production environments …"), rather than restating the pick before it."""
    first, why = chat(bot, "best for production?", "why?")
    lead = why.text.splitlines()[0]
    verdict = first.text.splitlines()[0].split("]: ", 1)[0]  # the pick, without the first answer's own reason
    use_case = verdict.split("is the sources' pick ", 1)[1] + "]"  # "for … [1]"
    assert lead.startswith(f"Why **TensorFlow** {use_case}: ") and " is the sources' pick" not in lead, why.text
    reason = lead.split(f"{use_case}: ", 1)[1]
    # not a verdict again ("For production: Choose TensorFlow for deployment."), nor an FAQ's question
    assert "choose" not in reason.casefold() and "?" not in reason, why.text


def test_a_named_thing_is_not_carried_past_the_turn_after_it(bot: Any) -> None:
    """Only the turn right before lends its named things, and only to a pointing turn with no use case: "ML" of
    the first turn is not what "and who created that one?" two turns later is about (it led with "Industry
    Adoption — TensorFlow: Used by Google, Nvidia, and large-scale ML teams")."""
    *_, last = chat(bot, "I'm teaching an intro ML course to undergrads. Which framework should we use?",
                    "what about for their final research projects?", "and who created that one?")  # fmt: skip
    assert re.search(r"Meta|Facebook", last.text.splitlines()[0]), last.text


def test_why_gives_reasons_about_the_pick_not_about_the_others(bot: Any) -> None:
    """ "why?" after a research pick: each reason below the lead is a sentence about PyTorch first, not one that
    lists it beside TensorFlow ("TensorFlow and PyTorch both support …") or one about Keras's limits."""
    lab = "Our university lab researches new model architectures. Which framework should we go with?"
    _, why = chat(bot, lab, "why?")
    bullets = [line for line in why.text.splitlines() if line.startswith("- ")]
    assert bullets, why.text
    assert all("PyTorch" in b and "Keras" not in b and "TensorFlow and" not in b for b in bullets), why.text


def test_a_follow_up_setting_a_scene_keeps_the_chats_use_case(bot: Any) -> None:
    """ "ok and what if our ML contractor trained it in pytorch?" after the phones pick asks PyTorch for phones: its
    words no source uses ("contractor") name no topic of their own, and "ML" is no tool the sources tie elsewhere."""
    _, pytorch = chat(
        bot,
        "I build apps, new to ML. I want on-device photo tagging in our phone app. which framework should I go with?",
        "ok and what if our ML contractor already trained the model in pytorch?",
    )
    lead = pytorch.text.split("\n")[0]
    assert "ExecuTorch" in lead.split("[1]")[0]  # the current state first, not beside an older claim
    assert "name ML" not in pytorch.text


def test_a_framework_asked_about_its_own_place_to_run_gets_its_sentence_for_it(bot: Any) -> None:
    """ "why not pytorch then?" after the C++ question (PyTorch's own place to run, TorchScript) quotes PyTorch's
    sentence about C++, not its list of every deployment target (kept for a place another framework was picked for:
    PyTorch after the phones pick)."""
    _, why_not = chat(bot, "i mostly write c++. which of the three actually supports c++?", "why not pytorch then?")
    assert "TorchScript allows" in why_not.text.split("\n")[0] or "C++ environments" in why_not.text.split("[1]")[0]
    assert not why_not.text.startswith("PyTorch's deployment targets"), why_not.text


def test_what_about_x_for_that_asks_about_the_chats_thing(bot: Any) -> None:
    """ "what about keras for that?" after "we need to train across a lot of GPUs in the cloud. tf or pytorch?" is about
    the GPUs the chat named: what the sources say of them leads, not a Keras sentence about deployment."""
    _, keras = chat(bot, "we need to train across a lot of GPUs in the cloud. tf or pytorch?", "what about keras then?")
    assert "GPU" in keras.text.split("\n")[0], keras.text


def test_a_pick_quotes_no_maker_fact_for_a_word_it_shares(bot: Any) -> None:
    """ "and later, to get into a research lab?" after a beginners pick: the research pick's bullets give its reasons,
    not "PyTorch is developed by Meta (Facebook), originally its AI Research lab" for the word "lab"."""
    _, lab = chat(bot, "student here, want to teach myself deep learning over the summer. where do i start", (
        "ok and later if i want to get into a research lab?"
    ))
    assert lab.text.startswith("**PyTorch**") and "developed by Meta" not in lab.text, lab.text


def test_when_it_comes_to_asks_a_new_axis_of_the_same_sides(bot: Any) -> None:
    """ "And when it comes to squeezing out raw performance at scale?" after "PyTorch or TensorFlow?": no time asked
    and no "it" pointing at one framework; the same two sides, ranked on speed at scale."""
    _, scale = chat(
        bot,
        "Which gets me from idea to a working prototype faster: PyTorch or TensorFlow?",
        "And when it comes to squeezing out raw performance at scale?",
    )
    assert scale.text.startswith("**TensorFlow** is faster at scale than PyTorch"), scale.text
    assert "first released" not in scale.text


def test_a_need_then_what_then_asks_a_pick_for_that_need_in_a_chat_too(bot: Any) -> None:
    """ "Different question: a research group wants to try a brand-new network design nobody has built before. What
    then?" after the workshop pick: the need said, then a bare "what then?", asks the pick for it (research), read
    as the turn alone reads it, not "I don't know" nor "the sources don't say"."""
    _, then = chat(
        bot,
        "I'm running an intro-to-AI workshop for high-school students. What should they use?",
        "Different question: a research group wants to try a brand-new network design nobody has built before. "
        "What then?",
    )
    assert then.text.startswith("**PyTorch** is the sources' pick for research"), then.text


def test_that_one_after_a_thing_said_of_one_framework_only_is_that_framework(bot: Any) -> None:
    """ "Which of the three do outfits like OpenAI and Hugging Face build on?": the sources say so of PyTorch only,
    and the reply names it first, in bold, as a pick; "Can that one run models on a phone?" is then PyTorch's
    current state on phones (ExecuTorch), not the adopters again."""
    first, phone = chat(
        bot,
        "Which of the three do outfits like OpenAI and Hugging Face build on?",
        "Can that one run models on a phone?",
    )
    assert first.text.startswith("**PyTorch** only") and first.frameworks[0] == "PyTorch", first.text
    assert "ExecuTorch" in phone.text.split("\n")[0], phone.text


def test_who_after_a_sentence_of_its_own_asks_a_party(bot: Any) -> None:
    """ "cool. also who uses pytorch in industry?" after a comparison: "who" opens the turn's second sentence and asks
    PyTorch's users, the facts' list, not a sentence naming two of them."""
    _, users = chat(
        bot,
        "for NLP stuff, where am i gonna find more pretrained models and tutorials, pytorch or tensorflow?",
        "cool. also who uses pytorch in industry?",
    )
    assert users.text.startswith("PyTorch users include OpenAI, Meta, Hugging Face"), users.text


def test_does_that_change_the_answer_asks_the_pick_anew_for_the_new_need(bot: Any) -> None:
    """ "ok but if it works out we'll need to scale it to enterprise level traffic later. does that change the
    answer?" after the MVP pick (Keras): a new need, and the pick asked again for it (TensorFlow, for enterprise
    production), not a sentence about Keras's high-level API."""
    _, scale = chat(
        bot,
        "We're 4 people building an MVP that classifies product photos for an e-commerce client. Need a working demo "
        "in 2 weeks. What framework?",
        "ok but if it works out we'll need to scale it to enterprise level traffic later. does that change the answer?",
    )
    assert scale.text.startswith("**TensorFlow** is the sources' pick for large-scale production"), scale.text


def test_the_other_one_is_the_side_the_chat_did_not_pick(bot: Any) -> None:
    """ "what about the other one?" after "keras or pytorch for a beginner?" (Keras picked) is about PyTorch; it was
    read as the pick again."""
    _, other = chat(bot, "keras or pytorch for a beginner?", "what about the other one?")
    assert other.frameworks[:1] == ["PyTorch"], other.text


def test_the_framework_the_assistant_picked_is_the_one_asked_about(bot: Any) -> None:
    """ "who created the framework you just picked?" after "keras or pytorch for a beginner?" (Keras picked) asks who
    made Keras; with no pronoun it was read afresh and quoted PyTorch's adopters."""
    _, maker = chat(bot, "keras or pytorch for a beginner?", "who created the framework you just picked?")
    assert maker.frameworks[:1] == ["Keras"] and "Chollet" in maker.text.split("\n")[0], maker.text


def test_a_fragment_naming_an_axis_ranks_the_chats_sides_on_it(bot: Any) -> None:
    """ "for raw speed" / "for ease" after "tensorflow or pytorch" rank those two on that axis; both were "I don't
    know". "and memory usage?" gives both sides' memory cells, not TensorFlow's alone."""
    _, speed, ease, memory = chat(bot, "tensorflow or pytorch", "for raw speed", "for ease", "and memory usage?")
    assert speed.answered and speed.text.startswith("**TensorFlow** is faster at scale than PyTorch"), speed.text
    assert ease.answered and ease.text.startswith("**PyTorch** is easier to learn"), ease.text
    lead = memory.text.split("\n")[0]
    assert "TensorFlow:" in lead and "PyTorch:" in lead and "memory" in lead, memory.text


def test_what_about_a_side_no_source_ranks_on_the_axis_leads_with_that_side(bot: Any) -> None:
    """ "what about keras?" after "pytorch vs tensorflow, which is faster?": the sources rank only those two on
    speed, so Keras's own word on it leads; the TensorFlow-vs-PyTorch verdict was repeated as the answer."""
    _, keras = chat(bot, "pytorch vs tensorflow, which is faster?", "what about keras?")
    lead = keras.text.split("\n")[0]
    assert "**Keras**" in lead and "Performs well" in lead, keras.text


def test_like_that_after_a_pick_is_the_use_case_asked_of_the_framework_named(bot: Any) -> None:
    """ "does pytorch have something like that?" after the browser pick (a question naming no framework, answered
    with one): "that" is running in the browser, asked of PyTorch; it answered "PyTorch is programmed in Python"."""
    _, like = chat(
        bot,
        "I want to run a small model right in the user's browser, no server. is that possible with any of these?",
        "does pytorch have something like that?",
    )
    lead = like.text.split("\n")[0]
    assert "browser" in lead and "PyTorch" in lead and "programmed" not in lead, like.text


def test_it_after_a_question_about_a_tool_is_that_tool(bot: Any) -> None:
    """ "can it run a model i trained in pytorch?" after "wait is tflite even still a thing?": "it" is TFLite (now
    LiteRT), not TensorFlow at large; it answered with TensorFlow's general introduction."""
    _, run = chat(bot, "wait is tflite even still a thing?", "can it run a model i trained in pytorch?")
    lead = run.text.split("\n")[0]
    assert "LiteRT" in lead or "TFLite" in lead, run.text


def test_a_good_or_bad_idea_asks_how_a_framework_fits_the_use_case(bot: Any) -> None:
    """ "would it be a bad idea to teach that one instead?" after the teaching and university-research picks asks how
    PyTorch fits teaching (the sources pick Keras); "bad" read as asking its weak points gave PyTorch's cons."""
    *_, idea = chat(
        bot,
        "I'm designing an intro deep learning module for second-year undergrads. Which framework do the articles "
        "suggest for teaching?",
        "and what do the actual research groups at universities use?",
        "would it be a bad idea to teach that one instead?",
    )
    assert idea.text.startswith("PyTorch is not the sources' pick for education. **Keras**"), idea.text


def test_an_faq_answering_another_question_does_not_lead_a_follow_up(bot: Any) -> None:
    """ "so if i use keras can i skip learning tensorflow completely?" after "aren't they the same thing": the FAQ "Can
    I switch from Keras to PyTorch? Yes. …" answers another question; a sentence on Keras and TensorFlow leads."""
    _, skip = chat(
        bot,
        "Tensorflow vs keras, aren't they literally the same thing",
        "so if i use keras can i skip learning tensorflow completely?",
    )
    assert "switch" not in skip.text.split("\n")[0], skip.text
