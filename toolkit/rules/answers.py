"""Integrity rules for the answers claims give to their facts, the part_of relation and quote fidelity.

A fact declares the kind of answer it asks for; each of its claims records
that answer in the columns of that kind (a figure, entities, a wording,
yes/no), never in another's. These rules keep the answers comparable and
anchored: an answer entity is named inside the claim's span, a wording and a
time are the span's own words, a quote says how far its words can be trusted,
and part_of is a hierarchy without loops.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from toolkit.problems import Problem, problem
from toolkit.rules.checks import Dataset, reads

# The answer columns of each kind; an entity (set) answer is in answer_entities, a quantity's in value/unit/qualifier.
ANSWER_FIELDS = {"wording": "wording", "yes/no": "yes_no", "entity set": "set_extent"}
ENTITY_KINDS = ("entity", "entity set")
REWRITE = "machine rewrite"  # the copy_kind whose quotes cannot be taken as printed


def applies(data: Dataset) -> bool:
    """Packages of an older major version (no answer kinds) get only the rules they were made for."""
    facts = data.package.tables.get("facts")
    return "answer_entities" in data.rows and facts is not None and any(f["name"] == "answer_kind" for f in facts.schema["fields"])


def _kinds(data: Dataset) -> dict[str, str]:
    return {fact.fact_id: fact.answer_kind for _, fact in data.rows["facts"]}


def _members(data: Dataset) -> dict[str, list[tuple[int, Any]]]:
    members: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for line, row in data.rows["answer_entities"]:
        members[row.claim_id].append((line, row))
    return members


@reads(claims=("claim_id", "fact_id", "claim_type", *ANSWER_FIELDS.values()), facts=("fact_id", "answer_kind"),
       answer_entities=("claim_id", "entity_id"))
def check_answers(data: Dataset) -> Iterator[Problem]:
    """Each claim of a fact gives the answer its fact's kind asks for, and no answer of another kind."""
    file = data.table("claims").file
    kinds, members = _kinds(data), _members(data)
    for line, claim in data.rows["claims"]:
        kind = kinds.get(claim.fact_id) if claim.fact_id else None
        given: list[tuple[str, str | None]] = [(name, field) for name, field in ANSWER_FIELDS.items() if getattr(claim, field) is not None]
        if members.get(claim.claim_id):
            given.append(("entity", None))
        for name, field in given:
            if kind is None:
                yield problem("answer-without-fact", file, line, field or "claim_id", _shown(claim, field))
            elif name != kind and not (name == "entity" and kind in ENTITY_KINDS):
                yield problem("answer-wrong-kind", file, line, field or "claim_id", _shown(claim, field), fact=claim.fact_id,
                              kind=kind, other=name)
        if kind is None:
            continue
        if kind == "quantity" and claim.claim_type != "quantity":  # a quantity's own value: quantity-no-value
            yield problem("answer-missing", file, line, "value", fact=claim.fact_id, kind=kind, need="a quantity claim's value, unit and qualifier")
        elif kind in ANSWER_FIELDS and getattr(claim, ANSWER_FIELDS[kind]) is None:
            yield problem("answer-missing", file, line, ANSWER_FIELDS[kind], fact=claim.fact_id, kind=kind, need=ANSWER_FIELDS[kind])
        if kind in ENTITY_KINDS and not members.get(claim.claim_id):
            yield problem("answer-missing", file, line, "claim_id", claim.claim_id, fact=claim.fact_id, kind=kind,
                          need="rows of answer_entities.csv for this claim")
        if kind == "entity" and len(members.get(claim.claim_id, [])) > 1:
            named = ", ".join(row.entity_id for _, row in members[claim.claim_id])
            yield problem("answer-entity-count", file, line, "claim_id", claim.claim_id, fact=claim.fact_id, entities=named)


def _shown(claim: Any, field: str | None) -> str:
    return getattr(claim, field) if field else claim.claim_id


@reads(claims=("claim_id", "article_id", "claim_type", "start", "end", "text", "wording", "as_of"),
       mentions=("article_id", "entity_id", "start", "end"), answer_entities=("claim_id", "entity_id"))
def check_answer_spans(data: Dataset) -> Iterator[Problem]:
    """An answer is anchored: its entities are mentioned inside the span, its wording and time are the span's words."""
    claims = {claim.claim_id: claim for _, claim in data.rows["claims"]}
    mentioned: dict[str, list[Any]] = defaultdict(list)
    for _, mention in data.rows["mentions"]:
        mentioned[mention.article_id].append(mention)
    file = data.table("answer_entities").file
    for line, row in data.rows["answer_entities"]:
        claim = claims.get(row.claim_id)
        if claim is None:
            continue  # the foreign key check reports it
        if not any(m.entity_id == row.entity_id and claim.start <= m.start and m.end <= claim.end for m in mentioned[claim.article_id]):
            yield problem("answer-entity-unmentioned", file, line, "entity_id", row.entity_id, claim=claim.claim_id,
                          start=claim.start, end=claim.end)
    file = data.table("claims").file
    for line, claim in data.rows["claims"]:
        if claim.wording is not None and claim.wording not in claim.text:
            yield problem("wording-not-in-span", file, line, "wording", claim.wording)
        if claim.as_of is not None:
            if claim.claim_type != "quantity":
                yield problem("as-of-not-quantity", file, line, "as_of", claim.as_of, claim_type=claim.claim_type)
            elif claim.as_of not in claim.text:
                yield problem("as-of-not-in-span", file, line, "as_of", claim.as_of)


@reads(claims=("claim_type", "fidelity", "article_id"), articles=("article_id", "copy_kind"))
def check_fidelity(data: Dataset) -> Iterator[Problem]:
    """Every quote says whose words it is known to be, consistently with the kind of copy it was read from."""
    file = data.table("claims").file
    copy_kinds = {article.article_id: article.copy_kind for _, article in data.rows["articles"]}
    for line, claim in data.rows["claims"]:
        if claim.claim_type != "quote":
            if claim.fidelity is not None:
                yield problem("fidelity-not-quote", file, line, "fidelity", claim.fidelity, claim_type=claim.claim_type)
            continue
        if claim.fidelity is None:
            yield problem("fidelity-missing", file, line, "fidelity")
            continue
        copy_kind = copy_kinds.get(claim.article_id)
        if copy_kind is None:
            continue
        allowed = ("machine rewrite", "paraphrase as quote") if copy_kind == REWRITE else ("faithful copy", "paraphrase as quote")
        if claim.fidelity not in allowed:
            hint = ("its quotes may have been reworded: use 'machine rewrite'" if copy_kind == REWRITE
                    else "'machine rewrite' is for quotes read in a machine-rewritten copy")
            yield problem("fidelity-copy-kind", file, line, "fidelity", claim.fidelity, copy_kind=copy_kind, hint=hint)


@reads(facts=("fact_id", "answer_kind", "changes_over_time"))
def check_facts(data: Dataset) -> Iterator[Problem]:
    """Quantity facts, and only they, say whether their figure changes over time."""
    file = data.table("facts").file
    for line, fact in data.rows["facts"]:
        if fact.answer_kind == "quantity" and fact.changes_over_time is None:
            yield problem("fact-time-missing", file, line, "changes_over_time", fact.fact_id)
        elif fact.answer_kind != "quantity" and fact.changes_over_time is not None:
            yield problem("fact-time-not-quantity", file, line, "changes_over_time", fact.changes_over_time, kind=fact.answer_kind)


@reads(entities=("entity_id", "entity_type", "part_of"))
def check_part_of(data: Dataset) -> Iterator[Problem]:
    """part_of links entities of one type into a hierarchy: no entity is part of itself."""
    entities = {entity.entity_id: entity for _, entity in data.rows["entities"]}
    file = data.table("entities").file
    for line, entity in data.rows["entities"]:
        parent = entities.get(entity.part_of) if entity.part_of else None
        if parent is None:
            continue
        if parent.entity_type != entity.entity_type:
            yield problem("part-of-type", file, line, "part_of", entity.part_of, entity=entity.entity_id,
                          entity_type=entity.entity_type, parent_type=parent.entity_type)
        path, seen = [entity.entity_id], {entity.entity_id}
        while parent is not None and parent.entity_id not in seen:
            path.append(parent.entity_id)
            seen.add(parent.entity_id)
            parent = entities.get(parent.part_of) if parent.part_of else None
        if parent is not None and parent.entity_id == entity.entity_id:
            yield problem("part-of-cycle", file, line, "part_of", entity.part_of, path=" > ".join([*path, entity.entity_id]))


CHECKS: tuple[Callable[[Dataset], Iterator[Problem]], ...] = (
    check_answers,
    check_answer_spans,
    check_fidelity,
    check_facts,
    check_part_of,
)


def run(data: Dataset) -> Iterator[Problem]:
    if applies(data):
        for check in CHECKS:
            yield from check(data)
