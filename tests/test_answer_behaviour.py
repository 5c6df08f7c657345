"""Promises of the answers that a mutation run showed unguarded, checked through the public API only
(``Assistant.ask``, ``Answer``, ``Citation``) and never on the wording the composer may improve.

Each test asks its own few questions on a freshly cleared answer cache, so that every test composes
its answers itself: tools/mutation.py then knows which test exercises which code.
"""

from __future__ import annotations

import re

import pytest

from assistant import Answer

pytestmark = pytest.mark.slow

FRAMEWORKS = ("TensorFlow", "PyTorch", "Keras")
MARKS = re.compile(r"((?:\[\d+\])+)")
# a replaced tool's current name marked where the old one stands ("TFLite (now LiteRT, as of 2024-09-04 [3])")
REPLACED = re.compile(
    r" \((now [^()\[\]]+?, as of [\d-]{10}) \[(\d+)\]\)"
    r"|; (now [^()\[\]]+?, as of [\d-]{10}) \[(\d+)\](?=\))"
)
WORD = re.compile(r"[a-z0-9][a-z0-9.+#-]*")
# Words an answer adds around its quotes ("the sources' pick", "In short:", "(outdated)"),
# with common English ones: what is left of a claim must come from the passage it cites.
FRAME = frozenset(
    """a an the and or but of to in on for with as at by from is are was were be been it its this that these
    those which who what when why how than then so also not no yes still now there their they them our your you
    sources source articles article say says said pick picks suits suit short going note see outdated disputed
    through newer information predates update updates more use using""".split()
)


@pytest.fixture
def ask(bot):
    """``bot.ask`` with the answer cache cleared first: the test composes its own answers."""
    bot.clear_cache()

    def ask(question: str, history: list[str] | None = None) -> Answer:
        return bot.ask(question, history=history)

    return ask


def norm(text: str) -> str:
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "|": " ", "*": None})
    return " ".join(text.translate(table).casefold().split())


def content_words(text: str) -> set[str]:
    return {w.rstrip(".-") for w in WORD.findall(norm(text))} - FRAME - {""}


def claims(answer: Answer) -> list[tuple[str, list[int]]]:
    """(text, markers) for each marker group in the answer's body (notes excluded), its text being what
    stands between the previous marker group (or the line's start) and it."""
    out = []
    for line in answer.text.splitlines():
        if line.startswith(">"):
            continue
        body = re.sub(r"^(?:[-*] )?(?:\*\*[^*]+\*\*: )?", "", line.strip())
        out += [(m[1] or m[3], [int(m[2] or m[4])]) for m in REPLACED.finditer(body)]  # a claim of its own
        parts = MARKS.split(REPLACED.sub("", body))
        for text, marks in zip(parts[0::2], parts[1::2], strict=False):
            out.append((text.strip(), [int(n) for n in re.findall(r"\d+", marks)]))
    return out


class TestEachMarkerPointsAtWhatItCloses:
    """Marker n shows the passage the sentence before it came from: the words of a claim (frame words
    aside) are, for the most part, the words of the passages it cites. A composer's verdict ("**Keras**
    is the sources' pick …") cites passages about the framework it names.

    Break that this catches: citations numbered off by one (marker n shows passage n+1), which the
    per-sentence verbatim check in test_answer_promises.py would catch too but is an open xfail.
    """

    QUESTIONS = [
        ("Which framework should I use for mobile?", None),
        ("Which framework is best for research?", None),
        ("What is the best framework for beginners?", None),
        ("PyTorch vs TensorFlow for production", None),
        ("Compare TensorFlow, PyTorch and Keras", None),
        ("Who created Keras?", None),
        ("When was PyTorch released?", None),
        ("Which backends does Keras run on?", None),
        ("What are the pros and cons of TensorFlow?", None),
        ("What is TensorBoard?", None),
        ("And who develops it?", ["Which framework is best for research?"]),
    ]

    def test_claims_come_from_the_passages_they_cite(self, ask):
        failures = []
        for question, history in self.QUESTIONS:
            a = ask(question, history)
            assert a.answered, question
            cites = {c.marker: c for c in a.citations}
            for text, markers in claims(a):
                cited = [cites[m] for m in markers if m in cites]
                assert len(cited) == len(markers), f"{question!r}: {markers} do not all resolve"
                verdict = re.match(r"\*\*([^*]+)\*\*", text)
                if verdict:
                    name = verdict.group(1).casefold()
                    if not any(name in f"{c.title} {c.section} {c.text}".casefold() for c in cited):
                        failures.append(f"{question!r}: verdict {text!r} cites no passage about {name}")
                    continue
                words = content_words(text)
                said = content_words(" ".join(f"{c.title} {c.section} {c.text}" for c in cited))
                if words and len(words & said) < 0.5 * len(words):
                    failures.append(f"{question!r}: {text[:100]!r} is not what {markers} say: {sorted(words - said)}")
        assert not failures, "\n".join(failures)


def first_named(line: str) -> str | None:
    """The framework a line names first (its verdict's subject)."""
    found = [(m.start(), name) for name in FRAMEWORKS for m in [re.search(rf"\b{name}\b", line)] if m]
    return min(found)[1] if found else None


class TestTheSourcesPick:
    """A use case the sources give a verdict on is answered with that framework, first in
    ``Answer.frameworks`` and first named in the answer, whichever other frameworks come close.

    Breaks that these catch: candidates left unsorted by score (the alphabetically first one wins:
    Keras over TensorFlow for production), the verdict naming the runner-up.
    """

    @pytest.mark.parametrize(
        ("question", "pick"),
        [
            ("Which framework should I use for mobile?", "TensorFlow"),
            ("Which framework is best for research?", "PyTorch"),
            ("What is the best framework for beginners?", "Keras"),
            ("Which framework is the most production-ready?", "TensorFlow"),
            ("Which framework is best for rapid prototyping?", "Keras"),
            ("Which framework is best for large-scale distributed training?", "TensorFlow"),
        ],
    )
    def test_a_use_case_gets_the_sources_pick(self, ask, question, pick):
        a = ask(question)
        assert a.answered and a.intent == "recommendation", a.text
        assert a.frameworks[0] == pick, a.frameworks
        assert first_named(a.text.splitlines()[0]) == pick, a.text

    def test_a_pick_between_named_frameworks_that_the_sources_make_for_neither_compares_them(self, ask):
        """ "PyTorch vs TensorFlow for a beginner?": the sources' pick for beginners (Keras) was not
        asked about; the answer is about the two named, never a recommendation of a third."""
        a = ask("PyTorch vs TensorFlow for a beginner?")
        assert a.answered, a.text
        assert set(a.frameworks) == {"PyTorch", "TensorFlow"}, a.frameworks

    def test_a_pick_between_named_frameworks_that_the_sources_make_is_a_recommendation(self, ask):
        a = ask("Keras or PyTorch for a beginner?")
        assert a.answered and a.intent == "recommendation", a.text
        assert a.frameworks[0] == "Keras", a.frameworks


class TestUseCasesInWordsNoSourceUses:
    """A use case named in words no source uses gets a pick only when its meaning names a use case the sources
    word ("for my PhD": academic projects); one that only the framing grazes ("is it good for …?") is
    not covered, said plainly, with what the sources do say the framework is best for."""

    @pytest.mark.parametrize("question", ["Is PyTorch good for time series forecasting?", "Is Keras good for GANs?"])
    def test_an_uncovered_use_case_gets_no_pick(self, ask, question):
        a = ask(question)
        lead = a.text.splitlines()[0]
        assert a.answered and "pick" not in lead, a.text
        assert lead.startswith("The sources don't say") and "best suited for" in lead, a.text
        assert a.citations, a.text

    @pytest.mark.parametrize(
        ("question", "pick"),
        [("Which framework for my PhD?", "PyTorch"), ("framework for my dissertation?", "PyTorch"),
         ("what should I use for a startup MVP?", "Keras")],
    )  # fmt: skip
    def test_a_covered_use_case_in_new_words_still_gets_the_pick(self, ask, question, pick):
        a = ask(question)
        assert first_named(a.text.splitlines()[0]) == pick and "pick" in a.text.splitlines()[0], a.text

    def test_a_yes_no_question_about_an_unknown_thing_is_not_answered_with_a_pick(self, ask):
        """ "Does TensorFlow still use sessions?" asks no pick: "sessions" sits near "server" in meaning only."""
        a = ask("Does TensorFlow still use sessions?")
        assert "pick" not in a.text.splitlines()[0], a.text


class TestANamedFrameworkOnAUseCaseItIsNotThePickFor:
    """ "Is PyTorch good for production?": the name does not pull the question to the framework's own verdicts
    ("PyTorch shines in research"); the answer is about PyTorch in production."""

    def test_is_pytorch_good_for_production(self, ask):
        a = ask("Is PyTorch good for production?")
        lead = a.text.splitlines()[0]
        assert "research" not in lead.casefold() and not lead.startswith("**PyTorch** is the sources' pick"), a.text
        assert lead.startswith("About PyTorch for production") and "**TensorFlow** is the sources' pick" in lead, a.text

    def test_a_question_that_asks_no_pick_gets_no_use_case_from_the_name_alone(self, ask):
        """ "Does TensorFlow still default to graph mode?" matched "TensorFlow remains the go-to for enterprise …"
        by the name alone and answered with the mobile pick; it asks about the execution model (TensorFlow 2)."""
        a = ask("Does TensorFlow still default to graph mode?")
        lead = a.text.splitlines()[0]
        assert "pick" not in lead and "eager" in lead, a.text

    def test_a_release_year_question_takes_no_use_case_into_the_chat(self, ask):
        """ "When was TensorFlow released?" asks a time: "And PyTorch?" asks PyTorch's, with its disagreement."""
        first = ask("When was TensorFlow released?")
        second = ask("And PyTorch?", ["When was TensorFlow released?"])
        assert "2015" in first.text.splitlines()[0], first.text
        assert "2016" in second.text and "2017" in second.text, second.text
        assert any("disagree" in note or "disputed" in note for note in second.notes), second.text


class TestAComparisonForAUseCase:
    """ "X vs Y for <use case>?" asks which of the two the sources pick for it: that verdict leads. With nothing
    besides the names ("PyTorch vs TensorFlow") there is no use case, and no pick."""

    @pytest.mark.parametrize(
        ("question", "pick"),
        [("PyTorch vs TensorFlow for research?", "PyTorch"), ("How do TensorFlow and PyTorch compare for mobile?",
          "TensorFlow"), ("Compare TensorFlow and Keras for prototyping.", "Keras")],
    )  # fmt: skip
    def test_the_pick_between_them_leads(self, ask, question, pick):
        a = ask(question)
        lead = a.text.splitlines()[0]
        assert first_named(lead) == pick and "pick" in lead, a.text

    def test_names_alone_get_no_pick(self, ask):
        lead = ask("PyTorch vs TensorFlow").text.splitlines()[0]
        assert "pick" not in lead, lead


def test_a_yes_no_question_naming_two_frameworks_is_not_a_ranking_from_one_shared_word(ask):
    """ "Does Keras support PyTorch as a backend?" sets nothing against anything: "backend" shares its first
    letters with the community ranking's "backed by", which never makes it a comparison. Keras 3 answers it."""
    a = ask("Does Keras support PyTorch as a backend?")
    lead = a.text.splitlines()[0]
    assert "rank" not in lead and "Keras 3" in lead and "PyTorch" in lead, a.text
    # an "or" that offers another answer, naming no framework after it, sets no sides either
    b = ask("is keras still tied to tensorflow or can it use other backends now?")
    lead = b.text.splitlines()[0]
    assert "community" not in lead and "Keras 3" in lead, b.text


def test_a_yes_no_question_after_a_sentence_of_context_asks_whether_it_fits(ask, bot):
    """ "our startup wants a … cats-vs-dogs style image classifier for an MVP. is keras fine for that?": the
    yes/no question comes after a sentence of context, and "style" is an ordinary word (capitalised only in a
    table's row label, "Coding Style — Keras: …"), not a name the question asks about: the sources' verdict for
    MVPs answers it (it was "Keras: It is designed to be modular, user-friendly, and extensible.")."""
    assert "style" not in bot._snapshot().composer.knowledge.things_in("a cats-vs-dogs style classifier")
    a = ask("our startup wants a basic cats-vs-dogs style image classifier for an MVP. is keras fine for that?")
    lead = a.text.splitlines()[0]
    assert lead.startswith("**Keras** is the sources' pick for") and "MVP" in lead, a.text


@pytest.mark.parametrize("question", ["Is TensorFlow harder than Keras?", "Is TensorFlow harder to use than Keras?"])
def test_harder_than_is_read_on_the_ease_axis(ask, question):
    """ "harder (to use) than" names the ease axis less closely than "easier" does, but no other axis comes near
    and no use case is asked: the verdict on ease leads, not each one's use case."""
    lead = ask(question).text.splitlines()[0]
    assert lead.startswith("**Keras** is easier"), lead


def test_a_comparative_with_what_it_is_to_do_ranks_on_its_trait_not_a_verdict_its_words_graze(ask):
    """ "pytorch vs keras - which one's simpler to write?" ranks the two on ease: "simpler" read alone names it,
    though "simpler to write" sits as near flexibility; and "… simplify debugging, making it a great choice for
    researchers", a verdict sentence its "simpl…" grazes, is no use case it names (it got the PyTorch pick for
    custom architectures)."""
    lead = ask("pytorch vs keras - which one's simpler to write?").text.splitlines()[0]
    assert lead.startswith("**Keras** is easier"), lead


def test_who_uses_asks_for_the_users_not_the_developer(ask):
    """ "Who uses TensorFlow?" sits closer in meaning to "is developed by" than to "users include"; the word
    "uses" backs the users' field up, so the answer names who uses it."""
    lead = ask("Who uses TensorFlow?").text.splitlines()[0]
    assert "developed by" not in lead and re.search(r"adopt|users include", lead), lead


def test_who_after_a_lead_in_asks_who(ask):
    """ "quick q for a quiz im writing: who created keras? was it a google team?": the "who" after the lead-in's
    colon asks who (its "for a quiz" asks no fit): Chollet (it was "The sources don't say whether Keras suits that
    use case")."""
    lead = ask("quick q for a quiz im writing: who created keras? was it a google team?").text.splitlines()[0]
    assert lead.startswith("Keras was created by François Chollet"), lead


def test_a_picks_support_from_a_table_row_quotes_the_cell_that_states_the_use_case(ask):
    """ "which framework for research?": the overview row "PyTorch — Release: 2016. Main Owner: Facebook. Primary
    Use Case: Research and experimentation." supports the pick by its use-case cell; its disputed release year is
    not quoted, so no dispute note hangs under a research pick."""
    a = ask("which framework for research?")
    assert "PyTorch — Primary Use Case: Research and experimentation." in a.text, a.text
    assert "Release: 2016" not in a.text and not a.notes, a.text


def test_a_pick_through_a_tool_quotes_the_tool_alone(ask):
    """ "…, through TensorFlow Serving [2]": of the deployment-targets sentence only the tool's name is quoted, so
    TensorFlow Lite's new name, another target of that sentence, is no note under a production pick."""
    a = ask("which one is most ready for production use?")
    assert "through TensorFlow Serving" in a.text and "> **Outdated" not in a.text, a.text


def test_an_or_that_hedges_sets_nothing_against_anything(ask):
    """ "is pytorch based on some older library? ive heard it came from lua or something": "or something" hedges;
    it is no comparison between PyTorch and "lua", so the name the sources lack does not decline the question:
    PyTorch is based on Torch (it was "I don't know: my sources say nothing about lua")."""
    a = ask("is pytorch based on some older library? ive heard it came from lua or something")
    assert a.answered and "Torch" in a.text.splitlines()[0], a.text


def test_which_companies_use_it_is_answered_by_the_users_field(ask):
    """ "which well known companies use pytorch?": "use" says which field is asked (its users) in so many words,
    so the users' own sentence leads, not the sentence nearest in meaning ("Ideal for Research: … PyTorch is
    favored in academic and research environments …", through "known")."""
    lead = ask("which well known companies use pytorch?").text.splitlines()[0]
    assert lead.startswith("PyTorch users include") and "OpenAI" in lead, lead


def test_a_party_the_facts_give_to_several_frameworks_picks_none(ask):
    """ "what do the big companies actually use? like tesla" asks which framework they use ("do … use"), so it is
    in scope; the facts name Tesla among the users of TensorFlow and of PyTorch, and the answer says so, citing
    both (it was "I don't know", then a PyTorch pick from one sentence)."""
    a = ask("what do the big companies actually use? like tesla")
    lead = a.text.splitlines()[0]
    assert a.answered and lead.startswith("The sources name Tesla for both"), a.text
    assert re.search(r"TensorFlow \[\d\]", lead) and re.search(r"PyTorch \[\d\]", lead), a.text


def test_a_question_the_sources_answer_under_a_question_heading_is_answered_by_that_answer(ask):
    """ "arent tensorflow and keras basically the same thing at this point?" is the question an article's section
    heading asks ("TensorFlow vs Keras: Aren't They the Same?"): its answer leads ("Not exactly— …"), not the
    overview of both. A heading asking another thing ("… Which One Performs Better?") answers no other question."""
    lead = ask("arent tensorflow and keras basically the same thing at this point?").text.splitlines()[0]
    assert lead.startswith("Not exactly"), lead
    other = ask("TensorFlow vs PyTorch, what are the differences?").text.splitlines()[0]
    assert not other.startswith("When it comes to performance"), other


def test_what_the_user_cares_about_names_the_axis_of_a_choice_between_two(ask):
    """ "keras or pytorch if I care mostly about being able to tweak everything?": the names and the framing dilute
    the meaning; what the user cares about, read alone, names the axis (flexibility): the verdict on it leads, not
    an overview of both."""
    lead = ask("keras or pytorch if I care mostly about being able to tweak everything?").text.splitlines()[0]
    assert lead.startswith("**PyTorch** is more flexible than Keras"), lead


def test_tell_me_about_two_frameworks_sets_them_side_by_side(ask):
    """ "tell me about pytorch and keras" asks what each one is: both, side by side (the overview), not one table
    cell about the first ("Language — PyTorch: Python")."""
    a = ask("tell me about pytorch and keras")
    lead = a.text.splitlines()[0]
    assert "PyTorch" in lead and "Keras" in lead and "Language" not in lead, a.text


def test_rank_them_by_a_trait_ranks_them_on_its_axis(ask):
    """ "rank tf, pytorch and keras by how hard they are to learn": "by how hard" names the trait they are ranked
    on (ease), though the names dilute the meaning below the usual floor: the verdict on ease leads (it was three
    sentences run together with no verdict)."""
    lead = ask("rank tf, pytorch and keras by how hard they are to learn").text.splitlines()[0]
    assert lead.startswith("**Keras** is easier"), lead


@pytest.mark.parametrize(
    "question", ["how do the three frameworks compare?", "what's the difference between these frameworks?"]
)
def test_a_comparison_that_names_no_framework_compares_them_all(ask, question):
    """Naming none, but about the frameworks by its meaning: every framework set against the others (it was a
    filler lead, "Ultimately, the best framework depends on your goals.", or "I don't know")."""
    a = ask(question)
    lead = a.text.splitlines()[0]
    assert a.answered and set(a.frameworks) == {"TensorFlow", "PyTorch", "Keras"}, a.text
    assert all(name in lead for name in ("TensorFlow", "PyTorch", "Keras")), lead


def test_a_comparison_of_other_things_is_no_comparison_of_the_frameworks(ask):
    """Only a comparison whose meaning is about frameworks compares them all: "which is better, cats or dogs?"
    is still declined, and two ideas of the sources are still explained."""
    assert not ask("which is better, cats or dogs?").answered
    a = ask("what's the difference between static and dynamic graphs?")
    assert set(a.frameworks) != {"TensorFlow", "PyTorch", "Keras"}, a.text


class TestMisspeltWords:
    """A misspelt word is read in the sources' spelling before the question is encoded: "begginers" is far from
    "beginners" in meaning, and the question was declined. Names are never corrected."""

    def test_a_question_full_of_typos_gets_the_pick(self, ask):
        a = ask("wich framwork is best for begginers?")
        assert a.answered and first_named(a.text.splitlines()[0]) == "Keras", a.text
        assert a.question == "wich framwork is best for begginers?"  # the user's words, as asked

    def test_the_speller_keeps_names_and_ordinary_words(self, bot):
        from assistant.spelling import Speller

        uses = {"beginners": 9, "research": 5, "start": 7, "chained": 3}
        speller = Speller(uses, lambda word, exact=False: word == "startup")
        assert speller.correct("best for begginers and reserch") == "best for beginners and research"
        assert speller.correct("Chainer for my startup") == "Chainer for my startup"  # a name; a word the model knows
        assert speller.correct("chainer") == "chained"  # the same word in lower case is a plain word
        # two edits only between words that start alike: "offline" is no misspelt "online", "comunity" is "community"
        two = Speller({"online": 4, "community": 6}, lambda word, exact=False: False)
        assert two.correct("fully offline") == "fully offline" and two.correct("comunity") == "community"
        long = "b" + "e" * 5000
        assert speller.correct(long) == long and long not in speller._seen  # no work, nothing kept, for a blob


class TestAFieldOfSeveralFrameworks:
    """A fact field asked of several frameworks is answered for each of them, with the field's own sentence;
    a time in time order, so "which came first?" is answered by the first one named."""

    @pytest.mark.parametrize(
        "question", ["When were PyTorch and TensorFlow released?", "Which came first, TensorFlow or PyTorch?"]
    )
    def test_release_years_of_both_earliest_first(self, ask, question):
        a = ask(question)
        lead = a.text.splitlines()[0]
        assert lead.index("TensorFlow") < lead.index("2015") < lead.index("PyTorch") < lead.index("2016"), a.text
        assert a.frameworks[:2] == ["TensorFlow", "PyTorch"], a.frameworks

    def test_a_disputed_field_says_so_beside_it(self, ask):
        """PyTorch's release year is disputed in the facts file: the answer says so in its lead and cites it."""
        a = ask("When were Keras and PyTorch released?")
        lead = a.text.splitlines()[0]
        assert "disagree" in lead and "2017" in lead, a.text
        assert any(c.passage_id.startswith("facts#update.") for c in a.citations), a.citations

    def test_who_develops_each(self, ask):
        a = ask("Who develops TensorFlow and PyTorch?")
        lead = a.text.splitlines()[0]
        assert "Google" in lead and "Meta" in lead, a.text
        assert len(a.citations) >= 2, a.text


class TestComparisonsNameTheWinner:
    """A comparison on an axis the sources decide names their winner first (``Answer.frameworks`` and
    the answer's first line) and keeps every side asked about."""

    @pytest.mark.parametrize(
        ("question", "winner", "sides"),
        [
            ("Which is more customizable, Keras or PyTorch?", "PyTorch", {"Keras", "PyTorch"}),
            (
                "How do the learning curves of Keras, TensorFlow and PyTorch compare?",
                "Keras",
                {"Keras", "TensorFlow", "PyTorch"},
            ),
        ],
    )
    def test_the_winner_comes_first(self, ask, question, winner, sides):
        a = ask(question)
        assert a.answered and a.intent == "comparison", a.text
        assert a.frameworks[0] == winner and set(a.frameworks) == sides, a.frameworks
        assert first_named(a.text.splitlines()[0]) == winner, a.text


def body_claims(answer: Answer) -> list[tuple[str, list]]:
    """(claim text, its citations) for the answer's body, notes left out."""
    cites = {c.marker: c for c in answer.citations}
    return [(text, [cites[m] for m in markers if m in cites]) for text, markers in claims(answer)]


def note_markers(answer: Answer) -> set[int]:
    return {int(n) for note in answer.notes for n in re.findall(r"\[(\d+)\]", note)}


class TestOutdatedClaimsComeWithTheCurrentState:
    """Asked about something a dated update changed, the answer states the update first (a dated
    passage of the facts file), still shows what the articles say, and flags that with a note.

    Breaks that these catch: the older claim no longer quoted (so nothing is flagged), the update
    not leading.
    """

    @pytest.mark.parametrize(
        "question",
        [
            "Does TensorFlow use static computation graphs?",
            "Is TensorFlow Lite still called TensorFlow Lite?",
            "Can PyTorch models be deployed on mobile devices?",
            "Does Keras still support Theano?",
        ],
    )
    def test_the_update_leads_and_the_older_claim_is_flagged(self, ask, question):
        a = ask(question)
        assert a.answered and a.notes, a.text
        first = body_claims(a)[0][1]
        assert any(c.source == "facts" and c.date for c in first), f"the dated update must lead: {a.text}"
        flagged = note_markers(a)
        assert any(c.marker in flagged for c in first), "the update that leads is the one the note reports"
        older = [c for _, cited in body_claims(a) for c in cited if c.source != "facts" and c.marker in flagged]
        assert older, f"the article's older claim is quoted in the answer and flagged: {a.text}"

    @pytest.mark.parametrize(
        "question",
        [
            "Does TensorFlow use eager execution by default now?",
            "what replaced PyTorch Mobile?",
            "Does Keras still run on Theano?",
            "When was PyTorch released?",
        ],
    )
    def test_the_footer_does_not_repeat_an_update_the_body_states(self, ask, question):
        """The update that leads is stated once: a "> Outdated:" line repeating it word for word is noise.
        ``Answer.notes`` still lists it for API users. Breaks: every note rendered under the body."""
        a = ask(question)
        body = "\n".join(line for line in a.text.splitlines() if not line.startswith("> "))
        lead_marker = re.search(r"\[(\d+)\]", body).group(0)
        assert any(lead_marker in n for n in a.notes), a.notes
        for line in [line for line in a.text.splitlines() if line.startswith("> ")]:
            statement = line.split("predates newer information: ", 1)[-1].split("is disputed: ", 1)[-1]
            assert statement[-60:] not in body, f"the footer repeats what the body says: {line}"

    @pytest.mark.parametrize(
        "question",
        [
            "What should I use to run a model in the browser?",
            "Which framework should I use for mobile apps?",
            "What is TensorBoard?",
        ],
    )
    def test_each_update_is_stated_once(self, ask, question):
        """Two bullets the same update corrects: the second points at it ("; outdated: see [3]"), or names the
        tool's current name in place ("TFLite (now LiteRT, as of 2024-09-04 [3])"), instead of repeating its
        sentence. Breaks: the full update after every bullet, or in a footer besides."""
        a = ask(question)
        told = re.findall(r"as of \d{4}-\d\d-\d\d, ([^\[]{20,}?) \[\d+\]", a.text, re.I)
        assert told or REPLACED.search(a.text), f"an update is stated: {a.text}"
        assert len(told) == len(set(told)), f"an update is stated twice: {a.text}"

    def test_still_on_an_old_backend_states_what_it_runs_on_now_first(self, ask):
        """ "Does Keras still run on Theano?": the first line says what Keras runs on today (Keras 3: JAX,
        TensorFlow or PyTorch), not only that Theano ended. Breaks: only the update naming the word asked leads."""
        a = ask("Does Keras still run on Theano?")
        first = a.text.splitlines()[0]
        assert "Keras 3" in first and "JAX" in first, a.text
        assert "Theano" in a.text.split("The articles still say")[0], "Theano's end is stated too"


class TestDisagreementsShowBothSides:
    """Where the articles disagree (PyTorch's release: 2016 in one, 2017 in another), the answer quotes
    each side from its article, with its marker, and notes the dispute.

    Break that this catches: the sides dropped from the answer (only the facts file's summary left).
    """

    @pytest.mark.parametrize(
        ("question", "history"),
        [("When was PyTorch released?", None), ("And PyTorch?", ["When was TensorFlow released?"])],
    )
    def test_each_side_is_quoted_from_its_article(self, ask, question, history):
        a = ask(question, history)
        assert a.answered and a.notes and a.frameworks == ["PyTorch"], a.text
        for year in ("2016", "2017"):
            assert any(
                year in text and any(c.source != "facts" and year in c.text for c in cited)
                for text, cited in body_claims(a)
            ), f"{year} is not quoted from an article: {a.text}"


def test_what_people_use_after_a_name_asks_no_party(ask):
    """ "is PyTorch Mobile still what people use to get a torch model onto a phone?" asks the current state, not who
    uses PyTorch: no "PyTorch users include OpenAI, …" beside ExecuTorch; "which people use pytorch?" still asks it."""
    a = ask("is PyTorch Mobile still what people use to get a torch model onto a phone? my blog source says so")
    assert "ExecuTorch" in a.text.splitlines()[0] and "users include" not in a.text, a.text
    assert ask("which people use pytorch?").text.startswith("PyTorch users include")


def test_an_faq_answering_another_question_is_no_supporting_quote(ask):
    """ "Can I switch from Keras to PyTorch? Yes. The learning curve is manageable …" shares "learning curve" with an
    ease comparison, but its question (switching) is none the user asked: no side line quotes it."""
    a = ask("and keras?", ["which one is quicker to learn, tensorflow or pytorch?"])
    assert a.text.startswith("**Keras** is easier") and "Can I switch" not in a.text, a.text
    # … nor is it "more from the sources" under a fact ("both use Python" is about switching, not about R or Scala)
    a = ask("is keras python-only? a coworker wants to know if he can use it from scala")
    assert a.text.startswith("Keras is programmed in Python") and "Can I switch" not in a.text, a.text
