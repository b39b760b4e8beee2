"""The one place the site asks whether the articles agree on a fact.

The agreement rules (`toolkit.rules.agreement`, planned) will give each fact
a status, an explanation and each article's answer. Until they land, this
module derives the same shape from today's agree/differ statuses, so the
pages are written against the final interface and only this file changes.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.rules.checks import Dataset
from toolkit.rules.facts import answer, statuses

Status = Literal["consistent", "conflicting", "single", "not comparable"]
_STATUS: dict[str, Status] = {"agree": "consistent", "differ": "conflicting", "single": "single"}
_KIND = {"quantity": "quantity", "quote": "wording", "event": "entity"}


@dataclass(frozen=True)
class Answer:
    article_id: str
    claim_ids: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Verdict:
    fact_id: str
    question: str
    kind: str
    status: Status
    explanation: str
    answers: tuple[Answer, ...]


def verdicts(data: Dataset) -> dict[str, Verdict]:
    """Fact id -> verdict, for every fact of the dataset."""
    claims = [claim for _, claim in data.rows["claims"]]
    names = {entity.entity_id: entity.name for _, entity in data.rows["entities"]}
    status = statuses(claims)
    by_fact: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for claim in sorted(claims, key=lambda c: (c.start, c.claim_id)):
        if claim.fact_id:
            by_fact[claim.fact_id][claim.article_id].append(claim)
    found: dict[str, Verdict] = {}
    for _, fact in sorted(data.rows["facts"], key=lambda pair: pair[1].fact_id):
        per_article = by_fact.get(fact.fact_id, {})
        answers = tuple(
            Answer(article_id, tuple(c.claim_id for c in mine), "; ".join(dict.fromkeys(_summary(c, names) for c in mine)))
            for article_id, mine in sorted(per_article.items())
        )
        kinds = {c.claim_type for mine in per_article.values() for c in mine}
        kind = _KIND.get(next(iter(kinds)), "entity") if len(kinds) == 1 else "mixed"
        if kind == "entity" and any(len({c.object_id for c in mine}) > 1 for mine in per_article.values()):
            kind = "entity set"
        state = _STATUS[status.get(fact.fact_id, "single")]
        found[fact.fact_id] = Verdict(fact.fact_id, fact.question, kind, state, _explain(state, answers), answers)
    return found


def _summary(claim: Any, names: dict[str, str]) -> str:
    if answer(claim) is None:
        return "names no answer"
    if claim.claim_type == "quantity":
        qualifier = "" if claim.qualifier in (None, "exact") else f"{claim.qualifier} "
        value = f"{int(claim.value):,}" if float(claim.value).is_integer() else f"{claim.value:,}"
        return f"{qualifier}{value} {claim.unit}"
    if claim.claim_type == "quote":
        return f"“{claim.text}”"
    return names.get(claim.object_id, claim.object_id)


def _explain(status: Status, answers: tuple[Answer, ...]) -> str:
    said = "; ".join(f"{a.article_id}: {a.summary}" for a in answers)
    if status == "consistent":
        return f"The {len(answers)} articles that answer give the same answer ({said})."
    if status == "conflicting":
        return f"The articles give different answers ({said})."
    if not answers:
        return "No article answers this question."
    return f"Fewer than two articles give a comparable answer ({said})."


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("equal" | "delete" | "insert", words) runs that turn `old` into `new`, word by word."""
    before, after = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            runs.append(("equal" if op == "equal" else "delete", " ".join(before[i1:i2])))
        if op in ("insert", "replace") and j2 > j1:
            runs.append(("insert", " ".join(after[j1:j2])))
    return runs
