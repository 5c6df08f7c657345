"""Questions in wordings a new user writes: a request verb ("explain …"), a ranking with no framework
named ("which has the bigger community?"), "what's <a concept>?", and "the pros and cons of X".

Written against ``Assistant.ask`` with the real model; each was checked to fail with its mechanism undone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_conversation import chat

pytestmark = pytest.mark.slow


def first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


def test_a_request_verb_is_framing_not_the_subject(bot: Any) -> None:
    """ "explain eager execution" is about eager execution, which the sources cover: "explain" is no topic."""
    answer = bot.ask("explain eager execution")
    assert answer.answered, answer.text
    assert "eager" in first_line(answer.text).lower()
    assert not bot.ask("explain quantum physics").answered


def test_which_has_more_of_a_ranked_trait_compares_the_frameworks(bot: Any) -> None:
    """ "which has the bigger community?" ranks the frameworks on an axis the sources rank."""
    answer = bot.ask("which has the bigger community?")
    assert answer.answered, answer.text
    assert answer.intent == "comparison"
    assert "community" in first_line(answer.text).lower()


def test_what_is_a_concept_defines_it_rather_than_picking(bot: Any) -> None:
    """ "What's dynamic computation graph?" asks what it is; a use case's words in it ask for no pick."""
    lead = first_line(bot.ask("What's dynamic computation graph?").text)
    assert "pick" not in lead
    assert "dynamic computation graph" in lead.lower()


def test_pros_and_cons_quote_the_frameworks_own_lists(bot: Any) -> None:
    """ "the pros and cons of Keras" leads with its strong points and then its weak ones, from the lists the
    sources keep, not with the one sentence closest to the question."""
    lines = [line for line in bot.ask("Tell me the pros and cons of Keras").text.splitlines() if line.strip()]
    assert lines[0].startswith("Keras's pros") and "Fast prototyping" in lines[0]
    assert lines[1].startswith("Its cons") and "Less flexible" in lines[1]
    # an item the facts file has superseded (Keras on Theano or CNTK) carries its current state
    assert "Keras 3.0" in lines[0]
    cons = first_line(bot.ask("any drawbacks to pytorch?").text)
    assert cons.startswith("PyTorch's cons") and "less mature" in cons


def test_what_would_we_lose_asks_the_weak_points_of_the_side_taken(bot: Any) -> None:
    """ "what would we lose by going with pytorch instead?" asks PyTorch's weak points, not for the words "lose by";
    "what would I lose vs just writing plain pytorch?" after a Keras chat asks Keras's, set against PyTorch."""
    _, lose = chat(bot, "we need to serve a model to lots of users in production, which framework?",
                   "what would we lose by going with pytorch instead?")  # fmt: skip
    assert first_line(lose.text).startswith("PyTorch's cons") and "less mature" in lose.text, lose.text
    _, keras = chat(bot, "Does Keras still run on Theano?", "what would I lose vs just writing plain pytorch?")
    assert first_line(keras.text).startswith("Keras's cons") and "Less flexible" in keras.text, keras.text


def test_who_maintains_a_framework_names_its_developer_not_its_users(bot: Any) -> None:
    """ "Who maintains PyTorch these days?" asks a party: the developer, the field closest in meaning, leads,
    not the list of companies that use it, which sits almost as close."""
    lead = first_line(bot.ask("Who maintains PyTorch these days?").text)
    assert "developed by Meta" in lead


def test_each_framework_sets_every_one_side_by_side(bot: Any) -> None:
    """ "the best way to debug a model in each framework?" compares them all on debugging, not a pick for a use
    case; "an overview of the three frameworks" gives each one's place and the overview rows."""
    debug = bot.ask("what's the best way to debug a model in each framework?")
    assert debug.intent == "comparison" and "debug" in first_line(debug.text)
    overview = bot.ask("Give me an overview of the three frameworks")
    assert overview.intent == "comparison" and set(overview.frameworks) == {"TensorFlow", "PyTorch", "Keras"}
    assert first_line(overview.text).startswith("In short:")


def test_a_side_that_says_nothing_on_the_asked_axis_is_not_quoted(bot: Any) -> None:
    """On debugging, Keras's closest sentence ("So, we have concluded that … start with Keras") says nothing
    of debugging: no line for Keras rather than noise."""
    text = bot.ask("what's the best way to debug a model in each framework?").text
    assert "we have concluded" not in text
    assert "**PyTorch**:" in text  # the sides that speak on it keep their line


def test_supporting_quotes_say_something_the_question_asked_about(bot: Any) -> None:
    """Under "More from the sources", a quote shares a word (or the articles' word for it) with the question, or
    states the fact field asked: not a blurb that only names the framework."""
    tpus = bot.ask("Does PyTorch support TPUs?").text
    assert "open-sourced on GitHub" not in tpus
    maintains = bot.ask("Who maintains PyTorch these days?").text
    assert "Ideal for Research" not in maintains
    # a fact field read from meaning alone ("deprecated" ~ released) lets no release year through
    assert "first released" not in bot.ask("Is PyTorch Mobile deprecated?").text
    # the articles' word for the question's ("android" → "mobile") still lets a quote on it through
    assert "PyTorch Mobile" in bot.ask("does torch work on android or iphone?").text


def test_is_a_framework_good_for_a_use_case_answers_with_the_pick_for_it(bot: Any) -> None:
    """ "Is Keras good for production?" is about production (a word of the sources' label for it backs the
    meaning up): the sources' pick for production, not a research verdict whose framing sits closer; of the
    framework asked about, what the sources say for that use case comes first on the same line."""
    keras = first_line(bot.ask("Is Keras good for production?").text)
    # (no sentence states production of Keras: since f9545fa the line says so first, then the pick)
    assert keras.startswith("Keras is not the sources' pick for production"), keras
    assert "**TensorFlow** is the sources' pick for production" in keras, keras
    pytorch = first_line(bot.ask("Is PyTorch good for production?").text)
    assert pytorch.startswith("About PyTorch for production") and "**TensorFlow** is the sources' pick" in pytorch
    # the markers read in order down the line: PyTorch's sentence is quoted first
    assert pytorch.index("[1]") < pytorch.index("[2]")
    # … and the pick is a sentence of its own after it, not spliced on at a semicolon
    assert "[1] **TensorFlow** is the sources' pick" in pytorch, pytorch
    # a tool named after its framework is asked about itself: its current state leads, not a pick
    assert "ExecuTorch" in first_line(bot.ask("Should I use PyTorch Mobile for my app?").text)


def test_who_uses_and_which_company_makes_name_the_field_they_say(bot: Any) -> None:
    """ "Who uses Keras?" says "uses" (the users field's own word): its users lead, not a "user-friendly" blurb;
    "which companies use PyTorch?" asks for its adopters, "Which company is behind PyTorch?" for its maker."""
    assert first_line(bot.ask("Who uses Keras?").text).startswith("Keras users include")
    assert first_line(bot.ask("which companies use pytorch?").text).startswith("PyTorch users include")
    assert "developed by Meta" in first_line(bot.ask("Which company is behind PyTorch?").text)
    # … also with words between "which" and "companies", and "use" asks who uses it, not who made it
    for question in ("which large companies actually use pytorch?", "which big firms use pytorch in practice?"):
        lead = first_line(bot.ask(question).text)
        assert "Microsoft" in lead and "developed by" not in lead, lead


def test_a_yes_no_question_that_asks_no_pick_gets_no_verdict_sentence_for_a_use_case(bot: Any) -> None:
    """ "is tensorflow free to use?" grazes a long verdict sentence about TensorFlow by its name; it asks no pick,
    so it gets no "pick for browser deployment"."""
    assert "pick" not in first_line(bot.ask("is tensorflow free to use?").text)


def test_advantages_of_one_framework_over_another_are_its_own_strong_points(bot: Any) -> None:
    """ "what are pytorch's advantages over tensorflow?" quotes PyTorch's list of strong points."""
    lead = first_line(bot.ask("what are pytorch's advantages over tensorflow?").text)
    assert lead.startswith("PyTorch's pros") and "Easy debugging" in lead, lead


def test_a_picks_key_tool_is_one_for_the_use_case_asked(bot: Any) -> None:
    """The NLP pick is PyTorch, with no deployment tool: PyTorch Mobile or TorchScript is no way to do NLP, however
    weakly every question grazes a deployment target. A phone app's pick keeps its key tool and its new name."""
    lead = first_line(bot.ask("Which framework is better for NLP with transformers?").text)
    assert lead.startswith("**PyTorch**") and "through" not in lead, lead
    lead = first_line(bot.ask("which framework for a phone app?").text)
    assert "through TensorFlow Lite" in lead and "now LiteRT" in lead, lead


def test_which_framework_is_more_of_a_trait_ranks_them_on_it(bot: Any) -> None:
    """ "Which framework is more flexible?" ranks the three on flexibility, like "which one is more flexible?";
    "Which framework is better for beginners?" names a use case after its "for" and stays a pick."""
    flexible = bot.ask("Which framework is more flexible?")
    assert flexible.intent == "comparison" and flexible.text.startswith("**PyTorch** is more flexible"), flexible.text
    beginners = bot.ask("Which framework is better for beginners?")
    assert beginners.intent == "recommendation" and beginners.text.startswith("**Keras** is the sources' pick")


def test_an_update_of_the_asked_part_of_a_field_sentence_leads(bot: Any) -> None:
    """ "How does PyTorch handle deployment to mobile today?": the deployment-targets sentence answers, but its
    mobile item (PyTorch Mobile) is superseded; the current state leads and the old sentence follows. Asked for
    every target, the list still leads, its replaced tool's current name marked where the old one stands."""
    lines = bot.ask("How does PyTorch handle deployment to mobile today?").text.splitlines()
    assert lines[0].startswith("As of 2024-11-04, PyTorch Mobile is no longer"), lines[0]
    assert lines[1].startswith("The articles still say: PyTorch's deployment targets"), lines[1]
    lead = first_line(bot.ask("What are the deployment targets of TensorFlow?").text)
    marked = "TensorFlow's deployment targets are mobile and edge (TensorFlow Lite; now LiteRT, as of 2024-09-04 ["
    assert lead.startswith(marked), lead
    # the same in a bullet: a reader meets the current tool where the old one is named, not in a note after it
    phone = bot.ask("we are shipping a model inside a phone app, which framework?").text
    assert "(PyTorch Mobile; now ExecuTorch, as of 2024-11-04 [" in phone and "outdated:" not in phone, phone
    # an update of another sentence ("TensorFlow Lite has been renamed LiteRT") does not displace the field asked
    assert first_line(bot.ask("What language is TensorFlow written in?").text).startswith("TensorFlow is programmed in")


def test_who_and_when_asked_together_get_both(bot: Any) -> None:
    """ "Who created Keras and when?" asks a party and a time: both, one sentence each. In "who made pytorch and
    when was it released?" the "it" of the second clause is the PyTorch the first one names, and
    the dispute about its release year is stated beside it, even after a chat about Keras."""
    lead = first_line(bot.ask("Who created Keras and when?").text)
    assert "created by François Chollet" in lead and "2015" in lead, lead
    keras = [{"role": "user", "content": "Tell me about Keras"}]
    answer = bot.ask("who made pytorch and when was it released?", history=keras)
    lead = first_line(answer.text)
    assert answer.frameworks == ["PyTorch"] and "Meta" in lead and "disagree" in lead, answer.text


def test_the_verdicts_sentence_is_not_quoted_twice(bot: Any) -> None:
    """An FAQ that states the verdict on the axis leads; it is not repeated among the supporting quotes."""
    text = bot.ask("pytorch vs tensorflow for a production recommender system").text
    assert text.count("TensorFlow is generally more production-ready") == 1, text


def test_a_quote_that_opens_with_it_names_whose_it_is(bot: Any) -> None:
    """ "What's TensorFlow.js?" is answered by "It also supports web (TensorFlow.js) …": the lead says whose "It"
    is ("TensorFlow: It also …"), though the sentence names a tool that carries the framework's name."""
    lead = first_line(bot.ask("What's TensorFlow.js?").text)
    assert lead.startswith("TensorFlow: It also supports web (TensorFlow.js)"), lead
    # a side already labelled with its bold name does not say the name again ("**TensorFlow**: TensorFlow: It …"); read
    # on the side line itself, which no dev/test question's closest verdicts reach since round 21 (they need 0.30)
    from assistant import question
    from assistant.answer.base import Ask

    state = bot._snapshot()
    k = state.composer.knowledge
    turn = question.understand(state, "which framework do most companies use?", [])
    ask = Ask(question=turn.text, turn=turn, hits=[], knowledge=k, claims_in=state.composer.claims_in)
    unit = next(i for i, u in enumerate(k.units) if u.text.startswith("It supports both high-level"))
    side = ask.side("TensorFlow", unit)
    assert side.startswith("**TensorFlow**: It supports both") and "TensorFlow: TensorFlow:" not in side, side


def _table_features(text: str) -> list[str]:
    """The Feature column of an answer's table."""
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Feature")]
    return [row.split("|")[1].strip() for row in rows]


@pytest.mark.parametrize(
    ("question", "feature", "off_axis"),
    [
        ("which is faster, Keras or PyTorch?", "Performance", {"Best Use Cases", "Ease of Use", "Language"}),
        ("Which performs better, PyTorch or TensorFlow?", "Performance", {"Best Use Cases", "Ease of Use"}),
        ("Is the learning curve gentler with TensorFlow or with PyTorch?", "Learning Curve", {"Best Use Cases"}),
        ("Which lets me customise models more, Keras or PyTorch?", "Model Customization", {"Performance"}),
        # a row near every axis ("Best Use Cases") is an overview row, on none of them
        (
            "we will train one giant model on many machines, which framework handles scale better?",
            "Performance",
            {"Best Use Cases"},
        ),
        (
            "speed matters most for us since we retrain big models nightly: tensorflow or pytorch?",
            "Performance",
            {"Best Use Cases"},
        ),
        (
            "our training jobs take forever and GPUs are expensive. is pytorch or tensorflow faster?",
            "Performance",
            {"Industry Adoption"},
        ),
    ],
)
def test_a_comparison_on_an_axis_shows_the_table_rows_on_that_axis(
    bot: Any, question: str, feature: str, off_axis: set[str]
) -> None:
    """Every table row names the sides, so by meaning alone any row sits near the question: the rows shown are
    the ones on the asked axis, judged with the names aside, not "Best Use Cases" under a speed question."""
    features = _table_features(bot.ask(question).text)
    assert feature in features, features
    assert not off_axis & set(features), features


def test_a_labelled_lists_items_keep_the_label(bot: Any) -> None:
    """ "Training time comparison (ImageNet): TensorFlow: ~8-10 hours; PyTorch: …" cut into items: each keeps
    what was measured ("PyTorch: ~8-10 hours." alone says nothing), and quoted together it says the label once."""
    chat = ["I'm choosing between Keras and PyTorch for a uni course", "which one has the better community?"]
    side = bot.ask("and which is faster?", history=chat).text
    assert "- **PyTorch** — Training time comparison (ImageNet): ~8-10 hours" in side, side  # (its name said once)
    text = bot.ask("How long does training on ImageNet take with each framework?").text
    assert text.startswith("Training time comparison (ImageNet) — TensorFlow: ~8-10 hours; PyTorch: ~8-10"), text
    assert text.count("Training time comparison") == 1, text


def test_a_dated_update_quoted_as_a_sentence_reads_as_the_current_state(bot: Any) -> None:
    """An update of the facts file quoted on its own (the only passages naming JAX) says "As of <date>, …", not
    the passage's "Update (as of …):" heading. (The answer now first says the sources don't compare JAX: see
    test_uncovered.py; it led with the update.)"""
    text = bot.ask("Is JAX better than PyTorch?").text
    assert "Update (as of" not in text and "\n- As of 2024-09-04, " in text, text


@pytest.mark.parametrize(
    ("question", "off_axis"),
    [
        ("Is TensorFlow easier to debug than PyTorch?", "excels in production environments"),
        ("How flexible is Keras compared to PyTorch when I need custom layers and losses?", "all about simplicity"),
        ("Is PyTorch easier to learn than Keras?", "PyTorch offers more flexibility"),
    ],
)
def test_under_a_verdict_a_side_line_speaks_of_the_axis(bot: Any, question: str, off_axis: str) -> None:
    """Under "**PyTorch** is easier to debug than TensorFlow", a side's sentence that says nothing of debugging
    ("TensorFlow, on the other hand, excels in production environments") is noise: by meaning alone such lines
    sit near any axis ("simplicity" is as near to flexibility as to ease)."""
    text = bot.ask(question).text
    assert off_axis not in text, text


def test_an_faq_on_another_axis_is_not_quoted_under_a_verdict(bot: Any) -> None:
    """Under "**TensorFlow** is faster at scale than PyTorch", the FAQ "Is TensorFlow better than PyTorch? It
    depends … deployment … research" is about another axis: not quoted ("than" frames a comparison; it is no
    word the two share)."""
    text = bot.ask("is tensorflow faster than pytorch").text
    assert text.startswith("**TensorFlow** is faster at scale than PyTorch"), text
    assert "It depends" not in text, text


@pytest.mark.parametrize(
    "question",
    [
        "Keras vs PyTorch?",
        "Should I use TensorFlow or PyTorch for production?",
        "Which is more customizable, Keras or PyTorch?",
    ],
)
def test_a_quote_reads_on_its_own(bot: Any, question: str) -> None:
    """A quoted sentence does not open with a marker tying it to a sentence the answer leaves out ("On the other
    hand, PyTorch offers more flexibility.", "In short: Keras makes …"), nor repeat a FAQ's question before an
    answer that names its subject ("Should I use TensorFlow or PyTorch for production? TensorFlow is …")."""
    answer = bot.ask(question)
    quotes = [re.split(r"\*\*: |: ", line, maxsplit=1)[-1] for line in answer.text.splitlines() if line.strip()]
    tied = [q for q in quotes if re.match(r"(?:On the other hand|In short|However)\b", q)]
    assert not tied, answer.text
    assert "production? TensorFlow" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "name"), [("Is Theano still developed?", "theano"), ("What is TorchScript used for?", "torchscript")]
)
def test_more_quotes_on_a_named_thing_name_it(bot: Any, question: str, name: str) -> None:
    """A question about a specific thing ("Theano") gets "More from the sources" lines that name it, not ones
    sharing a plain word ("Keras is developed by François Chollet" for "still developed?")."""
    text = bot.ask(question).text
    more = text.split("More from the sources:", 1)[1].split("\n\n", 1)[0] if "More from the sources:" in text else ""
    off = [line for line in more.splitlines() if line.startswith("- ") and name not in line.casefold()]
    assert not off, text


@pytest.mark.parametrize(
    "question",
    ["How do the communities of TensorFlow and PyTorch compare?", "What's the simplest framework to learn?"],
)
def test_a_table_row_is_not_also_a_bullet(bot: Any, question: str) -> None:
    """ "Community & Ecosystem — TensorFlow: Massive global community." as a bullet above a table whose row shows
    that very cell says it twice. Breaks: bullets quoted from the rows the table shows."""
    text = bot.ask(question).text
    cells = {c.strip() for line in text.splitlines() if line.startswith("| ") for c in line.split("|")[2:-1]}
    cells = {re.sub(r"\s*\[\d+\]$", "", c) for c in cells if len(c) > 20}
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    repeated = [b for b in bullets for c in cells if c in b]
    assert cells and not repeated, text


@pytest.mark.parametrize(
    "question", ["I'm new to deep learning, which framework should I start with?", "keras vs tensorflow vs pytorch?"]
)
def test_a_blog_outro_is_not_quoted(bot: Any, question: str) -> None:
    """ "So, we have concluded that, if you want quick wins … start with Keras." and "In conclusion, the choice …
    depends …" are the articles talking about themselves: never a quote. Breaks: only "this post"-style
    self-references counted as boilerplate."""
    text = bot.ask(question).text
    assert "we have concluded" not in text and "In conclusion" not in text, text


@pytest.mark.parametrize(
    ("question", "update"),
    [
        ("which one is easier to debug, pytorch or tensorflow", "As of 2019-09-30"),
        ("Compare the deployment tools of PyTorch and TensorFlow", "As of 2024-11-04"),
    ],
)
def test_a_tables_outdated_cell_has_its_current_state_said_above_it(bot: Any, question: str, update: str) -> None:
    """A cell marked "(outdated)" ("Graph-based by default …") gets the current state right above the table
    ("As of 2019-09-30, TensorFlow 2.0 … eager execution enabled by default"), not only as a note at the end.
    Breaks: the update left to the notes under the answer."""
    text = bot.ask(question).text
    table = text.find("| Feature")
    assert "(outdated)" in text and 0 <= text.find(update) < table, text


def test_a_tools_new_name_given_in_the_lead_is_not_noted_again_below(bot: Any) -> None:
    """ "which framework for an app on my phone?": the lead says TensorFlow Lite is now LiteRT, dated and cited;
    no note under the answer says the rename again (the API's ``notes`` still lists it)."""
    answer = bot.ask("which framework for an app on my phone?")
    lead = answer.text.splitlines()[0]
    assert "now LiteRT (as of 2024-09-04)" in lead, answer.text
    assert not [line for line in answer.text.splitlines() if line.startswith(">") and "LiteRT" in line], answer.text
    assert any("LiteRT" in note for note in answer.notes)


def test_a_pick_lead_cites_its_verdict_and_has_no_stray_space(bot: Any) -> None:
    """ "my 12 year old is getting into AI, what should he start with?" is read as a beginners pick whose verdict
    row sits under the citing floor: the lead still cites the verdict it was read as ("… for beginners [1]: …"),
    never "… for beginners : …" with nothing cited."""
    answer = bot.ask("my 12 year old is getting into AI, what should he start with?")
    lead = answer.text.splitlines()[0]
    assert " :" not in lead and re.match(r"\*\*Keras\*\* is the sources' pick for [^:\[]+ \[\d+\]", lead), lead


@pytest.mark.parametrize(
    "question",
    [
        "who actually built keras? i always figured it was google since it lives inside tensorflow",
        "who really made keras? isn't it part of tensorflow?",
    ],
)
def test_who_asked_of_one_framework_beside_a_guess_about_another_names_its_maker(bot: Any, question: str) -> None:
    """ "who actually built keras? i always figured it was google since it lives inside tensorflow": the sentence
    that asks "who" names Keras; the next is the user's guess. The lead is Keras's maker (François Chollet), not
    TensorFlow's (Google), and not the note on Keras's developer that names TensorFlow."""
    lead = bot.ask(question).text.splitlines()[0]
    assert "Keras" in lead and "Chollet" in lead and "Google" not in lead and "integrated" not in lead, lead


def test_a_field_asked_of_two_frameworks_quotes_each_ones_own_sentence(bot: Any) -> None:
    """ "who created keras and tensorflow?": one sentence each, the field's own ("Keras is developed by François
    Chollet"), not a note on it that names the other framework ("Keras began as an independent project …")."""
    lead = bot.ask("who created keras and tensorflow?").text.splitlines()[0]
    assert "Chollet" in lead and "Google" in lead and "independent" not in lead, lead


def test_a_sentence_conceding_one_framework_is_about_the_other(bot: Any) -> None:
    """ "So while PyTorch is often quicker to develop with, TensorFlow typically wins …" is about TensorFlow (its
    main clause), so it is never quoted as PyTorch's side of "Is TensorFlow better than PyTorch?"."""
    answer = bot.ask("Is TensorFlow better than PyTorch?")
    side = next((line for line in answer.text.splitlines() if line.startswith("- **PyTorch**")), "")
    assert "TensorFlow typically wins" not in side, answer.text


def test_a_writers_lead_in_is_not_quoted(bot: Any) -> None:
    """ "Here's a quick guide: TensorFlow is the best option for large-scale, production-ready AI projects." is
    quoted as its statement; the writer's lead-in before the colon is no evidence and never shown."""
    answer = bot.ask("Which framework is the most production-ready?")
    assert "TensorFlow is the best option for large-scale" in answer.text, answer.text
    assert "quick guide" not in answer.text, answer.text


def test_a_comparison_table_has_one_row_per_feature(bot: Any) -> None:
    """Two sources' rows for the same feature ("Ease of Use", "Ease of use") are one row: the second repeated it
    (a blind grader's noise point). "for tabular datasets, tensorflow, pytorch or keras?" showed both."""
    answer = bot.ask("for tabular datasets, tensorflow, pytorch or keras?")
    features = [line.split("|")[1].strip().casefold() for line in answer.text.splitlines() if line.startswith("| ")]
    assert features and len(features) == len(set(features)), answer.text


def test_the_pick_names_the_use_case_the_question_says_not_another_its_verdict_sentence_names(bot: Any) -> None:
    """ "is pytorch good for beginners?" is read by "Keras is perfect for beginners and rapid prototyping.": the pick
    names the use case in the question's own word, "beginners", not "rapid prototyping" (the nearest short label to
    that sentence, a word the user never said)."""
    lead = first_line(bot.ask("is pytorch good for beginners?").text)
    assert "**Keras** is the sources' pick for beginners" in lead, lead


def test_a_list_items_bold_label_is_not_quoted_before_a_sentence_that_names_its_subject(bot: Any) -> None:
    """ "- **Limitations**: While Keras allows for custom layers …" is quoted as the sentence it is: graders failed the
    echoed "Limitations:" label. A label that names the subject ("When to Use Keras: Rapid prototyping.") or one
    before words that do not ("Mobile and Edge AI: recommended framework TensorFlow") stays."""
    text = bot.ask("Which backends does Keras run on?").text
    assert "Keras can run on top of multiple backends" in text and "Multi-Backend Support:" not in text, text
    _, keras = chat(
        bot, "which of the 3 is most flexible if I need weird custom layers and loss functions?", "what about keras?"
    )
    assert "Limitations:" not in keras.text and "While Keras allows for custom layers" in keras.text, keras.text
    # (a title with small words between its capitals is a label too: "Integration with Distributed Computing:")
    spark = bot.ask("Does TensorFlow integrate with Apache Spark?").text
    assert spark.startswith("TensorFlow supports integration with distributed computing frameworks"), spark


def test_a_claim_the_answer_has_corrected_is_not_quoted_again_from_another_article(bot: Any) -> None:
    """ "Thinking of using CNTK as my Keras backend …, is that fine?" leads with Keras 3 and CNTK's end, then the
    old claim once ("The articles still say: Keras can run on top of TensorFlow, Theano, or CNTK."). Another
    article's wording of that claim under "More from the sources" ("; outdated: see [1]") said it twice."""
    text = bot.ask("Thinking of using CNTK as my Keras backend because a tutorial uses it, is that fine?").text
    assert text.startswith("As of 2023-11-28, Keras 3.0"), text
    assert text.count("Theano, and CNTK") + text.count("Theano, or CNTK") == 1 and "outdated: see" not in text, text


def test_a_side_line_quoting_a_table_cell_names_its_framework_once(bot: Any) -> None:
    """ "compare tensorflow, pytorch and keras on ease of use": a side line quoting a table cell names the framework
    once, "**TensorFlow** — Ease of Use: Powerful …", not "**TensorFlow**: Ease of Use — TensorFlow: Powerful …"."""
    text = bot.ask("compare tensorflow, pytorch and keras on ease of use").text
    sides = [line for line in text.splitlines() if line.startswith("- **")]
    assert any(re.match(r"- \*\*TensorFlow\*\* — Ease of Use: Powerful", line) for line in sides), text
    assert not any(re.search(r"\*\*(\w+)\*\*: [^:]* — \1:", line) for line in sides), text


def test_comparing_all_three_for_how_a_trait_stands_ranks_them_on_it(bot: Any) -> None:
    """ "compare all three for how easy they are" names no framework but every one, and a trait in "how easy they
    are": the three are ranked on ease (Keras first), not each one's use cases, nor Keras's learning curve alone."""
    text = bot.ask("compare all three for how easy they are").text
    assert first_line(text).startswith("**Keras** is easier to learn and use than"), text
    assert "PyTorch" in text and "TensorFlow" in text, text


def test_each_of_these_with_no_chat_asks_it_of_every_framework(bot: Any) -> None:
    """ "about how long is ImageNet training with each of these?" opens a chat: "each of these" points at every
    framework, so each one's figure is the answer (the ImageNet row), not a pick for distributed training."""
    lead = first_line(bot.ask("about how long is ImageNet training with each of these?").text)
    assert all(f in lead for f in ("TensorFlow", "PyTorch", "Keras")) and "hours" in lead, lead
    assert not lead.startswith("**"), lead
    # "any of these" is one of them: "can i run a model client-side in a web page with any of these?" asks a pick
    pick = first_line(bot.ask("can i run a model client-side in a web page with any of these?").text)
    assert pick.startswith("**TensorFlow** is the sources' pick"), pick


def test_a_ranking_asked_of_a_row_that_ranks_none_says_so(bot: Any) -> None:
    """ "does any of them use memory better than the others?": the Memory Management row says "Efficient memory usage"
    of two and no degree of any; the lead says the sources rank none first, then what they say of each (it was
    TensorFlow's cell alone, read as a pick)."""
    lead = first_line(bot.ask("does any of them use memory better than the others?").text)
    assert lead.startswith("The sources rank none first on memory management"), lead
    assert "TensorFlow" in lead and "PyTorch" in lead, lead


def test_a_turn_asking_two_things_answers_both_with_one_citation_list(bot: Any) -> None:
    """ "is TFLite still around? and what ever happened to pytorch mobile" asks two things: each is answered (LiteRT's
    rename, then PyTorch Mobile's end in ExecuTorch), the second read as a chat turn after the first; the markers
    run 1..n over both parts and each points at a citation listed. It answered the first part alone."""
    answer = bot.ask("is TFLite still around? and what ever happened to pytorch mobile")
    assert first_line(answer.text).startswith("As of 2024-09-04, TensorFlow Lite has been renamed LiteRT"), answer.text
    assert "ExecuTorch" in answer.text.split("\n\n", 1)[1], answer.text
    markers = sorted({int(m) for m in re.findall(r"\[(\d+)\]", answer.text)})
    assert markers == list(range(1, len(answer.citations) + 1)), (markers, len(answer.citations))
    assert [c.marker for c in answer.citations] == markers
    # a second part that only refines the first ("… worth switching to pytorch? is it hard?") is not split off
    from assistant.twoparts import two_questions

    assert two_questions("been on keras a year. worth switching to pytorch? is it hard?") is None
    assert two_questions("who makes pytorch and is it open source?") == ("who makes pytorch?", "is it open source?")
