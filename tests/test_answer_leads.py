"""Leads a user reads first: the sentence that answers, about what was asked, and the honest
"not covered" when the sources give no verdict for a use case.

Written against ``Assistant.ask`` with the real model. Each promise was checked to fail with its
mechanism removed (see the closing note of round 3 and docs/EVALUATION.md).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.textutil import MARKER

pytestmark = pytest.mark.slow


def first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


def test_a_question_naming_a_tool_leads_with_a_sentence_about_that_tool(bot: Any) -> None:
    """ "What is TensorFlow Serving?" leads with a sentence that says TensorFlow Serving, not with an
    update about another tool (TensorFlow Lite's new name) that merely shares its passage."""
    lead = first_line(bot.ask("What is TensorFlow Serving?").text)
    assert "TensorFlow Serving" in lead
    assert not lead.startswith("As of")


def test_a_question_naming_a_tool_quotes_that_tool_first(bot: Any) -> None:
    """ "what is torchscript used for?": the lead says TorchScript, not the Torch it is named after."""
    lead = first_line(bot.ask("what is torchscript used for?").text)
    assert "TorchScript" in lead


def test_what_is_a_framework_leads_with_its_definition(bot: Any) -> None:
    """ "What is Keras?" opens with a sentence that defines Keras and names it."""
    asked = (("What is Keras?", "Keras"), ("What is TensorFlow?", "TensorFlow"), ("tell me about pytorch", "PyTorch"))
    for question, name in asked:
        lead = first_line(bot.ask(question).text)
        assert re.match(rf"{name} is (?:a|an|the) ", lead), lead


def test_a_pick_asked_in_words_the_index_lacks_is_not_covered_not_unknown(bot: Any) -> None:
    """ "best framework for a hackathon?" is in scope: the answer says the sources give no verdict for it,
    then the closest verdicts they give (or, none being close, what each is best suited for), each bullet naming
    its framework and citing it."""
    ans = bot.ask("best framework for a hackathon this weekend?")
    assert ans.answered and "I don't know" not in ans.text
    assert first_line(ans.text).startswith("The sources don't say which framework suits")
    bullets = [line for line in ans.text.splitlines() if line.startswith("- ")]
    assert len(bullets) >= 2
    for line in bullets:
        labelled = re.match(r"- \*\*(\w+)\*\*: ", line)  # "- **Keras**: <a sentence about Keras>"
        named = (
            labelled.group(1) in line[labelled.end() :]
            if labelled
            else re.match(r"- (TensorFlow|PyTorch|Keras) ", line)
        )
        assert named, line  # a sentence about that framework
        assert MARKER.search(line)


def test_an_off_topic_question_in_the_same_words_still_abstains(bot: Any) -> None:
    """The in-scope reading above needs the meaning 'which framework?': a recipe question is declined."""
    ans = bot.ask("what's the best pasta recipe?")
    assert not ans.answered


def test_a_disputed_date_quotes_the_disputed_cell_not_the_whole_row(bot: Any) -> None:
    """The disagreement lead quotes each side's date, not the table row's other cells (owner, use case)."""
    lead = first_line(bot.ask("When was PyTorch released?").text)
    assert lead.startswith("The sources disagree")
    assert "2016" in lead and "2017" in lead
    assert "Main Owner" not in lead


def test_use_case_verdicts_are_use_cases(bot: Any) -> None:
    """The claims table holds use cases: a table row's advice column, never the whole row, and never a
    sentence that denies the advice ("it may not be as suitable for …")."""
    knowledge = bot.composer.knowledge
    texts = [label.text for label in knowledge.labels]
    assert not [t for t in texts if "Main Owner" in t or "Release:" in t]
    assert not [t for t in texts if re.search(r"\bnot (?:as )?suitable", t)]
    assert not [t for t in texts if t.casefold() in {"tensorflow", "pytorch", "keras"}]  # a name is no use case
    wanted = {"production deployment", "research and experimentation", "rapid prototyping"}
    assert wanted <= {t.casefold() for t in texts}


def test_a_yes_no_question_about_the_sources_pick_gets_that_verdict(bot: Any) -> None:
    """ "Should I use TensorFlow for a mobile app?": yes in the sources' words, the pick for mobile with its
    key tool and its current name first, not a bare list item."""
    lead = first_line(bot.ask("Should I use TensorFlow for a mobile app?").text)
    assert lead.startswith("**TensorFlow** is the sources' pick for mobile")
    assert "LiteRT" in lead


def test_a_pick_of_something_else_than_a_framework_is_declined(bot: Any) -> None:
    """ "Can you recommend a good laptop for deep learning?" asks for no framework: declined once. A pick
    among the frameworks in words the index lacks ("… on a macbook with an M2 chip?") is still answered."""
    laptop = bot.ask("Can you recommend a good laptop for deep learning?")
    assert not laptop.answered and laptop.text.count("I don't know") == 1
    assert bot.ask("which of the three runs best on a macbook with an M2 chip?").answered


def test_a_yes_no_question_about_a_use_case_in_other_words_gets_the_verdict(bot: Any) -> None:
    """ "Should a high school student start with Keras?" asks whether Keras is the pick for beginners
    (the turn's attribute is the use-case field itself): the lead gives that verdict, not a list of users."""
    lead = first_line(bot.ask("Should a high school student start with Keras?").text)
    assert lead.startswith("**Keras** is the sources' pick"), lead


def test_a_sentence_set_against_frameworks_is_about_its_own_framework(bot: Any) -> None:
    """Keras's fact "It may not be as suitable for complex deployments as TensorFlow and PyTorch" is about
    Keras: asked whether PyTorch deploys to production, the lead never quotes it as PyTorch's."""
    answer = bot.ask("Can I deploy a PyTorch model to production?")
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["PyTorch"] and "not be as suitable" not in answer.text, answer.text
    assert "production" in lead.lower(), lead


def test_a_request_for_something_no_source_speaks_of_abstains(bot: Any) -> None:
    """ "Tell me a joke about neural networks" shares words with the sources, but what it asks for (a joke)
    is in none of them: the honest "I don't know", not a quote about neural networks."""
    answer = bot.ask("Tell me a joke about neural networks.")
    assert not answer.answered
    assert first_line(answer.text).startswith("I don't know")


@pytest.mark.parametrize(
    "sentence",
    [
        "It may not be as suitable for complex deployments as TensorFlow and PyTorch.",
        "Not as suitable for complex deployments as TensorFlow and PyTorch.",
        "Fewer deployment tools compared to TensorFlow and PyTorch.",
        "It relies on TensorFlow tools for deployment.",
    ],
)
def test_a_fact_set_against_other_frameworks_keeps_its_record_as_subject(sentence: str) -> None:
    """A fact sentence in Keras's record that names other frameworks only as what Keras is measured
    against ("as … as X", "compared to X"), or that opens with "It", is about Keras."""
    from assistant.answer.units import cut_units
    from assistant.records import Passage

    names = ("TensorFlow", "PyTorch", "Keras")

    def find(text: str) -> list[str]:
        return [n for n in names if n in text]

    fact = Passage("facts#k", "facts", "Framework facts", sentence, "Keras > x", frameworks=("Keras",), kind="fact")
    (unit,) = cut_units([fact], find, names)
    assert unit.subjects == ("Keras",)


def test_a_long_pick_question_about_a_covered_use_case_is_answered(bot: Any) -> None:
    """ "I need to ship a model to phones, what do you recommend?" sits far from every passage as a whole
    (a long turn), but its topic is a use case the sources give a verdict on: that verdict, not "I don't know"."""
    answer = bot.ask("I need to ship a model to phones, what do you recommend?")
    assert answer.answered
    assert first_line(answer.text).startswith("**TensorFlow** is the sources' pick for mobile"), answer.text


def test_a_yes_no_question_about_a_named_thing_answers_about_that_thing(bot: Any) -> None:
    """ "Is Theano still a good choice?" names no framework of the sources and no use case, but a name they
    use: the lead says what they say of Theano, not a framework pick."""
    lead = first_line(bot.ask("Is Theano still a good choice?").text)
    assert "Theano" in lead and not lead.startswith("**"), lead


def test_a_pick_of_neither_side_and_no_order_between_them_are_two_sentences(bot: Any) -> None:
    """ "what about once it must scale in production?" after "pytorch or keras for a weekend prototype?": the
    sources pick TensorFlow, neither side, and rank no order between the two on the axis. Each is a sentence of its
    own; it was one, "… is **TensorFlow** [1], neither of these; they rank no order between …", which read garbled."""
    first = "pytorch or keras for a weekend prototype?"
    reply = bot.ask(first).text
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": reply}]
    lead = first_line(bot.ask("what about once it must scale in production?", history=history).text)
    assert "**TensorFlow**" in lead and re.search(r"neither of these\. They rank no order between", lead), lead


def test_an_axis_no_source_ranks_the_sides_on_says_so_and_quotes_each_on_it(bot: Any) -> None:
    """ "Which is easier to debug, Keras or TensorFlow?": the sources rank only PyTorch and TensorFlow on
    debugging. The lead says no order is given for these two (not their use cases, another question), and
    TensorFlow's quote speaks of debugging."""
    text = bot.ask("Which is easier to debug, Keras or TensorFlow?").text
    assert first_line(text).startswith("The sources rank no order between Keras and TensorFlow on debugging"), text
    tensorflow = next(line for line in text.splitlines() if line.startswith("- **TensorFlow**"))
    assert "debug" in tensorflow.lower(), tensorflow


def test_a_use_case_sharing_only_a_framing_word_with_a_verdict_is_not_covered(bot: Any) -> None:
    """ "a recommendation system for an online shop" shares only the root of "recommended" with the sources'
    verdicts ("University Research: recommended framework PyTorch"): not covered, never that pick."""
    lead = first_line(bot.ask("I'm building a recommendation system for an online shop. Which framework?").text)
    assert lead.startswith("The sources don't say which framework suits "), lead


def test_a_name_only_an_update_speaks_of_leads_with_that_update(bot: Any) -> None:
    """ "What is ExecuTorch?": only the dated update (PyTorch Mobile → ExecuTorch) says ExecuTorch; it leads,
    not PyTorch's execution model."""
    lead = first_line(bot.ask("What is ExecuTorch?").text)
    assert "ExecuTorch" in lead and lead.startswith("As of"), lead


def test_a_yes_no_question_leads_with_the_sentence_that_says_its_words(bot: Any) -> None:
    """ "Is TensorFlow open source?": the sentence calling TensorFlow "open-source" answers it, not the
    developer fact the question's meaning is nearest to."""
    lead = first_line(bot.ask("Is TensorFlow open source?").text)
    assert "open-source" in lead and "TensorFlow" in lead, lead


def test_a_use_case_in_its_own_words_is_judged_on_every_phrasing_of_it(bot: Any) -> None:
    """ "framework for shipping an android app with a model inside?" sits about as far from every label of
    the mobile use case ("mobile", "mobile and edge deployments", "mobile and web applications"): the pick
    weighs them all, so the framework the sources advise for mobile wins over one that merely can run there,
    and the lead names that use case, not the pick's unrelated label."""
    answer = bot.ask("framework for shipping an android app with a model inside?")
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["TensorFlow"], lead
    assert "mobile" in lead and "custom model" not in lead, lead


def test_a_pick_names_the_key_tool_of_its_use_case_in_other_words(bot: Any) -> None:
    """ "what should I use for mobile apps?" matches the verdict "mobile and web applications" far better than
    the deployment target "mobile and edge": the two say the same use case, so the lead still gives its key
    tool and the tool's current name (TensorFlow Lite, now LiteRT)."""
    lead = first_line(bot.ask("what should I use for mobile apps?").text)
    assert lead.startswith("**TensorFlow**") and "LiteRT" in lead, lead


def test_a_use_case_is_judged_without_the_words_every_framework_shares(bot: Any) -> None:
    """ "put my model in an Android application": "model" is said of every framework alike, so it must not
    pull the question towards the verdict "custom model architectures"; the app is the use case."""
    answer = bot.ask("I need to put my model in an Android application, which framework?")
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["TensorFlow"], lead
    assert "mobile" in lead and "custom model" not in lead, lead


def test_a_thing_only_one_framework_has_answers_which_framework_has_it(bot: Any) -> None:
    """ "which framework comes with TensorBoard?": every sentence naming TensorBoard is about TensorFlow,
    so the answer is TensorFlow with such a sentence, not "the sources don't cover that use case"."""
    answer = bot.ask("which framework comes with TensorBoard?")
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["TensorFlow"], lead
    assert "TensorBoard" in lead, lead


@pytest.mark.parametrize(
    "question",
    [
        "which framework is gentlest for a newcomer?",  # a plain word the index lacks, in a framework question
        "can you recommend something for a web app that runs models client-side?",  # unknown words in the use case
    ],
)
def test_a_framework_question_in_words_the_index_lacks_is_not_declined(bot: Any, question: str) -> None:
    """Words the sources lack describe the use case of a question that asks for a framework; they do not
    make it a question about something else. (A good laptop is something else: see above.)"""
    assert bot.ask(question).answered


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("need a good torch for a camping trip next month, something bright that charges over usb-c. recs?", False),
        ("my PT wants me deadlifting 3x a week as a total beginner. is that too much??", False),
        ("is a butane torch safe for creme brulee?", False),
        # the same short forms asking about the frameworks
        ("torch for my startup?", True),
        ("is pt good for nlp?", True),
        ("my tf model is slow, any tips?", True),
        ("is torch good for gans?", True),
        ("torch?", True),
    ],
)
def test_a_short_form_that_is_an_ordinary_word_names_a_framework_only_in_a_question_about_one(
    bot: Any, question: str, answered: bool
) -> None:
    """ "torch" and "PT" are short forms of PyTorch and ordinary words too: a question whose topic (names aside) and
    whole meaning are far from every source is about the lamp or the personal trainer, and is declined (it got "The
    sources don't mention what you ask for PyTorch …"); near them, it is about the framework."""
    assert bot.ask(question).answered is answered


@pytest.mark.parametrize(
    "question",
    [
        # a thing the sources name ("gpu") among words they lack, far from every passage by meaning
        "got a macbook air m2, no nvidia card. which one of these actually uses the apple gpu properly?",
    ],
)
def test_a_question_naming_a_thing_the_sources_know_is_not_declined(bot: Any, question: str) -> None:
    """A turn that names something the sources speak of is theirs to answer, by what they say or by saying they
    don't cover it, however far its other words put it from every passage (it was "I don't know"). ("What is
    JAX?" is still declined: the facts name JAX only in passing, see test_library.)"""
    assert bot.ask(question).answered


@pytest.mark.parametrize(
    ("question", "use_case"),
    [
        ("which framework should I use for a microcontroller or edge hardware?", "edge"),  # one word unknown
        ("what should I use to deploy on phones or tablets?", "mobile"),  # both known, no framework named
    ],
)
def test_or_between_parts_of_a_use_case_is_no_comparison(bot: Any, question: str, use_case: str) -> None:
    """ "a microcontroller or edge hardware", "phones or tablets": with no framework named, "or" joins two
    words for one use case, so the answer is the pick for it, not an "I don't know" about an unknown name
    or a comparison of the three frameworks."""
    answer = bot.ask(question)
    lead = first_line(answer.text)
    assert answer.frameworks[:1] == ["TensorFlow"], lead
    assert lead.startswith("**TensorFlow** is the sources' pick") and use_case in lead, lead


def test_the_fact_asked_leads_over_an_update_only_near_the_question(bot: Any) -> None:
    """ "What language is TensorFlow written in?": the languages fact answers it; TensorFlow Lite's new name
    is near the question's meaning but about something else, so it does not lead."""
    lead = first_line(bot.ask("What language is TensorFlow written in?").text)
    assert "Python" in lead and "LiteRT" not in lead, lead


def test_a_who_question_in_a_chat_gets_the_developer_before_the_users(bot: Any) -> None:
    """ "who maintains it?" after "Tell me about PyTorch.": "who" asks for a party, and of the fields that
    hold one the developer is closest in meaning; the users list does not lead."""
    history = [{"role": "user", "content": "Tell me about PyTorch."}]
    history.append({"role": "assistant", "content": bot.ask("Tell me about PyTorch.").text})
    lead = first_line(bot.ask("who maintains it?", history).text)
    assert lead.startswith("PyTorch is developed by Meta"), lead


def test_a_comparison_on_community_gives_the_verdict_first(bot: Any) -> None:
    """ "which has the bigger community, tensorflow or pytorch?": the sources rank them on community
    ("Massive global community" against "Strong and rapidly growing"), so the verdict leads, quoted."""
    answer = bot.ask("which has the bigger community, tensorflow or pytorch?")
    lead = first_line(answer.text)
    assert lead.startswith("**TensorFlow**") and "community" in lead, lead
    assert answer.frameworks[:2] == ["TensorFlow", "PyTorch"]


def test_a_dispute_about_one_field_does_not_lead_a_question_about_another(bot: Any) -> None:
    """ "Who originally wrote PyTorch?": the sources' dispute over PyTorch's release date is about the
    release, not who wrote it (its update takes the field it is about), so the developer leads, while
    "When was PyTorch released?" still leads with that dispute."""
    who = first_line(bot.ask("Who originally wrote PyTorch?").text)
    assert who.startswith("PyTorch is developed by Meta"), who
    when = first_line(bot.ask("When was PyTorch released?").text)
    assert when.startswith("The sources disagree"), when


def test_a_ranking_asked_in_a_word_the_index_lacks_is_answered(bot: Any) -> None:
    """ "Which framework has the gentlest learning curve for a data analyst?": "gentlest" is no word of the
    sources, but the question ranks the frameworks on an axis they rank (ease of learning): the verdict,
    not "I don't know"."""
    answer = bot.ask("Which framework has the gentlest learning curve for a data analyst?")
    lead = first_line(answer.text)
    assert answer.answered and lead.startswith("**Keras**"), lead


def test_a_short_ranking_on_an_axis_the_sources_rank_is_answered(bot: Any) -> None:
    """ "which one has the largest community?" is short and names no framework, so it sits far from every
    passage; the axis it ranks (community) is one the sources rank: the verdict, not "I don't know"."""
    answer = bot.ask("which one has the largest community?")
    assert answer.answered, answer.text
    assert first_line(answer.text).startswith("**TensorFlow**"), answer.text


@pytest.mark.parametrize("question", ["what's the fastest car in the world?", "who has the fastest horse?"])
def test_a_ranking_of_a_thing_no_source_names_abstains(bot: Any, question: str) -> None:
    """ "the fastest car" ranks cars: it shares "fastest" with the speed axis, but what it ranks is in no source."""
    answer = bot.ask(question)
    assert not answer.answered, answer.text


def test_which_framework_a_named_party_is_behind_is_answered_by_that_fact(bot: Any) -> None:
    """ "Which framework does Google use internally?" names a party the facts tie to one framework (its
    developer): that fact leads, not a use-case pick the wording grazes ("browser")."""
    lead = first_line(bot.ask("Which framework does Google use internally?").text)
    assert lead.startswith("**TensorFlow**") and "developed by Google" in lead, lead


def test_a_party_beside_a_use_case_does_not_replace_the_pick(bot: Any) -> None:
    """ "I work at Google, which framework should I use for mobile?" asks the mobile pick; Google is context."""
    lead = first_line(bot.ask("I work at Google, which framework should I use for mobile?").text)
    assert lead.startswith("**TensorFlow** is the sources' pick for mobile"), lead


def test_the_difference_between_two_ideas_is_explained_not_picked(bot: Any) -> None:
    """ "What's the difference between eager and graph execution?" sets two ideas against each other, not two
    frameworks: what the sources say of them, not "**PyTorch** is the sources' pick for …"."""
    answer = bot.ask("What's the difference between eager and graph execution?")
    assert answer.intent != "recommendation" and "pick" not in first_line(answer.text), answer.text
    assert "eager" in first_line(answer.text).casefold()


def test_a_thing_the_sources_tie_to_another_framework_is_said_to_be_theirs(bot: Any) -> None:
    """ "Does PyTorch have something like TensorBoard?": no sentence about PyTorch names TensorBoard; the
    lead says whose the sources make it (TensorFlow's), not a PyTorch sentence about something else."""
    answer = bot.ask("Does PyTorch have something like TensorBoard?")
    lead = first_line(answer.text)
    assert "TensorBoard" in lead and "TensorFlow" in lead, lead
    assert answer.frameworks == ["PyTorch", "TensorFlow"]


def test_a_verdict_between_two_frameworks_is_not_backed_by_a_sentence_about_a_third(bot: Any) -> None:
    """ "better for production, keras or pytorch?": "TensorFlow is more production-ready [than PyTorch]" says
    nothing of PyTorch against Keras, so it cannot back a verdict between them; where a sentence does speak
    to the pair (TensorFlow's "Steeper" learning curve, the end of the ease ranking), the verdict stands."""
    lead = first_line(bot.ask("Which one is better for production, keras or pytorch?").text)
    assert "TensorFlow is generally more production-ready" not in lead, lead
    lead = first_line(bot.ask("is pytorch easier than tensorflow?").text)
    assert lead.startswith("**PyTorch** is easier") and "Steeper" in lead, lead


def test_a_deployment_target_alone_does_not_make_the_pick(bot: Any) -> None:
    """ "… a speech model on Android phones, which framework?" is closest to PyTorch's deployment target
    "mobile" (it can), but the sources' verdict for the same use case is TensorFlow's ("mobile and web
    applications"): a target counts half as a verdict, so the verdicts near it count too."""
    lead = first_line(bot.ask("My startup needs to put a speech model on Android phones, which framework?").text)
    assert lead.startswith("**TensorFlow**") and "LiteRT" in lead, lead


def test_a_place_to_run_that_only_another_framework_lists_is_said_to_be_theirs(bot: Any) -> None:
    """ "does pytorch run in the browser?": the browser is among TensorFlow's deployment targets and none of
    PyTorch's; the lead says so with TensorFlow's targets, then PyTorch's own, not a release-date dispute."""
    answer = bot.ask("does pytorch run in the browser?")
    lead = first_line(answer.text)
    assert "browser" in lead and "TensorFlow" in lead and "disagree" not in lead, lead
    assert "PyTorch's deployment targets are" in answer.text
    # Asked as "can I use …" the name pulls PyTorch's labels up the ranking; the place is still TensorFlow's.
    lead = first_line(bot.ask("Can I use PyTorch models in a web browser?").text)
    assert "browser" in lead and "TensorFlow" in lead and "sources' pick" not in lead, lead


def test_a_word_of_several_axes_is_read_on_the_axis_that_ranks_the_named_frameworks(bot: Any) -> None:
    """ "Is Keras easier than TensorFlow for a first project?": "easier" is a word of the ease axis and of the
    debugging axis, and only the ease axis ranks Keras; "easier to debug, Keras or TensorFlow?" still asks
    about debugging (its meaning says so) and honestly finds no order."""
    lead = first_line(bot.ask("Is Keras easier than TensorFlow for a first project?").text)
    assert lead.startswith("**Keras** is easier to learn and use than TensorFlow"), lead
    lead = first_line(bot.ask("Which is easier to debug, Keras or TensorFlow?").text)
    assert "debugging" in lead, lead


def test_a_version_named_after_the_framework_is_what_the_question_asks_about(bot: Any) -> None:
    """ "When did TensorFlow 2 come out?" asks about TensorFlow 2.0, not TensorFlow's first release (2015):
    the dated statement that names that version leads."""
    lead = first_line(bot.ask("When did TensorFlow 2 come out?").text)
    assert "TensorFlow 2.0" in lead and "2019" in lead, lead


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how many hours does ImageNet training need in each of them: tensorflow, pytorch, keras?", "8-10 hours"),
        ("Keras vs PyTorch: what do they say about GPUs?", "GPU"),
    ],
)
def test_one_thing_asked_of_several_frameworks_leads_with_each_ones_sentence_on_it(
    bot: Any, question: str, said: str
) -> None:
    """No axis and no use case, but one thing asked of each: the lead quotes each framework's sentence on that
    thing (one benchmark row quoted whole), not what each framework is for, nor one framework alone."""
    ans = bot.ask(question)
    lead = first_line(ans.text)
    assert "suits" not in lead and "In short" not in lead, lead
    assert said in lead
    for name in ans.frameworks:
        assert name in lead, (name, lead)


def test_a_bare_comparison_gets_the_takeaway_without_stray_side_sentences(bot: Any) -> None:
    """ "quick overview pls: tensorflow vs pytorch vs keras" asks nothing in particular: the one-line takeaway
    of what each is for, then the overview rows; no side line quoting whatever sentence sits closest to a bare
    "vs" (a conclusion about Keras alone, a "Language" cell)."""
    text = bot.ask("quick overview pls: tensorflow vs pytorch vs keras").text
    assert first_line(text).startswith("In short: ")
    assert not [line for line in text.splitlines() if line.startswith("- ")], text
    assert "| Feature |" in text


def test_a_field_read_from_meaning_alone_does_not_lead(bot: Any) -> None:
    """ "Is PyTorch only for research, or is it used in industry too?" sits near the "developer" field in meaning,
    but says none of its words: the lead is a sentence on what was asked, not who develops PyTorch."""
    lead = first_line(bot.ask("Is PyTorch only for research, or is it used in industry too?").text)
    assert "developed by" not in lead and "research" in lead.casefold(), lead


def test_a_thing_only_some_frameworks_are_said_to_have_is_answered_for_those(bot: Any) -> None:
    """ "How good is the documentation of each framework?": the sources speak of documentation for TensorFlow
    and Keras, never for PyTorch. The lead says so and quotes what they say, rather than what each is for."""
    lead = first_line(bot.ask("How good is the documentation of each framework?").text)
    assert lead.startswith("The sources speak of that for ") and "not for PyTorch" in lead, lead
    assert lead.count("documentation") >= 2 and "suits" not in lead, lead


@pytest.mark.parametrize(
    ("question", "current"),
    [("Which Keras version is the most recent one?", "Keras 3.0"), ("What is the latest TensorFlow release?", "2.0")],
)
def test_a_question_for_the_current_state_leads_with_the_dated_update(bot: Any, question: str, current: str) -> None:
    """ "the most recent", "the latest": a first-release year answers when a framework came out, not what is
    current. The facts file's dated update about it leads ("Release: 2015" and "was released" are one word)."""
    lead = first_line(bot.ask(question).text)
    assert lead.startswith("As of ") and current in lead, lead


def test_a_yes_no_question_in_a_word_the_index_lacks_is_judged_on_its_topic(bot: Any) -> None:
    """ "Is Keras dead?": the name fills most of the question's meaning, so the shortest sentence about Keras
    (its release year) sits closest; with the name aside, its current state answers it."""
    lead = bot.ask("Is Keras dead?").text.splitlines()[0]
    assert "first released" not in lead and "Keras 3.0" in lead, lead
    assert bot.ask("Is TensorFlow dying?").text.startswith("TensorFlow remains"), "lead names no current role"


def test_x_or_y_for_a_use_case_is_a_pick_between_them(bot: Any) -> None:
    """ "TensorFlow or PyTorch for beginners?" asks which of the two suits beginners: the sources' pick for
    beginners (Keras, neither of them) is said, and an FAQ about the same two for another use case
    (production) is not quoted as if it answered it."""
    text = bot.ask("TensorFlow or PyTorch for beginners?").text
    assert "The sources' pick for beginners is **Keras**" in text, text
    assert "for production?" not in text, text


def test_a_recency_word_is_no_topic_the_sources_lack(bot: Any) -> None:
    """ "newest" asks for the current state, which a dated update gives, as "when" asks for a time: it is no
    topic word to say the sources don't mention ("The sources don't mention "newest" for PyTorch")."""
    text = bot.ask("what's the newest thing in PyTorch Mobile land?").text
    assert "don't mention" not in text, text
    assert bot.ask("what's newest with Keras?").text.startswith("As of 2023-11-28, Keras 3.0")


def test_still_asks_the_current_state_though_an_update_is_less_close_than_usual(bot: Any) -> None:
    """ "does keras still need tensorflow underneath?" asks the current state ("still"): Keras 3's backends lead,
    though a word no source uses ("underneath") puts the update a little less close to the question than an
    update must be for a question that does not ask about now (it was "Keras makes TensorFlow easier to use …")."""
    text = bot.ask("does keras still need tensorflow underneath?").text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text


def test_the_thing_the_asking_sentence_names_leads_its_current_state(bot: Any) -> None:
    """ "is CNTK still maintained? one of the articles lists it as a keras backend": CNTK's end (2.7 was its last
    main release) leads, not Keras 3's backends, since Keras is named only in the context sentence; asked of Keras
    ("does keras still run on theano?"), Keras 3 still leads."""
    text = bot.ask("is CNTK still maintained? one of the articles lists it as a keras backend").text
    assert text.startswith("As of 2019-03-29, CNTK 2.7"), text
    assert bot.ask("does keras still run on theano?").text.startswith("As of 2023-11-28, Keras 3.0")
    # … in any sentence that asks, a last one without its "?" too
    old_tutorial = bot.ask(
        "following an old keras tutorial that sets the backend to theano. is that still a thing? what backends does "
        "keras run on nowadays"
    )
    assert old_tutorial.text.startswith("As of 2023-11-28, Keras 3.0"), old_tutorial.text


def test_a_short_form_of_a_name_reads_as_the_name(bot: Any) -> None:
    """ "does it still only work with TF?" after "Is Keras part of TensorFlow?" is the same question as with
    "TensorFlow" spelled out: Keras's current state (Keras 3 runs on several backends) leads."""
    chat = ["Is Keras part of TensorFlow?"]
    text = bot.ask("does it still only work with TF?", history=chat).text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text


def test_a_yes_no_question_with_a_framework_as_its_object_is_about_its_subject(bot: Any) -> None:
    """ "does keras support pytorch as a backend?" asks about Keras (PyTorch is its object), not the same thing
    of each: Keras's current state leads (Keras 3 runs on JAX, TensorFlow or PyTorch), not a table row giving
    each framework's "backend"."""
    text = bot.ask("does keras support pytorch as a backend?").text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text


def test_a_goal_in_words_no_source_uses_is_an_uncovered_pick(bot: Any) -> None:
    """ "I want to train GANs" asks what to use for a goal no source speaks of: the sources don't say, then what
    comes closest, not a sentence that merely sits nearest ("Keras is designed as a high-level API …")."""
    for goal in ("I want to train GANs", "I want to build a chatbot"):
        text = bot.ask(goal).text
        assert text.startswith("The sources don't say which framework suits "), text


def test_still_asked_of_a_renamed_tool_leads_with_its_current_name(bot: Any) -> None:
    """ "Does TensorFlow still have TFLite?": a dated update renamed the very tool asked about (TFLite is one of
    its old names), so the current state leads, not the article's list with a footnote; the same update does not
    lead a question about another tool the quoted sentence happens to name (TensorBoard)."""
    text = bot.ask("Does TensorFlow still have TFLite?").text
    assert text.startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), text
    other = bot.ask("is TensorBoard still part of TensorFlow?").text
    assert not other.startswith("As of 2024-09-04"), other


def test_is_it_only_for_a_use_case_answers_with_what_else_it_suits(bot: Any) -> None:
    """ "is Keras only for beginners?" asks whether beginners are all it suits: "Not only" with what the
    sources say it is best suited for leads, then the pick; without "only" the pick alone answers."""
    text = bot.ask("is Keras only for beginners?").text
    assert text.startswith("Not only: Keras is best suited for beginners; rapid prototyping"), text
    assert not bot.ask("Is Keras good for beginners?").text.startswith("Not only")


def test_a_picks_first_line_gives_its_reason_in_the_sources_words(bot: Any) -> None:
    """ "**Keras** is the sources' pick for beginners [n]" alone names no reason: the first line goes on with the
    pick's own sentence on that use case (not a verdict row, not a sentence setting another framework against it
    that is about that one: "While it once trailed TensorFlow …, PyTorch has narrowed that gap")."""
    lead = bot.ask("best framework for beginners?").text.splitlines()[0]
    assert re.match(r"\*\*Keras\*\* is the sources' pick for beginners (\[\d+\])+: Keras is ", lead), lead
    lead = bot.ask("best framework for production readiness?").text.splitlines()[0]
    assert "PyTorch" not in lead and lead.startswith("**TensorFlow**"), lead


def test_the_use_case_a_turn_was_read_as_decides_the_pick(bot: Any) -> None:
    """ "put a model in an android app" grazes "custom model architectures" (PyTorch) as closely as TensorFlow's
    mobile labels; read as mobile (the articles' word for android), the pick is TensorFlow."""
    lead = bot.ask("which framework should i use to put a model in an android app?").text.splitlines()[0]
    assert lead.startswith("**TensorFlow** is the sources' pick for mobile"), lead


def test_a_fact_field_leads_as_a_sentence_naming_its_subject(bot: Any) -> None:
    """The facts file's sentences lead fact answers, so each is a whole sentence ("Keras is programmed in
    Python."), not a label ("Keras languages: Python."); a value worded as a clause about the framework reads as its
    own sentence ("Keras relies on TensorFlow tools for deployment.", not "… deployment targets: it relies …")."""
    assert bot.ask("what language is keras written in?").text.startswith("Keras is programmed in Python.")
    lead = bot.ask("how are keras models deployed?").text.splitlines()[0]
    assert lead.startswith("Keras relies on TensorFlow tools for deployment."), lead


def test_a_dispute_leads_with_what_is_disputed_and_then_each_side(bot: Any) -> None:
    """ "what year did pytorch come out": the facts file's statement of the dispute (both dates and the PyTorch
    team's own post) is the first line, cited first; each side follows as its own quoted line, not stitched into
    the lead ("PyTorch: It was developed … 2017. [1]; PyTorch — Release: 2016. [2]. The articles …")."""
    lines = [line for line in bot.ask("what year did pytorch come out").text.splitlines() if line.strip()]
    assert lines[0].startswith("The sources disagree") and lines[0].endswith("[1]"), lines[0]
    assert "disagree: The articles disagree" not in lines[0], "said once"
    assert "2016" in lines[0] and "2017" in lines[0] and "PyTorch team" in lines[0], lines[0]
    sides = lines[1:3]
    assert all(line.startswith("- ") for line in sides), lines
    assert any("2016" in line for line in sides) and any("2017" in line for line in sides), lines


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("which one is faster for training?", "faster"),
        ("Which framework has the bigger community?", "community"),
        ("pls rank all three by how flexible they are for low level hacking", "flexib"),  # "rank" ranks them
        ("is tensorflow harder than pytorch?", "easier to learn"),  # "harder", read alone, ranks on ease
        ("is pytorch easier to pick up than tensorflow if i know numpy?", "easier to learn"),  # "pick up" picks none
        ("keras vs pytorch: which one is less painful to pick up?", "easier to learn"),  # the trait read alone
    ],
)
def test_which_is_faster_ranks_the_frameworks_on_that_axis(bot: Any, question: str, said: str) -> None:
    """ "which one is faster for training?" ranks them on speed ("training" does not make it a pick for a use
    case), and "which has the bigger community?" on community: "<A> is … than <B>", not a use-case pick."""
    answer = bot.ask(question)
    lead = first_line(answer.text)
    assert answer.intent == "comparison" and " than " in lead and said in lead, answer.text


@pytest.mark.parametrize(
    "question", ["whats ONNX for", "What is TorchScript for?", "what is TFX used for?", "what's onnx good for?"]
)
def test_what_a_named_thing_is_for_is_a_fact_not_a_pick(bot: Any, question: str) -> None:
    """ "whats ONNX for" asks what ONNX does (nothing follows its "for", and "whats" is "what's"): the lead is
    a sentence that names it, not "**PyTorch** is the sources' pick for cross-platform deployment". "good for"
    after a named thing asks the same, not for a pick."""
    answer = bot.ask(question)
    lead = first_line(answer.text)
    thing = question.split()[1 if question.split()[0] in ("whats", "what's") else 2]
    assert thing.casefold() in lead.casefold() and "pick" not in lead, answer.text


def test_frameworks_as_the_closing_choice_after_a_need_ask_a_pick(bot: Any) -> None:
    """ "my thesis is on new attention mechanisms. pytorch or keras?": the need is said first, then the frameworks
    as the choice: a pick for that need (PyTorch, research), not an overview of both. Named alone ("pytorch or
    keras?") they are still compared."""
    lead = first_line(bot.ask("my thesis is on new attention mechanisms. pytorch or keras?").text)
    assert lead.startswith("**PyTorch** is the sources' pick for research"), lead
    assert bot.ask("pytorch or keras?").intent == "comparison"


def test_a_plain_word_written_as_a_name_is_no_frameworks_tool(bot: Any) -> None:
    """ "new to ML, which framework?": "ML" is written like a name and only TensorFlow's sentences use it ("TFX for
    end-to-end ML pipelines"), but it is a plain word, not a tool: no TensorFlow pick from it. "which framework has
    XLA?" still goes by the one framework whose sentences name XLA."""
    answer = bot.ask("new to ML, which framework?")
    assert "TFX" not in first_line(answer.text) and answer.frameworks[:1] != ["TensorFlow"], answer.text
    assert bot.ask("which framework has XLA?").frameworks[:1] == ["TensorFlow"]


def test_a_named_thing_not_a_party_says_what_a_pick_is_about(bot: Any) -> None:
    """ "we have free TPU time on google cloud for training. which framework should we use?": Google is a party
    the facts tie to TensorFlow, but the question is about TPUs: the lead says TensorFlow's TPU support, not who
    develops it. "Which framework does Google use internally?" still goes by the party."""
    question = "we have free TPU time on google cloud for training. which framework should we use?"
    lead = first_line(bot.ask(question).text)
    assert lead.startswith("**TensorFlow**") and "TPU" in lead and "developed by" not in lead, lead
    assert bot.ask("Which framework does Google use internally?").frameworks[:1] == ["TensorFlow"]


def test_a_dotted_code_name_is_asked_as_written(bot: Any) -> None:
    """ "what does tf.function do?": "tf.function" is one name (the dated update says TensorFlow points to it for
    graph mode), not "TensorFlow.function": that update leads, not TensorFlow's languages."""
    lead = first_line(bot.ask("what does tf.function do?").text)
    assert "tf.function" in lead and "programmed in" not in lead, lead


def test_a_rundown_of_two_frameworks_ranks_them_on_no_axis(bot: Any) -> None:
    """ "pytorch vs tensorflow, give me the quick rundown" names no trait to rank them on: an overview, not "**PyTorch**
    is easier to debug than TensorFlow", a verdict its meaning happened to graze."""
    answer = bot.ask("tensorflow vs pytorch, give me a quick rundown")
    assert answer.intent == "comparison" and not re.match(r"\*\*\w+\*\* is ", answer.text), answer.text
    # … nor a use-case pick a word of it grazes with no "for" to name one ("quick" ~ "quick model iterations")
    answer = bot.ask("quick rundown, pytorch vs keras")
    assert answer.intent == "comparison" and not re.match(r"\*\*\w+\*\* is ", answer.text), answer.text


def test_a_framework_after_start_with_is_no_pick(bot: Any) -> None:
    """ "if I start with keras, could I move over to pytorch down the road?" has chosen already: "start with" a
    framework asks no pick (it was "the sources don't say which framework suits that use case"); the FAQ that
    answers it leads. "what should I start with?" still asks for one."""
    lead = first_line(bot.ask("if I start with keras, could I move over to pytorch down the road?").text)
    assert "switch from Keras to PyTorch? Yes" in lead, lead
    assert bot.ask("what should I start with?").frameworks[:1] == ["Keras"]


@pytest.mark.parametrize(
    "question",
    [
        "Which framework is best for research?",
        "What is the best framework for beginners?",
        "Best framework for edge devices?",
    ],
)
def test_each_passage_a_pick_cites_is_quoted_in_the_answer(bot: Any, question: str) -> None:
    """ "**PyTorch** is the sources' pick for research [1][2]": each of [1] and [2] is quoted below (or after the
    lead's colon), so the reader sees what backs the pick; a facts-file verdict cited but never shown was noise.
    Breaks: the lead citing every matching verdict, quoted or not."""
    answer = bot.ask(question)
    lead = first_line(answer.text)
    verdict = lead.split("]: ", 1)[0] if "]: " in lead else lead
    rest = answer.text[len(verdict) :]
    for marker in re.findall(r"\[\d+\]", verdict.split("through", 1)[0]):
        assert marker in rest, f"{marker} is cited by the pick and never quoted: {answer.text}"


def test_a_question_word_typed_without_its_apostrophe_still_asks_it(bot: Any) -> None:
    """ "whos behind pytorch" asks who, like "who's behind PyTorch?" (it got the release-date dispute)."""
    lead = first_line(bot.ask("whos behind pytorch").text)
    assert lead.startswith("PyTorch is developed by Meta"), lead


def test_a_pick_gives_a_reason_in_the_use_cases_words_when_none_is_closer(bot: Any) -> None:
    """ "I'm new to deep learning, which framework should I start with?": no Keras sentence sits as close as
    the reason threshold asks, but "… a go-to framework for newcomers to deep learning" says the use case in
    its words: it is the lead's reason, not a bare "**Keras** is the sources' pick … [1]."."""
    lead = first_line(bot.ask("I'm new to deep learning, which framework should I start with?").text)
    assert lead.startswith("**Keras** is the sources' pick") and "]: " in lead, lead


def test_only_asking_a_fact_field_is_answered_with_that_field(bot: Any) -> None:
    """ "Is TensorFlow Python-only, or can I write it in another language too?" asks its languages; the "only"
    does not make it "is it only for <use case>?", answered with what it is best suited for."""
    lead = first_line(bot.ask("Is TensorFlow Python-only, or can I write it in another language too?").text)
    assert "Python and C++" in lead and not lead.startswith("Not only"), lead
    assert first_line(bot.ask("is pytorch only for research?").text).startswith("Not only: PyTorch is best suited")


def test_a_tool_named_in_a_bare_list_item_is_said_in_a_sentence(bot: Any) -> None:
    """ "tell me what TensorBoard is": the sources' closest unit is a list item ("TensorBoard for visualization");
    the lead says it as the sentence the item stands for, naming the tool and whose it is, with the item's
    marker, not the bare fragment."""
    lead = first_line(bot.ask("tell me what TensorBoard is").text)
    assert lead.startswith("TensorBoard is TensorFlow's tool for visualization. [1]"), lead
    # a sentence that says what a tool does is quoted as it is, never made into "… is PyTorch's tool for …"
    assert first_line(bot.ask("What is TorchScript for?").text).startswith("TorchScript allows PyTorch models")
    lead = first_line(bot.ask("what's torchscript for").text)
    assert "tool for" not in lead and lead.startswith("TorchScript "), lead


def test_two_named_frameworks_for_a_use_case_the_sources_give_a_third_say_so_first(bot: Any) -> None:
    """ "if I just want to try out prototypes fast, TF or PyTorch?" sets two frameworks against each other for
    a use case (no axis asked) whose pick in the sources is Keras: the lead says so, then what each side's
    sources say, not an FAQ answer about deployment that happens to name both."""
    answer = bot.ask("if I just want to try out prototypes fast, TF or PyTorch?")
    lead = first_line(answer.text)
    assert lead.startswith("The sources' pick for") and "**Keras**" in lead and "neither of these" in lead, lead
    assert "- **PyTorch**:" in answer.text and "- **TensorFlow**:" in answer.text, answer.text


def test_a_yes_no_question_on_how_frameworks_stand_now_leads_with_the_current_state(bot: Any) -> None:
    """ "Can I run Keras on PyTorch these days, or is it still stuck with TensorFlow?" names three frameworks and
    says "or", but sets none against another on an axis: it asks Keras's current state, which Keras 3.0's
    dated update gives. A ranking asked with "still" stays a comparison."""
    lead = first_line(bot.ask("Can I run Keras on PyTorch these days, or is it still stuck with TensorFlow?").text)
    assert lead.startswith("As of 2023-11-28, Keras 3.0"), lead
    assert bot.ask("Is TensorFlow still harder than PyTorch?").intent == "comparison"


def test_a_verdict_sentences_framing_names_no_use_case_between_two_named_frameworks(bot: Any) -> None:
    """ "which has better docs, pytorch or tensorflow?" names no use case; a long verdict sentence ("…, making it
    ideal for large-scale enterprise applications") grazes it by its framing alone, and must not turn the
    comparison into an enterprise pick."""
    answer = bot.ask("which has better docs, pytorch or tensorflow?")
    assert "the sources' pick" not in first_line(answer.text), answer.text
    assert answer.intent == "comparison"


def test_should_i_use_a_frameworks_own_tool_for_its_use_case_gets_the_pick(bot: Any) -> None:
    """ "Should I use TensorFlow.js to show a demo in the browser?" names the tool of TensorFlow's own browser
    target: the answer is the sources' browser pick with that tool, not a bare list item naming it. A tool a
    dated update renamed still leads with its current name."""
    lead = first_line(bot.ask("Should I use TensorFlow.js to show a demo in the browser?").text)
    assert lead.startswith("**TensorFlow** is the sources' pick for browser") and "TensorFlow.js" in lead, lead
    lite = first_line(bot.ask("should I use TensorFlow Lite for my phone app?").text)
    assert lite.startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), lite


def test_a_thing_another_framework_reaches_through_its_owner_still_has_one_owner(bot: Any) -> None:
    """ "which one has better support for TPUs?": one sentence naming TPUs is about Keras, but it says Keras gets
    them through "TensorFlow backend features"; every sentence naming TPUs names TensorFlow, so TensorFlow is the
    answer, not "the sources don't say which framework suits TPUs"."""
    answer = bot.ask("which one has better support for TPUs?")
    assert answer.frameworks[:1] == ["TensorFlow"], answer.text
    assert "TPU" in first_line(answer.text), answer.text


def test_a_question_about_now_leads_with_the_update_of_the_sentence_that_answers_it(bot: Any) -> None:
    """ "how does TensorFlow handle deployment to phones nowadays?" is answered by TensorFlow's deployment targets,
    whose TensorFlow Lite a dated update renamed: asked about now, the update leads and the old sentence follows,
    rather than the old sentence with its correction tucked in after it."""
    lines = bot.ask("how does TensorFlow handle deployment to phones nowadays?").text.splitlines()
    assert lines[0].startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), "\n".join(lines)
    assert lines[1].startswith("The articles still say:"), "\n".join(lines)


def test_a_pick_asked_for_what_matters_on_an_axis_ranks_the_frameworks_on_it(bot: Any) -> None:
    """ "my loss keeps going NaN, which framework makes debugging that less painful?" and "which framework
    should I use if debugging matters most to me?" ask which framework is best on one axis: the ranking on
    debugging leads (PyTorch), not "not covered", nor a pick "for academic projects" because a verdict sentence
    happens to say "debugging"."""
    for question in (
        "my loss keeps going NaN, which framework makes debugging that less painful?",
        "which framework should I use if debugging matters most to me?",
    ):
        lead = first_line(bot.ask(question).text)
        assert lead.startswith("**PyTorch** is easier to debug than"), (question, lead)


def test_a_use_case_the_question_says_it_does_not_want_is_not_its_use_case(bot: Any) -> None:
    """ "… the model has to run on the robot itself, no server. which framework?" says "server" only to rule it
    out: no pick "for server deployment" through TensorFlow Serving, and no sentence chosen for the word."""
    answer = bot.ask(
        "our robotics club is building a rover and the model has to run on the robot itself, no server. "
        "which framework?"
    )
    lead = first_line(answer.text)
    assert "server" not in lead.casefold(), lead
    # … nor one the question says it doesn't care about or need: the use case it does name decides, and words
    research = "my thesis is all custom loss functions, i don't care about deployment at all. what should i use?"
    lead = first_line(bot.ask(research).text)
    assert lead.startswith("**PyTorch**") and "deploy" not in lead, lead
    lead = first_line(bot.ask("we don't need mobile support, which framework is best for research?").text)
    assert lead.startswith("**PyTorch** is the sources' pick for research") and "mobile" not in lead, lead
    # … nor the noun after its modifier ("no backend server at all": the server, not only "backend")
    frontend = (
        "I'm a frontend dev. I want a small model to run entirely in the user's browser, no backend server at all. "
        "Which of these frameworks supports that?"
    )
    lead = first_line(bot.ask(frontend).text)
    assert lead.startswith("**TensorFlow** is the sources' pick for browser deployment"), lead


def test_a_picks_bullets_are_sentences_about_the_pick(bot: Any) -> None:
    """Under "**TensorFlow** is the sources' pick for browser deployment", a sentence sharing a plain word with the
    question ("run") but about Keras ("Keras can run on top of multiple backends, including TensorFlow …") is
    no support for TensorFlow."""
    answer = bot.ask("we want our model to run in the browser with no backend at all, which framework?")
    assert first_line(answer.text).startswith("**TensorFlow** is the sources' pick for browser"), answer.text
    bullets = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert not any(b.startswith("- Multi-Backend Support: Keras") for b in bullets), answer.text


def test_a_yes_no_after_a_lead_in_word_is_still_a_yes_no(bot: Any) -> None:
    """ "nowadays does keras only work with tensorflow?" is the yes/no "does keras only work with tensorflow?" with
    a word for "now" before it: Keras 3's backends lead, not one sentence per framework side by side (it was
    "Keras began as an independent project … [1] While Keras is now officially part of TensorFlow … [2]")."""
    text = bot.ask("nowadays does keras only work with tensorflow?").text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text


def test_a_yes_no_naming_a_party_asks_who_and_the_facts_sentence_answers(bot: Any) -> None:
    """ "is pytorch still a facebook thing?" names a party the facts give as PyTorch's developer: the developer
    sentence leads, not the overview table row that also says "Facebook" ("PyTorch — Release: 2016. Main Owner:
    Facebook. …", a bare table cell for a lead, with a release-date dispute hanging under it)."""
    text = bot.ask("is pytorch still a facebook thing?").text
    assert text.startswith("PyTorch is developed by Meta (Facebook)"), text
    assert "disagree" not in text, text


def test_a_lead_says_something_the_question_asked_about(bot: Any) -> None:
    """ "how do i write a custom layer in pytorch?": the sentence closest in meaning, "PyTorch is programmed in
    Python." (short and about PyTorch), says none of its words; the one on custom layers leads."""
    lead = first_line(bot.ask("how do i write a custom layer in pytorch?").text)
    assert "custom layers" in lead, lead


def test_a_superlative_about_reaching_a_named_use_case_asks_a_pick(bot: Any) -> None:
    """ "which framework gets us to an MVP fastest?" names a use case in the sources' own word: "fastest" is how soon
    it gets there, so the pick for MVPs (Keras) leads, not "**TensorFlow** is faster at scale than PyTorch". With no
    use case, "which framework is fastest?" still ranks them on speed."""
    for question in (
        "which framework gets us to an MVP fastest?",
        "Two-person startup. We need an MVP image classifier working in about a week, just a standard CNN, nothing "
        "fancy, and neither of us has shipped a deep learning model before. Which framework gets us there fastest?",
    ):
        lead = first_line(bot.ask(question).text)
        assert lead.startswith("**Keras** is the sources' pick for MVPs"), (question, lead)
    assert bot.ask("which framework is fastest?").text.startswith("**TensorFlow** is faster")


def test_a_yes_no_about_a_named_thing_with_an_or_is_no_comparison(bot: Any) -> None:
    """ "can litert run a model i trained in pytorch or is it tf only?" asks about LiteRT: its update (it also runs
    models converted from PyTorch) leads, not "The sources speak of that for PyTorch only …". "does onnx work with
    both tf and torch or just one of them" asks it of both: each one's ONNX sentence, not a pick for one."""
    text = bot.ask("can litert run a model i trained in pytorch or is it tf only?").text
    assert text.startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), text
    lead = first_line(bot.ask("does onnx work with both tf and torch or just one of them").text)
    assert "TensorFlow integrates seamlessly with popular tools like NumPy, OpenCV, and ONNX" in lead, lead
    assert "PyTorch works well with tools like NumPy, OpenCV, and ONNX" in lead, lead


def test_every_claim_keras_3_outdated_is_shown_as_the_old_claim(bot: Any) -> None:
    """ "is keras still tied to tensorflow?": Keras 3's backends lead, and the articles' "tied to TensorFlow" is the
    old claim they correct, not a bullet of support standing unflagged under the update that contradicts it."""
    text = bot.ask("is keras still tied to tensorflow?").text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text
    for line in text.splitlines():
        if "tied to TensorFlow" in line:
            assert line.startswith("The articles still say:") or "outdated" in line, text


def test_a_picks_reason_is_the_sentence_with_the_questions_own_names(bot: Any) -> None:
    """ "which framework actually integrates with spark?": the Apache Spark sentence is the key reason in the lead,
    not a general one on distributed computing with the Spark one left to the bullets."""
    question = "our training data sits in a big apache spark cluster. which framework actually integrates with spark?"
    lead = first_line(bot.ask(question).text)
    # (going by the sentences naming Spark, the asking sentence's own thing, since 2399db1: no use-case label)
    assert lead.startswith("**TensorFlow**") and "Apache Spark" in lead, lead
    lead = first_line(bot.ask("Which framework should I use to train on TPUs?").text)
    assert lead.startswith("**TensorFlow**") and "TPUs" in lead, lead


def test_a_language_named_with_a_sign_is_a_thing_the_lead_says(bot: Any) -> None:
    """ "… a desktop app written in C++ … need inference inside the C++ binary. Can pytorch do that?" names C++, a
    word the sources use in few places: the sentence that says it leads ("TorchScript allows PyTorch models to be
    deployed in C++ environments."), not "PyTorch is programmed in Python."."""
    question = (
        "Our product is a desktop app written in C++. We'd train in Python but need inference inside the C++ "
        "binary. Can pytorch do that?"
    )
    lead = first_line(bot.ask(question).text)
    assert lead.startswith("TorchScript allows PyTorch models to be deployed in C++ environments"), lead


@pytest.mark.parametrize(
    ("question", "pick"),
    [
        # an ordinary word written like a name ("PhD"), beside "and": no framework's name
        (
            "I'm starting a PhD and I'll be building a lot of unusual, custom model architectures. Which framework "
            "fits that best?",
            "PyTorch",
        ),
        # an ordinary word the sources lack, across "or" from another ("text classification or chatbots")
        ("what's the best framework for nlp stuff, like text classification or chatbots?", "PyTorch"),
    ],
)
def test_an_ordinary_word_where_a_name_could_stand_is_no_unknown_framework(bot: Any, question: str, pick: str) -> None:
    """Both were "I don't know: my sources say nothing about PhD / chatbots": a word the embedding model knows
    whole is an ordinary word, not a framework the sources lack ("what about caffe?" still is one)."""
    answer = bot.ask(question)
    assert answer.answered and answer.frameworks[:1] == [pick], answer.text
    assert not bot.ask("what about caffe?").answered


def test_a_lead_naming_the_thing_is_not_followed_by_a_list_of_every_tool(bot: Any) -> None:
    """ "What does XLA do in TensorFlow?": the lead says what XLA is for; "TensorFlow's tooling includes TensorBoard
    …; TFX …; XLA …; Keras …; …" under it names XLA among six other tools and adds nothing (graders marked it
    noise)."""
    for question in ("What does XLA do in TensorFlow?", "What is TFX?"):
        text = bot.ask(question).text
        assert "tooling includes" not in text, (question, text)


def test_a_comparison_on_an_axis_shows_only_rows_on_that_axis(bot: Any) -> None:
    """ "Should I use TensorFlow or PyTorch for production?" compares them on deployment: the table shows no row whose
    topic is nearer another axis ("Industry Adoption", "Best Use Cases"), as the rubric asks (rows off the asked
    axis are noise)."""
    text = bot.ask("Should I use TensorFlow or PyTorch for production?").text
    assert "| Industry Adoption |" not in text and "| Ease of Use |" not in text, text
    debug = bot.ask("tensorflow or pytorch — which one is less painful to debug?").text
    assert "| Ease of Use |" not in debug and "| Execution Model |" in debug, debug


def test_between_two_named_frameworks_a_weaker_use_case_reading_decides(bot: Any) -> None:
    """ "pytorch vs tensorflow for a computer vision phd": the PhD (research, with the articles' word for it) is read
    at the lower floor a pick between named frameworks is judged at, so PyTorch, not TensorFlow "for large-scale
    distributed training", a label the raw meaning of "computer vision" grazed."""
    lead = first_line(bot.ask("pytorch vs tensorflow for a computer vision phd").text)
    assert lead.startswith("**PyTorch**"), lead


def test_a_who_asked_after_and_is_answered_too(bot: Any) -> None:
    """ "when did keras come out and who made it?" asks two things: the maker as well as the year (the "who" after
    "and" was not read as a question word, and only "Keras was first released in 2015." came back)."""
    lead = first_line(bot.ask("when did keras come out and who made it?").text)
    assert "2015" in lead and "Chollet" in lead, lead


def test_a_word_said_in_passing_is_not_a_thing_the_sources_tie_elsewhere(bot: Any) -> None:
    """ "my ML team lead prefers pytorch, what should I know about it?" asks about PyTorch: "ML" (in few passages, all
    TensorFlow's) is no tool it lacks; only a question about a thing ("does pytorch have something like …?") gets
    "the sources name X for TensorFlow, not for PyTorch"."""
    answer = bot.ask("my ML team lead prefers pytorch, what should I know about it?")
    assert "name ML" not in answer.text and "PyTorch" in answer.text.split("\n")[0]
    assert "not for PyTorch" in bot.ask("does pytorch have something like tensorboard?").text.split("\n")[0]
    # (a dispute about the framework, when it came out, does not answer it)
    assert "not for PyTorch" in first_line(bot.ask("does pytorch have tensorboard?").text)
    # a yes or no after the thing ("and tensorboard, is that pytorch's too …?") asks about it as well
    history = [
        {"role": "user", "content": "what is torchscript actually for"},
        {"role": "assistant", "content": bot.ask("what is torchscript actually for").text},
    ]
    owner = bot.ask("and tensorboard, is that pytorch's too or the other one's?", history)
    assert owner.text.startswith("The sources name TensorBoard for TensorFlow, not for PyTorch"), owner.text


def test_which_came_first_says_when_the_sources_give_one_year_for_both(bot: Any) -> None:
    """ "which came out first, keras or tensorflow?": both first released in 2015 by the sources, which give no
    finer date; the lead says so rather than listing them as if one came first."""
    a = bot.ask("which came out first, keras or tensorflow?")
    assert first_line(a.text).startswith("The sources give the same year for both, 2015"), a.text
    assert "same year" not in bot.ask("when were tensorflow and pytorch released?").text


def test_which_came_first_leads_with_the_earlier_one(bot: Any) -> None:
    """ "Which came out first, TensorFlow or PyTorch?" / "which is older, pytorch or keras?": the earlier one leads,
    then the years; PyTorch's disputed year stated as the sources' disagreement, in one plain sentence."""
    a = bot.ask("Which came out first, TensorFlow or PyTorch?")
    assert first_line(a.text).startswith("TensorFlow came out first: TensorFlow was first released in 2015"), a.text
    assert "The sources disagree — on when PyTorch was released" in a.text and "disagree: The articles" not in a.text
    assert first_line(bot.ask("which is older, pytorch or keras?").text).startswith("Keras came out first")


def test_when_it_comes_to_asks_no_time_and_who_after_a_comma_asks_a_party(bot: Any) -> None:
    """ "and when it comes to tensorflow, who is behind it?": its maker alone; "when it comes to" asks no date, and
    a "who" opening the clause after the comma asks who, not what the sources say near the word "behind"."""
    a = bot.ask("and when it comes to tensorflow, who is behind it?")
    assert a.text.startswith("TensorFlow is developed by Google") and "released" not in a.text, a.text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("what would I use TensorBoard for?", "TensorBoard is TensorFlow's tool for visualization"),
        ("what's tensorboard for?", "TensorBoard is TensorFlow's tool for visualization"),
        ("what do people use torchscript for?", "TorchScript allows PyTorch models to be deployed in C++"),
        ("OK, unrelated: what would I use TensorBoard for?", "TensorBoard is TensorFlow's tool for visualization"),
        # the facts file's list names it among others; its one item, said whole, answers
        ("what does XLA actually do?", "XLA (Accelerated Linear Algebra) is TensorFlow's tool for optimizing"),
        ("what's onnx for in pytorch?", "ONNX is PyTorch's tool for cross-platform compatibility. [1]"),
    ],
)
def test_what_a_tool_is_for_leads_with_the_sentence_whose_subject_it_is(bot: Any, question: str, lead: str) -> None:
    """ "what would I use TensorBoard for?" asks what the tool does, not for a framework pick nor who uses it; the
    sentence that opens with the tool answers, not one listing it among others ("… including TensorBoard for
    visualization, TensorFlow Serving for …, and TensorFlow Lite …")."""
    a = bot.ask(question)
    assert first_line(a.text).startswith(lead), a.text


def test_an_item_said_alone_carries_no_update_of_another_item(bot: Any) -> None:
    """ "what's onnx for in pytorch?" is answered by one item of PyTorch's tool list; PyTorch Mobile, listed beside
    it and replaced by ExecuTorch since, is not what the answer says, so its update is no part of the lead."""
    lead = first_line(bot.ask("what's onnx for in pytorch?").text)
    assert lead == "ONNX is PyTorch's tool for cross-platform compatibility. [1]", lead


def test_a_framework_to_run_on_is_no_place_to_run(bot: Any) -> None:
    """ "Can Keras run on PyTorch now instead of TensorFlow?" names frameworks to run on, not a deployment target:
    Keras 3 (on JAX, TensorFlow or PyTorch) leads, not "The sources list server among TensorFlow's deployment
    targets"; "does keras run in the browser like tensorflow does?" still names the place TensorFlow runs."""
    a = bot.ask("Can Keras run on PyTorch now instead of TensorFlow?")
    assert "Keras 3.0" in first_line(a.text) and "deployment targets" not in a.text, a.text
    browser = bot.ask("does keras run in the browser like tensorflow does?")
    assert first_line(browser.text).startswith("The sources list browser among TensorFlow's deployment targets")


def test_the_sources_own_answer_to_a_question_on_two_frameworks_is_not_displaced_by_a_shared_word(bot: Any) -> None:
    """ "Is Keras basically just TensorFlow under another name?": the answer under the article's own "TensorFlow vs
    Keras: Aren't They the Same?" leads ("Not exactly— …"), not a sentence sharing its "under" ("… under the hood");
    "Is Keras part of TensorFlow?", said word for word by "Keras is now officially part of TensorFlow", keeps it."""
    a = bot.ask("Is Keras basically just TensorFlow under another name?")
    assert first_line(a.text).startswith("Not exactly—TensorFlow and Keras often get lumped together"), a.text
    assert "officially part of TensorFlow" in first_line(bot.ask("Is Keras part of TensorFlow?").text)
    # asked of now ("now", "at this point"), the current state of how they relate leads: Keras 3, on JAX, TensorFlow
    # or PyTorch (the sources' own answer, "Not exactly— …", says nothing of it)
    for question in ("is keras basically just a part of tensorflow now?", "is keras just part of tf at this point?"):
        lead = first_line(bot.ask(question).text)
        assert lead.startswith("As of 2023-11-28, Keras 3.0") and "PyTorch" in lead, lead


def test_a_pick_between_two_things_no_source_names_is_declined_even_asked_as_should_i_use(bot: Any) -> None:
    """ "Should I use React or Vue for my startup's frontend?" asks to pick one of its two sides, neither of which
    the sources name: "I don't know", not what each ML framework is best suited for. Naming the kind asked for
    ("raspberry pi or jetson, which framework?") asks for one of ours."""
    assert not bot.ask("Should I use React or Vue for my startup's frontend?").answered
    assert bot.ask("raspberry pi or jetson, which framework?").answered


def test_a_degree_asked_in_a_phrase_of_its_own_names_the_axis(bot: Any) -> None:
    """ "If I get stuck, which has the bigger crowd of people I can ask for help: TensorFlow or PyTorch?": the
    whole turn's meaning is spread over "stuck" and the names, but "the bigger crowd of people I can ask for help"
    read alone is the community axis: TensorFlow's larger community leads, not what each is for."""
    a = bot.ask("If I get stuck, which has the bigger crowd of people I can ask for help: TensorFlow or PyTorch?")
    assert first_line(a.text).startswith("**TensorFlow** is backed by a larger community than PyTorch"), a.text


@pytest.mark.parametrize(
    "question",
    [
        "Does TensorFlow still make me define a static graph up front, or can it run my code line by line now?",
        "Does TensorFlow use static computation graphs?",
    ],
)
def test_no_static_graph_claim_stands_unflagged_under_tensorflow_2s_update(bot: Any, question: str) -> None:
    """ "Does TensorFlow still make me define a static graph up front, or can it run my code line by line now?":
    eager-by-default (TensorFlow 2.0) leads, and every other line that gives TensorFlow static computation graphs
    is marked as what the articles still say or as outdated, the facts file's own sentence included."""
    a = bot.ask(question)
    assert first_line(a.text).startswith("As of 2019-09-30, TensorFlow 2.0"), a.text
    for line in a.text.splitlines()[1:]:
        if re.search(r"static computation graphs? (?:improve|with eager)|execution model is static", line):
            assert "outdated" in line or line.startswith("The articles still say"), line


def test_a_comparison_gives_no_dates_for_a_field_its_meaning_only_grazes(bot: Any) -> None:
    """ "which framework has better docs?" sits near the release-year field in meaning, but no "when" or "first" asks
    a date: release years are no answer; "which came out first, keras or tensorflow?" still gets them."""
    assert "first released" not in bot.ask("which framework has better docs?").text
    assert "first released in 2015" in bot.ask("which came out first, keras or tensorflow?").text


def test_a_name_no_source_knows_beside_a_choice_of_ours_is_no_side_of_it(bot: Any) -> None:
    """ "… investors keep asking about MLOps. TF or PyTorch?": "MLOps" is part of the need, not a framework set against
    them, so the choice is answered (TensorFlow, for production), not "my sources say nothing about MLOps"; an
    unknown name across the "or" ("caffe or pytorch?") is still declined."""
    a = bot.ask(
        "We're a 6 person startup, building a recsys that has to serve a LOT of traffic. We also need proper "
        "pipelines + model monitoring + versioning because investors keep asking about MLOps. TF or PyTorch?"
    )
    assert a.answered and first_line(a.text).startswith("**TensorFlow**"), a.text
    assert not bot.ask("caffe or pytorch?").answered


def test_a_yes_no_on_how_two_frameworks_relate_now_leads_with_the_update_that_changed_it(bot: Any) -> None:
    """ "so can keras work with pytorch too?": Keras 3 (on JAX, TensorFlow or PyTorch) is the dated update of Keras
    that names PyTorch too: it leads. Where the sources answer their own question about the two ("Is Keras part of
    TensorFlow?" under "Aren't They the Same?", the FAQ "Can I switch from Keras to PyTorch?"), that answer leads."""
    assert first_line(bot.ask("so can keras work with pytorch too?").text).startswith("As of 2023-11-28, Keras 3.0")
    assert "officially part of TensorFlow" in first_line(bot.ask("Is Keras part of TensorFlow?").text)
    assert first_line(bot.ask("Can I switch from Keras to PyTorch?").text).startswith("Can I switch from Keras")


def test_a_yes_no_about_one_framework_is_no_comparison_for_a_vs_in_its_context(bot: Any) -> None:
    """ "Does TensorFlow still work with static graphs? Every blog I read says it's static vs pytorch dynamic": the
    question asks about TensorFlow now (eager by default since TensorFlow 2.0, which leads); the "vs" is in what the
    user read, not a comparison asked."""
    a = bot.ask("Does TensorFlow still work with static graphs? Every blog I read says it's static vs pytorch dynamic")
    assert first_line(a.text).startswith("As of 2019-09-30, TensorFlow 2.0"), a.text


def test_is_that_still_so_asks_the_sentence_it_points_at(bot: Any) -> None:
    """ "my uni lecture notes (pretty old) say keras runs on theano or CNTK. is that still how it works?": "that" is
    the sentence before, about Keras, so Keras 3's backends lead before CNTK's end (which was the lead)."""
    a = bot.ask("my uni lecture notes (pretty old) say keras runs on theano or CNTK. is that still how it works?")
    assert first_line(a.text).startswith("As of 2023-11-28, Keras 3.0"), a.text


def test_a_side_the_quoted_sentence_names_is_not_said_to_be_unspoken_of(bot: Any) -> None:
    """ "Keras and TensorFlow, are they the same thing? …": the sentence quoted ("Keras is a user-friendly interface
    built on top of TensorFlow …") speaks of both, so the answer never says the sources say nothing of TensorFlow."""
    a = bot.ask(
        "Keras and TensorFlow, are they the same thing? My engineers use both names interchangeably and I'm a PM so "
        "bear with me"
    )
    assert "built on top of TensorFlow" in first_line(a.text) and "nothing of it for" not in a.text, a.text


def test_a_bullet_does_not_say_the_lead_again_in_other_words(bot: Any) -> None:
    """ "Who created Keras?": "Keras was created by François Chollet" answers it; "Keras is developed by François
    Chollet" (the facts' field, nearly the same sentence) is not repeated under it as more from the sources."""
    a = bot.ask("Who created Keras?")
    assert first_line(a.text).startswith("Keras was created by François Chollet"), a.text
    assert "More from the sources" not in a.text, a.text


def test_a_table_cell_is_not_read_as_a_sentence_about_the_thing_it_lists(bot: Any) -> None:
    """ "is tensorflow usable from C++ or only python?": the facts' sentence "TensorFlow is programmed in Python and
    C++" leads, not the bare cell "Language — TensorFlow: C++, Python" because it opens with "C++"."""
    a = bot.ask("is tensorflow usable from C++ or only python?")
    assert first_line(a.text).startswith("TensorFlow is programmed in Python and C++"), a.text


def test_a_measure_asked_of_each_framework_is_each_ones_figure_not_a_verdict(bot: Any) -> None:
    """ "how fast is training on ImageNet with each framework?" ranks nothing (no "faster", no "or"): the benchmark
    list that gives every framework's ImageNet time answers it, not "TensorFlow is faster at scale"; "Keras or
    PyTorch if I need maximum flexibility?" still gets its verdict."""
    a = bot.ask("how fast is training on ImageNet with each framework?")
    assert first_line(a.text).startswith("Training time comparison (ImageNet)"), a.text
    assert "faster at scale" not in a.text
    assert bot.ask("Keras or PyTorch if I need maximum flexibility?").text.startswith("**PyTorch** is more flexible")


def test_who_is_right_asks_which_side_to_take_not_who_makes_them(bot: Any) -> None:
    """ "… half the team wants pytorch, half wants tensorflow … who's right?" asks which side to take for the need
    stated (phones), not who develops each framework: "who" before "right"/"correct" names no party."""
    text = bot.ask(
        "our app runs models on phones. half the team wants pytorch, the other half tensorflow. who's right?"
    ).text
    assert text.startswith("**TensorFlow** is the sources' pick for mobile") and "developed by" not in text, text


def test_a_pick_asked_with_long_context_still_gives_its_reason(bot: Any) -> None:
    """ "I'm teaching an evening class on deep learning next spring, the students have never trained a model …":
    the context pulls the question's meaning off the use case, so no sentence of the pick's is close to both; one
    stating the use case in its words ("Keras continues to lead in education …") is still the lead's reason."""
    lead = bot.ask(
        "I'm teaching an evening class on deep learning next spring, the students have never trained a model. "
        "What should the exercises use?"
    ).text.splitlines()[0]
    assert lead.startswith("**Keras** is the sources' pick for education [1]: Keras continues to lead in"), lead


def test_a_party_asked_of_now_is_answered_by_the_party(bot: Any) -> None:
    """ "who maintains keras these days?" asks a party, now: the party's sentence answers it, not a dated update of
    another of Keras's claims (Keras 3's backends), however near "these days" brings it."""
    lead = bot.ask("who maintains keras these days?").text.splitlines()[0]
    assert lead.startswith("Keras is developed by François Chollet"), lead


@pytest.mark.parametrize(
    "question",
    [
        "I'm a phd student writing lots of custom layers for a new architecture, what should I use?",
        "for my masters research i'll be prototyping pretty weird custom architectures, lots of trial and error. "
        "what do people usually use for that",
    ],
)
def test_a_reason_opening_with_a_pronoun_for_the_sentence_before_does_not_lead_a_pick(bot: Any, question: str) -> None:
    """The research pick's closest reason is the source's "It's a major reason why researchers favor PyTorch is when
    …": its "It" is a sentence before it, and it does not read on its own (graders failed it). A reason of the pick's
    that names what it speaks of leads instead."""
    lead = first_line(bot.ask(question).text)
    assert lead.startswith("**PyTorch** is the sources' pick") and "major reason" not in lead, lead
    assert lead.split("]: ", 1)[1][:3] not in ("It’", "It'", "Its"), lead


def test_a_replaced_tool_asked_of_now_by_its_old_name_leads_with_its_update(bot: Any) -> None:
    """ "is tensorflow lite still the thing to use for android?" names TensorFlow Lite and asks of now: its rename to
    LiteRT leads, whatever sentence the question's other words are nearest ("… Android support"); it was in the
    "more from the sources" footer."""
    lead = first_line(bot.ask("is tensorflow lite still the thing to use for android?").text)
    assert lead.startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), lead


def test_a_verdict_sentence_sharing_no_word_with_a_pick_question_does_not_pick(bot: Any) -> None:
    """ "which framework has the best visualization tools?" grazes "PyTorch's dynamic computation graphs … ease of
    debugging, making it particularly favoured for research …" (0.27), a verdict sentence that shares none of its
    words: no use case is named, and the sentences that say "visualization" pick (TensorFlow, by TensorBoard). It was
    the PyTorch research pick. A sentence on the tool leads before the list of all TensorFlow's tools."""
    lead = first_line(bot.ask("which framework has the best visualization tools?").text)
    assert lead.startswith("**TensorFlow**, going by the sources:") and "TensorBoard" in lead, lead
    assert "TFX" not in lead, lead


def test_an_faq_whose_answer_names_its_subject_is_quoted_without_its_question(bot: Any) -> None:
    """ "whats the main difference between tensorflow and pytorch?" is answered by the FAQ "Is TensorFlow better than
    PyTorch? It depends. TensorFlow is better for deployment; …": its answer says whom it is about, so it leads
    without the question echoed first (graders failed the echo). An answer that is no sentence about its subject
    ("Keras, followed by PyTorch.") keeps its question ("Which is best for beginners in 2025?")."""
    lead = first_line(bot.ask("whats the main difference between tensorflow and pytorch, in plain english pls").text)
    assert lead.startswith("It depends. TensorFlow is better for deployment"), lead
    beginners = "Which framework is best for beginners?"
    follow = bot.ask("what about PyTorch?", history=[beginners]).text
    assert "Keras, followed by PyTorch" not in follow or "Which is best for beginners in 2025?" in follow, follow


def test_a_rename_of_a_tool_beside_the_one_asked_is_flagged_in_place_not_led_with(bot: Any) -> None:
    """ "can i use tensorflow in javascript?" is answered by "web (TensorFlow.js) and mobile (TensorFlow Lite)": the
    question is nearest TensorFlow's browser target, so the sentence leads with TensorFlow Lite's new name in place;
    the rename to LiteRT used to lead, an answer about phones to a question about JavaScript."""
    lead = first_line(bot.ask("can i use tensorflow in javascript?").text)
    assert "TensorFlow.js" in lead and not lead.startswith("As of"), lead
    assert "now LiteRT" in lead, lead


def test_a_tool_an_articles_sentence_lists_with_its_purpose_is_said_as_that_item(bot: Any) -> None:
    """ "what is tensorflow serving used for?": "… a comprehensive ecosystem, including TensorBoard for visualization,
    TensorFlow Serving for model deployment, and TensorFlow Lite for mobile and embedded devices" says it, as an item
    of a comma list: "TensorFlow Serving is TensorFlow's tool for model deployment" leads, not a list of three tools.
    The item says nothing of TensorFlow Lite beside it, so no note flags that passage for LiteRT."""
    lead = first_line(bot.ask("what is tensorflow serving used for?").text)
    assert lead.startswith("TensorFlow Serving is TensorFlow's tool for model deployment."), lead
    text = bot.ask("What is TensorBoard used for?").text
    assert first_line(text).startswith("TensorBoard is TensorFlow's tool for visualization."), text
    assert "Outdated" not in text, text


def test_a_pick_from_sentences_goes_by_the_thing_named_not_a_plain_word_beside_it(bot: Any) -> None:
    """ "Our company has credits for Google Cloud TPUs. …": TPUs is the thing the sentences must name, a short name in
    capitals that is as specific as a long word. "which framework should we pick?" led with TensorFlow's "(mobile,
    web, cloud)"; "Does that change which framework we should pick?" asks a pick too, not a yes or no about TPUs, and
    led with a bare blog sentence. Both get TensorFlow by its TPU sentence."""
    for asking in ("which framework should we pick?", "Does that change which framework we should pick?"):
        lead = first_line(bot.ask(f"Our company has credits for Google Cloud TPUs. {asking}").text)
        assert lead.startswith("**TensorFlow**, going by the sources:") and "TPUs" in lead, (asking, lead)


def test_a_short_plain_word_of_the_question_does_not_bring_a_sentence_into_a_pick(bot: Any) -> None:
    """ "… trying out new attention variants and weird training tricks … pytorch or tensorflow??": "new" is a plain
    word that words no use case, so "PyTorch is a relatively new deep learning framework based on Torch" is no
    quote for the research pick (graders failed it). "web" words one ("mobile and web applications") and still
    brings TensorFlow.js's sentence into a browser pick."""
    text = bot.ask(
        "first year phd student here. my project is basically trying out new attention variants and weird training "
        "tricks. advisor says use whatever. pytorch or tensorflow??"
    ).text
    assert first_line(text).startswith("**PyTorch** is the sources' pick for research"), text
    assert "relatively new" not in text, text
    web = bot.ask("Which framework is better for running models in a web page?").text
    assert "It also supports web (TensorFlow.js)" in web, web


def test_a_difference_asked_in_a_fields_own_word_gives_that_field_of_each(bot: Any) -> None:
    """ "What's the core difference between how TensorFlow and PyTorch execute models?" ranks them on no axis and says
    the facts' own word ("execution model"): each one's execution model answers it. It led with the "Model
    Customization" row, off the point."""
    lead = first_line(bot.ask("What's the core difference between how TensorFlow and PyTorch execute models?").text)
    assert lead.startswith("TensorFlow's execution model is") and "PyTorch's execution model is" in lead, lead


def test_a_code_name_in_a_list_is_said_as_its_item_whatever_its_case(bot: Any) -> None:
    """ "what is torch.compile for?": the facts list "TorchScript; torch.compile() for just-in-time compilation; …"
    names it as an item, though it opens in lower case; "torch.compile() is PyTorch's tool for just-in-time
    compilation" leads, not the sentence about TorchScript that mentions it last."""
    lead = first_line(bot.ask("what is torch.compile for?").text)
    assert lead.startswith("torch.compile() is PyTorch's tool for just-in-time compilation."), lead


def test_a_version_the_question_names_leads_before_another_name_it_says(bot: Any) -> None:
    """ "what's the difference between tf.keras and keras 3?": Keras 3 is a dated update, the current state; its
    statement leads, and the sentence on tf.keras follows. The tf.keras sentence led and Keras 3 went unmentioned."""
    text = bot.ask("what's the difference between tf.keras and keras 3?").text
    assert first_line(text).startswith("As of 2023-11-28, Keras 3.0 is officially released"), text
    assert "tf.keras" in text, text


def test_a_pick_going_by_a_sentence_adds_no_list_of_the_frameworks_tools(bot: Any) -> None:
    """ "Our company has credits for Google Cloud TPUs. Does that change which framework we should pick?": after the
    TPU sentence that backs TensorFlow, "TensorFlow's tooling includes TensorBoard …; TFX …; XLA …; …" says little
    more; graders failed it as an off-topic bullet."""
    text = bot.ask(
        "Our company has credits for Google Cloud TPUs. Does that change which framework we should pick?"
    ).text
    assert "tooling includes" not in text, text


def test_made_by_a_party_asks_who_makes_it(bot: Any) -> None:
    """ "Is Keras made by Google?" asks its maker, as "who made Keras?" does. It got TensorFlow's deployment targets,
    a use case ("browser") the name "Google" grazes."""
    lead = first_line(bot.ask("Is Keras made by Google?").text)
    assert lead.startswith("Keras is developed by François Chollet"), lead


def test_what_a_thing_is_and_why_use_it_is_about_that_thing(bot: Any) -> None:
    """ "What is TorchScript and why would I use it?" asks about TorchScript; "why would I use" is no request for
    PyTorch's list of pros, which never names it."""
    lead = first_line(bot.ask("What is TorchScript and why would I use it?").text)
    assert lead.startswith("TorchScript") and "pros" not in lead, lead


def test_an_axis_read_by_meaning_alone_must_stand_clear_of_the_next(bot: Any) -> None:
    """ "which one has the best documentation?" sits about as near debugging as ease of use and is about neither:
    the sentence on documentation answers, not "PyTorch is easier to debug"."""
    lead = first_line(bot.ask("which one has the best documentation?").text)
    assert "documentation" in lead and "debug" not in lead, lead


def test_a_pick_asked_after_context_is_no_ranking_on_an_axis_the_context_grazes(bot: Any) -> None:
    """ "… We need to put a recommendation model into production serving a lot of traffic. Which framework should
    we standardize on?" asks a pick for production (TensorFlow); its context's meaning grazes flexibility, and it
    was answered "PyTorch is more flexible than TensorFlow and Keras"."""
    answer = bot.ask(
        "I manage a team of 6 backend engineers (Java/Python, no ML background). We need to put a recommendation "
        "model into production serving a lot of traffic. Which framework should we standardize on?"
    )
    assert answer.frameworks[:1] == ["TensorFlow"] and "flexible" not in first_line(answer.text), answer.text


def test_a_sentence_saying_the_questions_own_word_beats_a_field_its_meaning_grazes(bot: Any) -> None:
    """ "what is pytorch based on?" asks what the sentence "… a relatively new deep learning framework based on Torch"
    says; its meaning alone grazes the developer field ("PyTorch is developed by Meta"), which led."""
    lead = first_line(bot.ask("what is pytorch based on?").text)
    assert "based on Torch" in lead, lead


def test_a_choice_between_named_sides_in_no_words_of_a_use_case_makes_no_pick_for_one(bot: Any) -> None:
    """ "should i switch from tensorflow to pytorch?" names no use case: neither a verdict sentence on Keras for
    newcomers (0.25 by its framing alone) nor "using TensorFlow ecosystem tools" (a weak match sharing no word) is
    its topic. It got "The sources' pick for standard architectures is **Keras**, neither of these"."""
    text = bot.ask("should i switch from tensorflow to pytorch?").text
    assert "neither of these" not in text and "Keras" not in first_line(text), text
    assert "TensorFlow" in first_line(text) and "PyTorch" in first_line(text), text


def test_a_thing_the_asking_sentence_names_outweighs_a_use_case_of_the_context(bot: Any) -> None:
    """ "we got Google Cloud TPU credits via a research grant. which framework gets the most out of TPUs?" asks
    about TPUs (TensorFlow's); "research" in the context (where the money came from) made it the research pick."""
    answer = bot.ask("we got Google Cloud TPU credits via a research grant. which framework gets the most out of TPUs?")
    assert answer.frameworks[:1] == ["TensorFlow"] and "TPU" in first_line(answer.text), answer.text


def test_a_fit_question_about_a_framework_the_sources_do_not_pick_says_so_first(bot: Any) -> None:
    """ "is keras good for production?": no sentence states production of Keras; the answer says Keras is not the
    sources' pick for it before giving the pick (TensorFlow). It gave the pick alone, never saying Keras."""
    text = bot.ask("is keras good for production?").text
    assert first_line(text).startswith("Keras is not the sources' pick for production"), text
    assert "**TensorFlow**" in first_line(text), text


def test_a_comparison_naming_a_table_rows_feature_is_answered_by_that_row(bot: Any) -> None:
    """ "how do the three compare on memory usage": the sources' table has a Memory Management row; its cells
    answer it. The speed verdict ("TensorFlow is faster at scale") its meaning grazed led. A comparison naming an
    axis in its words ("which is faster, pytorch or tensorflow?") still gets the axis verdict."""
    lead = first_line(bot.ask("how do the three compare on memory usage").text)
    assert lead.startswith("On memory management, the sources say: TensorFlow: Efficient memory usage"), lead
    speed = first_line(bot.ask("which is faster, pytorch or tensorflow?").text)
    assert speed.startswith("**TensorFlow** is faster at scale than PyTorch"), speed
    # (… also when a row's feature says the axis's words: "Learning Curve" under the ease verdict)
    curve = first_line(bot.ask("which has the gentler learning curve, keras or pytorch?").text)
    assert curve.startswith("**Keras** is easier to learn and use than PyTorch"), curve


def test_a_going_by_lead_reads_on_its_own(bot: Any) -> None:
    """A pick from sentences leads with one that reads on its own: not "This design allows …" (which points at a
    sentence before it that points back too), nor the pick's name said twice ("PyTorch, going by the sources:
    PyTorch: Great for …")."""
    thesis = bot.ask(
        "For my master's thesis I'll be trying out a bunch of novel attention mechanisms. TF or PyTorch?"
    ).text.split("\n")[0]
    assert thesis.startswith("**PyTorch**, going by the sources:") and "This design" not in thesis, thesis
    history: list[dict[str, str]] = []
    first = "building a text classifier for our customer support tickets (maybe a chatbot later). what should i use?"
    history += [{"role": "user", "content": first}, {"role": "assistant", "content": bot.ask(first).text}]
    vision = bot.ask("what about for computer vision?", history).text.split("\n")[0]
    assert vision.startswith("**PyTorch**, going by the sources:") and "PyTorch: " not in vision, vision


def test_what_do_people_use_to_is_a_question_not_a_request_for_another_kind(bot: Any) -> None:
    """ "what do people use to visualise training curves …?": "do people use" names no kind of thing wanted (as "what
    GPU should I buy" does), so it is answered (TensorBoard) instead of "I don't know"."""
    answer = bot.ask("what do people use to visualise training curves, metrics etc in these frameworks?")
    assert answer.answered and "TensorBoard" in answer.text.split("\n")[0], answer.text


def test_an_faq_answering_another_question_gives_way_to_the_update_that_answers(bot: Any) -> None:
    """ "can I use keras with pytorch as the backend?": Keras 3 (which runs on PyTorch) answers it, not the FAQ "Can
    I switch from Keras to PyTorch? Yes …", which names the same two frameworks but asks something else."""
    lead = bot.ask("can I use keras with pytorch as the backend?").text.split("\n")[0]
    assert lead.startswith("As of 2023-11-28, Keras 3.0") and "switch" not in lead, lead


def test_a_field_read_from_meaning_alone_is_not_asked_of_each_framework(bot: Any) -> None:
    """ "isn't keras just tensorflow?" grazes the developer field by meaning; it asks how the two relate, which the
    sources answer under "TensorFlow vs Keras: Aren't They the Same?", not who develops each."""
    lead = bot.ask("isn't keras just tensorflow? kinda confused").text.split("\n")[0]
    assert lead.startswith("Not exactly") and "developed by" not in lead, lead


def test_a_choice_that_says_nothing_else_takes_its_use_case_from_the_sentences_before(bot: Any) -> None:
    """ "… complete noob … tells my cat apart from my dog in pics. which framework??": "which framework??" alone
    grazed the browser label by meaning (TensorFlow.js); the sentences before it say a beginner (Keras)."""
    answer = bot.ask(
        "ok so im a complete noob lol, did like one python course on udemy. want to make a thing that tells my cat "
        "apart from my dog in pics. which framework??"
    )
    assert answer.text.startswith("**Keras** is the sources' pick for beginners"), answer.text


def test_a_measure_is_no_topic_a_sentence_shares(bot: Any) -> None:
    """ "36 hours" says how long, not what about: "hackathon this weekend, 36 hours, …" was answered with the
    benchmark row "Training time comparison (ImageNet) — PyTorch: ~8-10 hours"."""
    answer = bot.ask("hackathon this weekend, 36 hours, need a working demo fast. keras or pytorch?")
    assert "hours" not in answer.text.split("\n")[0], answer.text


def test_the_sources_answer_to_the_very_question_leads_a_ranking(bot: Any) -> None:
    """ "worth switching to pytorch? is it hard?" after a year of Keras: the FAQ "Can I switch from Keras to PyTorch?
    Yes. …" asks it beside the ease axis, so it leads; the ease verdict ("Keras is easier …") led and answered only
    "is it hard?"."""
    answer = bot.ask("been using keras for about a year. worth switching to pytorch? is it hard?")
    assert answer.text.startswith("Can I switch from Keras to PyTorch? Yes."), answer.text
    assert "**Keras** is easier to learn" in answer.text  # the verdict on the axis still follows


def test_a_yes_or_no_whether_something_is_one_frameworks_alone_checks_the_others(bot: Any) -> None:
    """ "is eager execution a pytorch-only thing?": TensorFlow's own sentence says it has eager execution too, so
    the answer is no, with it; it answered with PyTorch's execution model alone. A sentence about PyTorch that names
    TensorFlow ("Like TensorFlow, PyTorch works well with … ONNX") is not TensorFlow's."""
    eager = bot.ask("is eager execution a pytorch-only thing?").text
    assert eager.startswith("No: the sources say it of TensorFlow too:") and "eager execution" in eager.split("\n")[0]
    onnx = bot.ask("is ONNX just a pytorch thing?").text.split("\n")[0]
    assert onnx.startswith("No: the sources say it of TensorFlow too: TensorFlow integrates"), onnx


def test_a_pick_through_a_tool_does_not_list_the_tools_passage_again(bot: Any) -> None:
    """ "**TensorFlow** is the sources' pick for browser deployment [1], through TensorFlow.js [1]." was followed by
    all of [1] again as a bullet ("… mobile and edge …, browser …, server …"), off the browser and said twice."""
    answer = bot.ask(
        "I want to run a small model right in the user's browser, no server. is that possible with any of these?"
    )
    assert answer.text.startswith("**TensorFlow** is the sources' pick for browser deployment"), answer.text
    assert "deployment targets are" not in answer.text, answer.text


def test_a_word_the_sources_use_everywhere_is_no_party(bot: Any) -> None:
    """ "which framework do most AI research papers use these days?": "AI" is capitalised in "Meta's AI Research lab"
    but used on every page, so it names no party; the research pick answers (it quoted PyTorch's developer)."""
    lead = bot.ask("which framework do most AI research papers use these days?").text.split("\n")[0]
    assert lead.startswith("**PyTorch** is the sources' pick for research") and "developed by" not in lead, lead
    assert bot.ask("Which framework does Google use?").text.startswith("**TensorFlow**, going by the sources")


def test_a_choice_asked_for_someone_else_is_a_pick(bot: Any) -> None:
    """ "should a data scientist learn pytorch or keras first?" asks a pick as "should I …" does: Keras for beginners,
    not the Learning Curve row's two cells side by side."""
    lead = bot.ask("should a data scientist learn pytorch or keras first?").text.split("\n")[0]
    assert lead.startswith("**Keras** is the sources' pick for beginners"), lead


def test_an_axis_narrowed_to_a_use_case_leads_with_the_side_its_sentences_speak_of(bot: Any) -> None:
    """ "pytorch or tensorflow — which has the more active research community?": every sentence on community and
    research is PyTorch's, so PyTorch leads; the verdict on community at large (TensorFlow's) led, and follows now."""
    text = bot.ask("pytorch or tensorflow — which has the more active research community?").text
    assert text.startswith("In research, **PyTorch** stands out on community"), text
    assert "Overall, **TensorFlow**" in text
    lead = bot.ask("which is faster when training big models at scale, pytorch or tensorflow?").text.split("\n")[0]
    assert lead.startswith("**TensorFlow** is faster at scale"), lead  # narrowed to the verdict's side: the verdict



def test_picking_a_framework_asks_a_pick(bot: Any) -> None:
    """ "my company runs everything on google cloud, does that matter for picking a framework?" asks a pick ("picking"
    as "pick" does): the party its words name gives TensorFlow; it quoted a sentence on companies at large."""
    lead = bot.ask("my company runs everything on google cloud, does that matter for picking a framework?").text
    assert lead.startswith("**TensorFlow**"), lead


def test_only_asks_a_use_case_alone_only_when_it_says_only_for(bot: Any) -> None:
    """ "is tensorflow still static graph only?" asks the current state (TensorFlow 2.0, eager by default), not
    "Not only: TensorFlow is best suited for …"; "is it only a tensorflow thing?" after "whats XLA" asks whether XLA
    is TensorFlow's alone. "is keras only for beginners?" still gets "Not only"."""
    graph = bot.ask("is tensorflow still static graph only? my prof says its a pain to debug").text
    assert graph.startswith("As of 2019-09-30, TensorFlow 2.0"), graph
    history = [{"role": "user", "content": "whats XLA"}, {"role": "assistant", "content": bot.ask("whats XLA").text}]
    xla = bot.ask("is it only a tensorflow thing?", history).text
    assert xla.startswith("The sources say it of TensorFlow only:") and "XLA" in xla.split("\n")[0], xla
    assert bot.ask("is keras only for beginners?").text.startswith("Not only:")


def test_a_pick_ranking_a_table_row_compares_every_framework_on_it(bot: Any) -> None:
    """ "which one uses the least memory / ram?": "the least memory" ranks them on the Memory Management row, whose
    cells answer (the sources call both TensorFlow and PyTorch efficient); it picked TensorFlow from its cell alone.
    "best framework for reinforcement learning" ranks no row ("learning" is no degree's word)."""
    lead = bot.ask("which one uses the least memory / ram? my laptop is kinda weak").text.split("\n")[0]
    # (its cells say no degree: the lead says the sources rank none first, round 22)
    assert lead.startswith("The sources rank none first on memory management; they say:") and "PyTorch:" in lead, lead
    rl = bot.ask("what's the best framework for reinforcement learning agents?").text
    assert rl.startswith("The sources don't say which framework suits"), rl


def test_which_of_two_named_frameworks_a_party_uses_is_read_from_its_facts(bot: Any) -> None:
    """ "Does Tesla use pytorch or tensorflow?": the facts name Tesla for both, as for "which framework does tesla
    use?"; it quoted a PyTorch con ("Fewer built-in tools compared to TensorFlow")."""
    lead = bot.ask("Does Tesla use pytorch or tensorflow?").text.split("\n")[0]
    assert lead.startswith("The sources name Tesla for both"), lead
    openai = bot.ask("does openai use pytorch or tensorflow?").text.split("\n")[0]
    assert openai.startswith("**PyTorch**, going by the sources:") and "OpenAI" in openai, openai


def test_what_a_framework_is_best_for_is_not_what_it_is(bot: Any) -> None:
    """ "what is keras best for": "what is" opens it, but the name is followed by what is asked (best for). The
    lead is what the sources say Keras is best suited for, not its definition ("… a high-level neural network API
    …"); "what is tensorflow?" still gets the definition."""
    text = bot.ask("what is keras best for").text
    assert first_line(text).startswith("Keras is best suited for"), text
    # (a question of no words of its own asks nothing more: no "Keras can run on top of … CNTK" under it)
    assert "More from the sources" not in text, text
    assert "best suited" not in first_line(bot.ask("what is tensorflow?").text)


def test_a_ranking_of_two_is_backed_by_sentences_about_those_two(bot: Any) -> None:
    """ "pytorch or tensorflow, which one is more flexible?": the verdict is not backed by "PyTorch offers more
    flexibility", said under "Keras vs PyTorch" (of Keras, not TensorFlow), nor followed by a bullet about Keras
    ("While Keras is … less flexible than TensorFlow and PyTorch"), a framework the question does not set against
    the others. "is pytorch more flexible than keras?" keeps that sentence: its heading sets exactly these two."""
    text = bot.ask("pytorch or tensorflow, which one is more flexible?").text
    lead = first_line(text)
    assert lead.startswith("**PyTorch** is more flexible than TensorFlow") and "offers more flexibility" not in lead
    assert not any(line.startswith("- ") and "Keras" in line for line in text.splitlines()), text
    keras = first_line(bot.ask("is pytorch more flexible than keras?").text)
    assert "PyTorch offers more flexibility" in keras, keras


def test_keras_described_as_built_on_tensorflow_gets_keras_3_first(bot: Any) -> None:
    """ "is keras basically a layer on top of tensorflow?": the closest sentence says Keras is "built on top of
    TensorFlow", a claim Keras 3.0 (2023-11-28, on JAX, TensorFlow or PyTorch) superseded. The current state leads and
    the old claim follows it; it was quoted alone. "Is Keras part of TensorFlow?" keeps the tf.keras sentence too."""
    text = bot.ask("is keras basically a layer on top of tensorflow?").text
    assert first_line(text).startswith("As of 2023-11-28, Keras 3.0"), text
    assert "The articles still say: Keras is a user-friendly interface built on top of TensorFlow" in text, text
    assert "tf.keras" in bot.ask("Is Keras part of TensorFlow?").text


def test_an_update_that_leads_is_not_told_again_under_more_from_the_sources(bot: Any) -> None:
    """ "can i deploy pytorch models to phones?": PyTorch Mobile's end (ExecuTorch) leads and the old claim follows;
    another sentence the same update corrects (PyTorch's targets, "PyTorch Mobile; now ExecuTorch, as of …") is not
    added below as "more": it told the update a second time."""
    text = bot.ask("can i deploy pytorch models to phones?").text
    assert first_line(text).startswith("As of 2024-11-04, PyTorch Mobile is no longer actively supported"), text
    assert text.count("ExecuTorch") == first_line(text).count("ExecuTorch"), text


def test_where_no_source_ranks_the_sides_each_speaks_of_the_axis_even_without_its_name(bot: Any) -> None:
    """ "which one is easier to debug, tensorflow or keras?": no source ranks these two on debugging, so each side
    speaks for itself. Keras's sentence on it says "The API … easy to debug" (its section's, not naming Keras); under
    the bold name it speaks for Keras. It had no line at all, as if the sources said nothing of Keras there."""
    text = bot.ask("which one is easier to debug, tensorflow or keras?").text
    keras = next((line for line in text.splitlines() if line.startswith("- **Keras**")), "")
    assert "debug" in keras, text
