"""Comparisons: the verdict on the asked axis first, then each side in its own words, then the table
rows on that axis (the overview rows when no axis was asked), outdated cells marked in place."""

from __future__ import annotations

import re

import numpy as np

from ..cues import EVERY, GOODNESS, compares
from .base import Ask
from .each import each_on_it, row_shares_a_stem
from .evidence import COVERED_FROM, Axis, answers_another, faq_stems, word_stems
from .recommend import canonical_label, matched_labels, primary_label, rank_frameworks
from .rows import feature, narrowed, row_named
from .units import asks_a_question

ROWS = 4  # table rows shown
ROW_FROM = 0.25  # a row on the asked axis is at least this close to the question's or the axis's topic …
ROW_WITHIN = 0.10  # … and within this of the closest row
ROW_AXIS_AHEAD = 0.02  # … and its topic this much nearer the asked axis than any other (a row near every axis,
# "Best Use Cases", is an overview row, off any one axis)
LEANS_ON = 0.15  # an axis this close to a use case is what choosing for it is about …
LEANS_AHEAD = 0.04  # … when it stands this far ahead of the next ("a quick prototype" leans on no one axis)
SAME_QUESTION = 0.75  # an FAQ unit this close to the question asks the same thing …
SAME_TOPIC = 0.40  # … and this close to it with the frameworks' names aside
SAME_HEADED = 0.80  # … or, for a section's sentence under a question heading, this close
SIDE_FROM = 0.10  # a side's own sentence this close to the asked axis (topic to axis) speaks on it

# a cell that ranks ("Steeper", "Easiest", "more verbose"; not "another", "other")
_DEGREE = re.compile(r"\b(?:\w+est|\w{3,}(?<!th)er|more|less|most|least|better|worse)\b", re.I)


def compare(ask: Ask) -> tuple[str, list[str]]:
    """ "**Keras** is easier to learn and use than PyTorch [1][2]." then the sides and the rows."""
    k = ask.knowledge
    named = list(dict.fromkeys(ask.turn.frameworks))
    axis = k.axes[ask.turn.axis] if ask.turn.axis is not None else _nearest_axis(ask)
    order = named
    lines: list[str] = []
    answered = _same_question(ask, named)
    quoted_both: set[int] = set()
    unranked = False  # an axis asked that no source ranks these sides on
    summed: set[str] = set()  # no axis, no thing asked: the sides the takeaway of what each is for speaks for
    ranked = [f for f in axis.order if f in named] if axis is not None else []
    backing = _backing(ask, axis, ranked) if axis is not None and len(ranked) >= 2 else []
    # the sources' pick for the use case asked, when it is neither side ("PyTorch vs TensorFlow for a beginner?")
    elsewhere = _pick_elsewhere(ask, named)
    axis_words = axis.stems | word_stems(" ".join(ask.turn.words)) if axis is not None else frozenset()
    on_axis = k.axis_vectors[k.axes.index(axis)] if axis is not None else None
    # a bullet quoting a cell of a row the table below shows whole is said once, in the table
    table = _rows(ask, named, on_axis)
    tabled = set(table)
    # "how fast is training on ImageNet with each framework?" asks it of each and ranks nothing (no "faster", no
    # "or"): a sentence on it for every side answers it, not the verdict on the axis its words graze
    text = ask.turn.text  # (nor "best": "the best way to debug a model in each framework?" ranks them on it)
    asks_each = EVERY.search(text) and not (compares(text) or GOODNESS.search(text)) and answered is None
    measured = each_on_it(ask, named) if asks_each else None
    row = row_named(ask, named, axis)
    if row is not None:
        # "how do the three compare on memory usage?": the table row the question names ("Memory Management")
        # answers it, not the verdict on the axis its meaning grazes (speed)
        cells = "; ".join(f"{fw}: {_cell(k.cells[row][fw])}" for fw in named)
        # (asked to rank, "which one uses the least memory?", where no cell says a degree, "Efficient memory usage"
        # for two of them: the row ranks none, and the lead says so before it)
        flat = not any(_DEGREE.search(_cell(k.cells[row][fw])) for fw in named)
        said = f"On {feature(k, row).casefold()}, the sources say:"
        if flat and _DEGREE.search(text):  # (asked with a degree word: "more", "better", "least"; not "compare")
            said = f"The sources rank none first on {feature(k, row).casefold()}; they say:"
        lines += [f"{said} {cells} {ask.cite.marker(k.passages[row])}", ""]
        order = []
    elif measured is not None:
        lines += [measured[0], ""]
        quoted_both, order = set(measured[1]), []
    elif axis is not None and backing and (within := narrowed(ask, axis, named)) is not None and within[0] != ranked[0]:
        # "which has the more active research community?": the axis narrowed to a use case, of which only one side's
        # sentences speak on it ("Dominant in research circles"), not the verdict on the whole axis
        side, said, unit = within
        lines += [f"In {said}, **{side}** stands out on {axis.name}: {ask.quote(unit)}", ""]
        lines += [f"- Overall, **{ranked[0]}** is {axis.comparative} than {' and '.join(ranked[1:])}: "
                  f"{ask.quote(backing[0])}"]  # fmt: skip
        order = [side]
    elif axis is not None and backing:
        order = ranked + [f for f in named if f not in ranked]
        others = " and ".join(ranked[1:])
        # the verdict and the sentence that states it, on one line (and the sources' own pick, when the axis was
        # read from the use case rather than asked)
        # (the sources' answer to this very question leads, when it asks what the turn asks beside the axis: "Can I
        # switch from Keras to PyTorch? Yes. …" for "worth switching to pytorch? is it hard?")
        own = answered is not None and bool(faq_stems(k, answered) & word_stems(text) - axis.stems)
        lines += [ask.quote(answered), ""] if own else []
        verdict = f"**{ranked[0]}** is {axis.comparative} than {others}: {ask.quote(backing[0])}"
        pick = _say_pick(ask, elsewhere) if ask.turn.axis is None else ""
        lines += [f"{verdict} {pick}".rstrip(), ""]
        lines += [f"- {ask.quote(u)}" for u in backing[1:] if k.units[u].row not in tabled]
        # (the verdict's own sentence is not said twice; an FAQ on another axis, "Is TensorFlow better than
        # PyTorch? It depends …" under a speed verdict, is not said at all)
        if answered is not None and answered not in backing and row_shares_a_stem(k, answered, axis_words) and not own:
            lines.append(f"- {ask.quote(answered)}")
    elif answered is not None and elsewhere is None:  # an FAQ asks this very comparison: its answer is the verdict
        lines += [ask.quote(answered), ""]
    elif ask.turn.axis is not None and axis is not None:
        # "Which is easier to debug, Keras or TensorFlow?": the axis was asked, but no source ranks these two
        # on it. A sentence that sets exactly these sides against each other on it answers in its own words
        # ("PyTorch is easier for beginners, while JAX has a steeper learning curve", a user's note); else say
        # so, and let each side speak on it, rather than answer another question (their use cases).
        both = _both_sides(ask, named, ask.turn.axis)
        if both is not None:
            lines += [f"On {axis.name}, the sources set them against each other: {ask.quote(both)}", ""]
            quoted_both = {both}
        else:
            sides = " and ".join(named)
            pick = _say_pick(ask, elsewhere)  # "The sources' pick for mobile … is **TensorFlow** [n], neither …"
            unordered = f"rank no order between {sides} on {axis.name}; what they say of each:"
            # (two sentences: "… is **TensorFlow** [1], neither of these. They rank no order between …")
            lines += [f"{pick} They {unordered}" if pick else f"The sources {unordered}", ""]
        unranked = True
    elif elsewhere is not None:  # "TensorFlow or PyTorch for a quick prototype?": the sources pick neither
        lines += [f"{_say_pick(ask, elsewhere)} What they say of {' and '.join(named)}:", ""]
    elif (each := each_on_it(ask, named, partial=True)) is not None:
        # "How long does training on ImageNet take with each framework?": no axis, no use case, but one thing
        # asked of every side: each side's sentence on it is the answer, not what each is for
        lead, units = each
        lines += [lead, ""]
        quoted_both = set(units)
        # the sides that spoke first: "which of the three do OpenAI and Hugging Face build on?" is about PyTorch
        spoke = [k.units[u].subjects[0] for u in units if k.units[u].subjects]
        named = list(dict.fromkeys([*spoke, *named]))
        order = []  # the sides have spoken: no side lines, no overview rows
    else:
        takeaway = []
        for fw in named:
            label, row = primary_label(k, fw)
            if label and label.casefold().startswith(fw.casefold()):  # a user's verdict sentence, quoted whole
                takeaway.append(f"**{fw}**: {ask.cite.quote(k.passages[row], label)}")
            elif label:
                mark = ask.cite.marker(k.passages[row]) if row is not None else ""
                takeaway.append(f"**{fw}** suits {label} {mark}".rstrip())
            if label:
                summed.add(fw)
        if takeaway:
            lines.append("In short: " + "; ".join(takeaway) + ".")
            lines.append("")
    quoted = set(axis.units if axis is not None else ()) | ({answered} if answered is not None else set())
    quoted |= quoted_both
    versus = _versus_section(ask, named)
    # (read only under the takeaway: whether every side has a sentence opening a section about exactly these)
    every_side_opens = not summed or all(len(_openings(ask, fw, k.units_about(fw), versus)) for fw in order)
    # a follow-up that names one of the sides the chat compared asks about that one (the others' lines were said)
    focus = ask.turn.named[0] if ask.turn.carried and len(ask.turn.named) == 1 else None
    # … or one no source ranks on the axis ("what about keras?" after "pytorch vs tensorflow, which is faster?"): its
    # own cell on it leads, above the verdict on the others
    aside = focus if backing and table and focus not in ranked else None
    cell = _cell(k.cells[table[0]].get(aside, "")) if aside is not None else ""
    if cell:
        mark = ask.cite.marker(k.passages[table[0]])
        lines.insert(0, f"On {axis.name}, the sources say of **{aside}**: {cell} {mark}\n")
    focus = focus if backing and focus in ranked[1:] else None
    for fw in order:  # (no FAQ's answer to another question: "Can I switch from Keras to …?")
        if (focus is not None and fw != focus) or cell:
            continue
        own = np.array([i for i in k.units_led_by(fw) if not (i in quoted or answers_another(k, i, ask.turn))], int)
        opening = _openings(ask, fw, own, versus)
        if len(opening) and not unranked:  # a section comparing exactly these frameworks: each side in its own words
            own = opening
        if fw in summed and not every_side_opens:
            continue  # under the one-line takeaway, a side's closest sentence to a bare "vs" is any sentence
        own = np.array([i for i in own if k.units[i].row not in tabled], dtype=np.int64)
        best = ask.best_units(own, 1, naming=True)
        if best and on_axis is not None and float(k.unit_topics[best[0][0]] @ on_axis) < SIDE_FROM:
            best = []  # "Keras: So, we have concluded that … start with Keras" says nothing on debugging
        if best and backing and axis is not None and not row_shares_a_stem(k, best[0][0], axis_words):
            # under a verdict, a side line must speak of the axis in its words: by meaning alone "Keras is all about
            # simplicity" sits as near to flexibility as to ease
            best = []
        if not best and unranked and axis is not None and len(own):
            # (where no source ranks the sides, a side's sentence that speaks of the axis in its words and says "it" or
            # "the API" for its name speaks for it too, under its bold name: "The API is … easy to debug" for Keras)
            worded = own[[bool(k.stems[i] & axis.stems) and not k.unit_named[i] for i in own]]
            near = worded[k.unit_topics[worded] @ on_axis >= SIDE_FROM] if on_axis is not None else worded
            best = ask.best_units(near.astype(np.int64, copy=False), 1)
        if best:
            quoted.add(best[0][0])
            lines.append(f"- {ask.side(fw, *best[0])}")
            if fw == focus:
                # "what about pytorch, how does it compare there?" after a ranking: its own line on the axis leads
                lines.insert(0, f"On {axis.name}, {lines.pop().removeprefix('- ')}\n")
    rows = table if order else []
    # one row per feature: a second source's "Ease of use" beside the first's "Ease of Use" repeats the row
    features = [feature(k, r).casefold() for r in rows]
    rows = [r for j, r in enumerate(rows) if features[j] not in features[:j]]
    if rows:
        # each cell a dated update supersedes (its unit, that update): marked "(outdated)" in place, with the
        # current state said once right above the table, not only in a note under the answer
        outdated = {}
        for row in rows:
            for fw in named:
                unit = _cell_unit(ask, row, fw)
                updates = ask.updates_for(unit, kinds=("update",)) if unit is not None else []
                if updates:
                    outdated[row, fw] = (unit, updates[0])
        current = {u.id: u for _, u in outdated.values() if u.id not in ask.cite.told}
        if current:
            lines += ["", *(ask.tell(u, sentence=True) for u in current.values())]
        lines += ["", "| Feature | " + " | ".join(named) + " |", "|---" * (len(named) + 1) + "|"]
        for row in rows:
            passage = k.passages[row]
            cells = k.cells[row]
            label = feature(k, row)
            values = []
            for fw in named:
                value = _cell(cells[fw])
                if (row, fw) in outdated:
                    value += " (outdated)"
                    ask.cite.stated.setdefault(passage.id, []).append(k.units[outdated[row, fw][0]].text)
                values.append(value)
            lines.append(f"| {_cell(label)} | " + " | ".join(values) + f" {ask.cite.marker(passage)} |")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines).strip()), order or named


def _rows(ask: Ask, named: list[str], on_axis: np.ndarray | None) -> list[int]:
    """Table rows with a cell for every named framework: the closest to the question (or the first ones).

    ``on_axis``: the vector of the axis compared on, if any; rows are then the ones on it."""
    k = ask.knowledge
    rows = [r for r, cells in k.cells.items() if all(f in cells for f in named)] if named else []
    if not rows:
        return []
    scores = []
    # On an axis, a row is judged on its topic: every row names the sides, which fill most of its meaning
    # ("Best Use Cases — Keras: …" sits as close to "which is faster, Keras or PyTorch?" as "Performance").
    # Its topic is near the question's, or near the axis's own (a question in other words: "easiest to pick up").
    topic = k.topic_of(ask.turn.search)
    for r in rows:
        units = [i for i in k.units_of.get(r, []) if set(k.units[i].subjects) & set(named)]
        if not units:
            scores.append(0.0)
        elif on_axis is not None:
            topics = k.unit_topics[units]
            scores.append(max(float(np.mean(topics @ topic)), float(np.mean(topics @ on_axis))))
        else:
            scores.append(float(np.mean(k.unit_vectors[units] @ ask.turn.search)))
    order = sorted(range(len(rows)), key=lambda j: -scores[j])
    if on_axis is not None:
        floor = max(ROW_FROM, scores[order[0]] - ROW_WITHIN)
        chosen = [rows[j] for j in order[:ROWS] if scores[j] >= floor][: max(2, ROWS - 2)]
        if ask.turn.axis is not None and len(k.axes):
            # a row whose topic is nearer another axis is off the one asked ("Ease of Use" or "Industry Adoption"
            # under "for actually getting models into production, tf or torch?")
            chosen = [r for r in chosen if _axis_lead(k, r, named, ask.turn.axis) >= ROW_AXIS_AHEAD]
        return chosen
    return sorted(rows[j] for j in order[:ROWS])


def _backing(ask: Ask, axis: Axis, ranked: list[str]) -> list[int]:
    """The axis's sentences that back "A is …er than B": they speak of both, or of one alone that heads or ends
    the whole ranking ("TensorFlow: Steeper" backs PyTorch over TensorFlow on ease); "TensorFlow is more
    production-ready [than PyTorch]" says nothing of PyTorch against Keras."""
    k = ask.knowledge
    ends = {(ranked[0],), (ranked[-1],)} & {axis.order[:1], axis.order[-1:]}
    backing = [u for u in axis.units if set(ranked) <= set(k.units[u].subjects) or k.units[u].subjects in ends]
    # (not a sentence about a framework not ranked, "While Keras is … less flexible than TensorFlow and PyTorch" under
    # PyTorch against TensorFlow; nor, where another backs it, one under a heading setting other frameworks against
    # each other: "PyTorch offers more flexibility" under "Keras vs PyTorch" says nothing of TensorFlow)
    backing = [u for u in backing if not k.units[u].names or k.units[u].names[0] in ranked]  # (names: in text order)
    fits = [
        u
        for u in backing
        if len(k.units[u].subjects) > 1 or len(heading := k.headings.get(k.units[u].row, frozenset())) < 2
        or set(ranked) <= heading
    ]
    backing = fits or backing
    # (the winner's own sentence first: "PyTorch: Highly flexible", then "While Keras is … less flexible than …")
    return list(dict.fromkeys(sorted(backing, key=lambda u: k.units[u].names[:1] != (ranked[0],))))


def _nearest_axis(ask: Ask):  # noqa: ANN202 - Axis | None
    """For a pick between frameworks that the sources give to neither: the axis the use case leans on."""
    k = ask.knowledge
    if ask.turn.intent != "recommendation" or not k.axes:
        return None
    sims = k.axis_vectors @ k.topic_of(ask.turn.search)
    order = np.argsort(-sims)
    best, ahead = int(order[0]), float(sims[order[0]] - sims[order[1]]) if len(order) > 1 else 1.0
    return k.axes[best] if float(sims[best]) >= LEANS_ON and ahead >= LEANS_AHEAD else None


def _pick_elsewhere(ask: Ask, named: list[str]) -> tuple[str, str, int] | None:
    """For a pick asked between frameworks that the sources give to another one: that framework, the use case
    in the sources' words, and the unit that states the pick."""
    k, turn = ask.knowledge, ask.turn
    # (also "if I want to iterate on prototypes quickly, TF or PyTorch?": a comparison on no axis, for a use case)
    if turn.use_case is None or (turn.intent != "recommendation" and turn.axis is not None):
        return None
    ranked = rank_frameworks(k, turn.search, (), COVERED_FROM, turn.voiced)
    if not ranked or ranked[0][0] in named:
        return None
    pick = ranked[0][0]
    label = canonical_label(k, turn.search, pick, floor=COVERED_FROM, named=turn.voiced)
    units = [k.labels[i].unit for i in matched_labels(k, turn.search, COVERED_FROM, turn.voiced)]
    units = [u for u in units if pick in k.units[u].subjects]
    return (pick, label, units[0]) if label and units else None


def _say_pick(ask: Ask, elsewhere: tuple[str, str, int] | None) -> str:
    """ "The sources' pick for beginners is **Keras** [n], neither of these." (or "")"""
    if elsewhere is None:
        return ""
    pick, label, unit = elsewhere
    marker = ask.cite.marker(ask.knowledge.passages[ask.knowledge.units[unit].row])
    return f"The sources' pick for {label} is **{pick}** {marker}, neither of these."


def _openings(ask: Ask, framework: str, units: np.ndarray, versus: set[int]) -> np.ndarray:
    """The units that open a passage of a section comparing exactly these frameworks and name this one first."""
    k = ask.knowledge
    return np.array(
        [
            i
            for i in units
            if k.units[i].row in versus and k.units_of[k.units[i].row][0] == i and k.units[i].names[:1] == (framework,)
        ],
        np.int64,
    )


def _versus_section(ask: Ask, named: list[str]) -> set[int]:
    """Rows of passages under a heading that names exactly the compared frameworks ("Keras vs PyTorch: …")."""
    k = ask.knowledge
    return {row for row, names in k.headings.items() if names == set(named) and not k.cells.get(row)}


def _cell_unit(ask: Ask, row: int, framework: str) -> int | None:
    k = ask.knowledge
    return next((i for i in k.units_of.get(row, []) if framework in k.units[i].subjects), None)


def _same_question(ask: Ask, named: list[str]) -> int | None:
    """A unit about exactly these frameworks that asks nearly this question (an FAQ), if one does."""
    k = ask.knowledge
    best, best_sim = None, SAME_QUESTION
    for i in k.units_about(named[0]):
        u = k.units[i]
        # … or the answer under a question heading ("TensorFlow vs Keras: Aren't They the Same?" → "Not exactly— …"),
        # when its topic is much the same as this question's (a heading asked another thing: "Which One Performs
        # Better?" is no answer to "TensorFlow vs PyTorch, what are the differences?")
        asked = asks_a_question(k.passages[u.row])
        if set(u.subjects) != set(named) or asked is None:
            continue
        sim = float(k.unit_vectors[i] @ ask.turn.search)
        # the sides' names fill both meanings: the rest must match too ("… for production?" is no answer to
        # "TensorFlow or PyTorch for beginners?")
        if sim >= best_sim and float(k.unit_topics[i] @ k.topic_of(ask.turn.search)) >= (
            SAME_TOPIC if asked == "faq" else SAME_HEADED
        ):
            best, best_sim = i, sim
    return best


BOTH_FROM = 0.25  # a sentence about both sides this close to the asked axis states how they compare on it


def _both_sides(ask: Ask, named: list[str], axis: int) -> int | None:
    """The unit that speaks of exactly the named frameworks and is closest to the axis, if close enough."""
    k = ask.knowledge
    units = [i for i in k.units_about(named[0]) if set(k.units[i].subjects) == set(named)]
    if not units:
        return None
    sims = k.unit_topics[units] @ k.axis_vectors[axis]
    best = int(np.argmax(sims))
    return units[best] if float(sims[best]) >= BOTH_FROM else None


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ").strip()


def _axis_lead(k, row: int, named: list[str], axis: int) -> float:  # noqa: ANN001 - Knowledge
    """How much nearer a table row's topic (its cells about these frameworks) is to this axis than to any other:
    "Deployment Tools" leads on deployment; "Best Use Cases" sits as near flexibility as ease, speed or deployment
    (negative for a row nearer another axis)."""
    units = [i for i in k.units_of.get(row, []) if set(k.units[i].subjects) & set(named)]
    if not units:
        return -1.0
    sims = k.axis_vectors @ k.unit_topics[units].mean(axis=0)
    return float(sims[axis] - np.delete(sims, axis).max())
