"""Notes under an answer: the outdated or disputed claims among the units it quotes, each with the
dated update that corrects or disputes it, and only about the frameworks the answer is about."""

from __future__ import annotations

from collections.abc import Sequence

from .base import Ask

OUTDATED = "Outdated"
DISPUTED = "Sources disagree"


def notes(ask: Ask, frameworks: Sequence[str]) -> dict[str, str]:
    """One note per update that touches a quoted unit: "**Outdated:** [2] … predates …: <update> [5]", by the
    update's passage id (the answer shows the ones it has not told in its body: ``Ask.tell``)."""
    k = ask.knowledge
    about = set(frameworks)
    flagged: dict[str, list[str]] = {}  # update id -> markers of the quoted passages it touches
    updates = {}
    for passage_id, texts in ask.cite.stated.items():
        row = k.row_of.get(passage_id)
        if row is None or (k.passages[row].meta or {}).get("update_kind"):
            continue
        for i in k.units_of.get(row, []):
            if k.units[i].text not in texts and ask.says(i) not in texts:
                continue
            for update in ask.updates_for(i):
                if about and not about & set(update.frameworks):
                    continue
                marker = ask.cite.marker(k.passages[row])
                flagged.setdefault(update.id, [])
                if marker not in flagged[update.id]:
                    flagged[update.id].append(marker)
                updates[update.id] = update
    out = {}
    for update_id, markers in flagged.items():
        update = updates[update_id]
        conflict = (update.meta or {}).get("update_kind") == "conflict"
        label = DISPUTED if conflict else OUTDATED
        verb = "is disputed" if conflict else "predates newer information"
        statement = ask.update_statement(update)
        out[update_id] = f"**{label}:** {''.join(markers)} {verb}: {statement} {ask.cite.marker(update)}"
    return out

