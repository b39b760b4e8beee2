"""One broken variant of the mini package per answer rule, each with the exact problems it must produce."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import edit_table, places, set_cell

from toolkit.validate import validate

CLAIMS, FACTS, ENTITIES, ANSWERS = (f"dataset/{t}.csv" for t in ("claims", "facts", "entities", "answer_entities"))


def entity_fact(p: Path) -> None:
    """The mini package with acme-role answering an entity fact: where the letter was organised (Acme)."""
    edit_table(p, "facts", lambda rows: rows.append(
        {"fact_id": "where-organised", "question": "Where was the letter organised?", "answer_kind": "entity", "changes_over_time": "",
         "notes": ""}))
    set_cell(p, "claims", 2, "fact_id", "where-organised")
    edit_table(p, "answer_entities", lambda rows: rows.append({"claim_id": "acme-role", "entity_id": "acme-corp", "notes": ""}))


def wording_fact(p: Path, wording: str) -> None:
    entity_fact(p)
    set_cell(p, "facts", 1, "answer_kind", "wording")
    edit_table(p, "answer_entities", lambda rows: rows.clear())
    set_cell(p, "claims", 2, "wording", wording)


def then(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda p: [step(p) for step in steps]  # type: ignore[func-returns-value]


Variant = tuple[Callable[[Path], None], set[tuple[str, str, int | None, str | None]]]

VARIANTS: dict[str, Variant] = {
    "answer-missing-entity": (then(entity_fact, lambda p: edit_table(p, "answer_entities", lambda rows: rows.clear())),
                              {("answer-missing", CLAIMS, 4, "claim_id")}),
    "answer-missing-wording": (then(entity_fact, lambda p: set_cell(p, "facts", 1, "answer_kind", "wording")),
                               {("answer-missing", CLAIMS, 4, "wording"), ("answer-wrong-kind", CLAIMS, 4, "claim_id")}),
    "answer-missing-quantity": (then(entity_fact, lambda p: set_cell(p, "claims", 2, "fact_id", "signatory-count")),
                                {("answer-missing", CLAIMS, 4, "value"), ("answer-wrong-kind", CLAIMS, 4, "claim_id")}),
    "answer-wrong-kind": (then(entity_fact, lambda p: set_cell(p, "claims", 2, "yes_no", "yes")),
                          {("answer-wrong-kind", CLAIMS, 4, "yes_no")}),
    "answer-without-fact": (lambda p: set_cell(p, "claims", 1, "wording", "We will not stop"),
                            {("answer-without-fact", CLAIMS, 3, "wording")}),
    "answer-entity-count": (then(entity_fact, lambda p: edit_table(p, "answer_entities", lambda rows: rows.append(
        {"claim_id": "acme-role", "entity_id": "jane-roe", "notes": ""}))),
        {("answer-entity-count", CLAIMS, 4, "claim_id"), ("answer-entity-unmentioned", ANSWERS, 3, "entity_id")}),
    "answer-entity-unmentioned": (then(entity_fact, lambda p: set_cell(p, "answer_entities", 0, "entity_id", "jane-roe")),
                                  {("answer-entity-unmentioned", ANSWERS, 2, "entity_id")}),
    "wording-not-in-span": (lambda p: wording_fact(p, "organised it in Acme"), {("wording-not-in-span", CLAIMS, 4, "wording")}),
    "as-of-not-in-span": (lambda p: set_cell(p, "claims", 0, "as_of", "as of Monday"), {("as-of-not-in-span", CLAIMS, 2, "as_of")}),
    "as-of-not-quantity": (lambda p: set_cell(p, "claims", 2, "as_of", "plant"), {("as-of-not-quantity", CLAIMS, 4, "as_of")}),
    "fidelity-missing": (lambda p: set_cell(p, "claims", 1, "fidelity", ""), {("fidelity-missing", CLAIMS, 3, "fidelity")}),
    "fidelity-not-quote": (lambda p: set_cell(p, "claims", 0, "fidelity", "faithful copy"), {("fidelity-not-quote", CLAIMS, 2, "fidelity")}),
    "fidelity-copy-kind": (lambda p: set_cell(p, "articles", 0, "copy_kind", "machine rewrite"),
                           {("fidelity-copy-kind", CLAIMS, 3, "fidelity")}),
    "fact-time-missing": (lambda p: set_cell(p, "facts", 0, "changes_over_time", ""), {("fact-time-missing", FACTS, 2, "changes_over_time")}),
    "fact-time-not-quantity": (then(entity_fact, lambda p: set_cell(p, "facts", 1, "changes_over_time", "no")),
                               {("fact-time-not-quantity", FACTS, 3, "changes_over_time")}),
    "part-of-type": (lambda p: set_cell(p, "entities", 0, "part_of", "jane-roe"), {("part-of-type", ENTITIES, 2, "part_of")}),
    "part-of-cycle": (lambda p: (set_cell(p, "entities", 0, "part_of", "acme-corp")), {("part-of-cycle", ENTITIES, 2, "part_of")}),
}


@pytest.mark.parametrize("fixture", [entity_fact, lambda p: wording_fact(p, "organised it at Acme")], ids=["entity", "wording"])
def test_answered_facts_are_valid(mini: Path, fixture: Callable[[Path], None]) -> None:
    fixture(mini)
    assert places(Path("datapackage.json")) == set()


@pytest.mark.parametrize("name", VARIANTS)
def test_broken_variant(mini: Path, name: str) -> None:
    mutate, expected = VARIANTS[name]
    mutate(mini)
    assert places(Path("datapackage.json")) == expected


def test_messages_say_what_to_do(mini: Path) -> None:
    entity_fact(mini)
    set_cell(mini, "answer_entities", 0, "entity_id", "jane-roe")
    [found] = validate(Path("datapackage.json")).problems
    assert found.message == ("Entity 'jane-roe' is an answer of claim 'acme-role', but no mention of it lies inside the claim's span "
                             "(140-172). Add the mention, or widen the span.")


def test_a_cycle_through_several_entities_is_named_in_full(mini: Path) -> None:
    set_cell(mini, "entities", 0, "part_of", "jane-roe")
    set_cell(mini, "entities", 1, "part_of", "acme-corp")
    set_cell(mini, "entities", 1, "entity_type", "organization")
    cycles = sorted(p.message for p in validate(Path("datapackage.json")).problems if p.code == "part-of-cycle")
    assert cycles == ["The entity is part of itself (acme-corp > jane-roe > acme-corp). Break the loop.",
                      "The entity is part of itself (jane-roe > acme-corp > jane-roe). Break the loop."]


def test_a_wrong_kind_is_named(mini: Path) -> None:
    entity_fact(mini)
    set_cell(mini, "claims", 2, "yes_no", "yes")
    [found] = validate(Path("datapackage.json")).problems
    assert found.message == ("'yes' is an answer of kind 'yes/no', but fact 'where-organised' asks for kind 'entity'. "
                             "Remove it, or group the claim under another fact.")
