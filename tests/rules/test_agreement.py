"""Each comparison rule on small fixtures: the status and the explanation a reader sees."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

from toolkit.rules.agreement import Interval, interval, verdicts, word_diff
from toolkit.rules.checks import Dataset

ENTITIES = {"dhs": ("Department of Homeland Security", "federal"), "ice": ("ICE", "dhs"), "border-patrol": ("Border Patrol", "dhs"),
            "federal": ("federal government", None), "guard": ("National Guard", None),
            "google": ("Google", None), "deepmind": ("Google DeepMind", "google"), "meta": ("Meta", None), "tesla": ("Tesla", None)}


def claim(article: str, **fields: Any) -> SimpleNamespace:
    base = {"claim_id": f"{article}-claim", "article_id": article, "claim_type": "event", "start": 0, "fact_id": "f", "value": None,
            "unit": None, "qualifier": None, "as_of": None, "wording": None, "yes_no": None, "set_extent": None}
    return SimpleNamespace(**{**base, **fields})


def verdict(kind: str, claims: list[SimpleNamespace], members: dict[str, list[str]] | None = None, changes: str | None = None) -> Any:
    fact = SimpleNamespace(fact_id="f", question="Q?", answer_kind=kind, changes_over_time=changes)
    entities = [SimpleNamespace(entity_id=k, name=name, part_of=parent) for k, (name, parent) in ENTITIES.items()]
    answers = [SimpleNamespace(claim_id=c, entity_id=e) for c, found in (members or {}).items() for e in found]
    rows = {"facts": [(2, fact)], "claims": [(i + 2, c) for i, c in enumerate(claims)],
            "entities": [(i + 2, e) for i, e in enumerate(entities)], "answer_entities": [(i + 2, a) for i, a in enumerate(answers)]}
    return verdicts(Dataset(None, rows, {}))["f"]  # type: ignore[arg-type]


def quantity(article: str, value: float, qualifier: str = "exact", unit: str = "people", as_of: str | None = None) -> SimpleNamespace:
    return claim(article, claim_type="quantity", value=value, unit=unit, qualifier=qualifier, as_of=as_of)


# Quantities: ranges from qualifiers.

@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        (37, "exact", Interval(37, 37, False, False)),
        (450, "more than", Interval(450, math.inf, True, True)),
        (450, "at least", Interval(450, math.inf, False, True)),
        (10, "fewer than", Interval(-math.inf, 10, True, True)),
        (100, "about", Interval(90, 110, False, False)),
        (100, "nearly", Interval(90, 100, False, True)),
    ],
)
def test_each_qualifier_reads_as_a_range(value: float, qualifier: str, expected: Interval) -> None:
    assert interval(value, qualifier) == expected


def test_lower_bounds_taken_at_different_times_are_consistent() -> None:
    found = verdict("quantity", [quantity("a", 400, "more than"), quantity("b", 800, "more than")], changes="yes")
    assert (found.status, found.explanation) == (
        "consistent", ("a: more than 400 people; b: more than 800 people: the ranges overlap: all hold for above 800; "
                      "the counts were taken at different times"))


def test_the_same_figure() -> None:
    found = verdict("quantity", [quantity("a", 37, unit="years"), quantity("b", 37, unit="years")], changes="no")
    assert (found.status, found.explanation) == ("consistent", "a: 37 years; b: 37 years: the same figure")


def test_ranges_that_do_not_overlap_conflict() -> None:
    found = verdict("quantity", [quantity("a", 400), quantity("b", 450, "more than")], changes="no")
    assert (found.status, found.explanation) == (
        "conflicting", ("a: 400 people; b: more than 450 people: the ranges do not overlap: "
                       "b's more than 450 people and a's 400 people cannot both hold"))


def test_nearly_never_reaches_the_figure() -> None:
    assert verdict("quantity", [quantity("a", 100, "nearly"), quantity("b", 100)], changes="no").status == "conflicting"
    assert verdict("quantity", [quantity("a", 100, "nearly"), quantity("b", 95, "about")], changes="no").status == "consistent"


def test_a_running_count_taken_at_different_times_is_not_comparable() -> None:
    found = verdict("quantity", [quantity("a", 400, as_of="as of Monday"), quantity("b", 800, as_of="as of Friday")], changes="yes")
    assert (found.status, found.explanation) == (
        "not comparable", ("a: 400 people (as of Monday); b: 800 people (as of Friday): the ranges do not overlap "
                          "(b's 800 people (as of Friday) and a's 400 people (as of Monday)), but the counts were taken at different times"))


def test_the_same_time_makes_a_running_count_comparable() -> None:
    same = [quantity("a", 400, as_of="as of Monday"), quantity("b", 800, as_of="as of Monday")]
    assert verdict("quantity", same, changes="yes").status == "conflicting"


def test_different_units_are_not_comparable() -> None:
    found = verdict("quantity", [quantity("a", 3, unit="weeks"), quantity("b", 21, unit="days")], changes="no")
    assert (found.status, found.explanation) == ("not comparable", "a: 3 weeks; b: 21 days: the figures are in different units (days, weeks)")


# Entities: through part_of.

def test_agencies_neither_part_of_the_other_conflict() -> None:
    found = verdict("entity", [claim("a"), claim("b")], {"a-claim": ["ice"], "b-claim": ["border-patrol"]})
    assert (found.status, found.explanation) == ("conflicting", "a: ICE; b: Border Patrol: ICE and Border Patrol: neither is part of the other")


def test_an_agency_and_its_department_are_consistent() -> None:
    found = verdict("entity", [claim("a"), claim("b")], {"a-claim": ["border-patrol"], "b-claim": ["dhs"]})
    assert (found.status, found.explanation) == (
        "consistent", "a: Border Patrol; b: Department of Homeland Security: Border Patrol is part of Department of Homeland Security")


def test_federal_agents_are_compatible_with_both_agencies() -> None:
    members = {"a-claim": ["ice"], "b-claim": ["federal"], "c-claim": ["federal"]}
    assert verdict("entity", [claim("a"), claim("b"), claim("c")], members).status == "consistent"
    members = {"a-claim": ["border-patrol"], "b-claim": ["federal"]}
    found = verdict("entity", [claim("a"), claim("b")], members)
    assert found.explanation.endswith(": Border Patrol is part of federal government")


def test_the_same_entity() -> None:
    found = verdict("entity", [claim("a"), claim("b")], {"a-claim": ["ice"], "b-claim": ["ice"]})
    assert (found.status, found.explanation) == ("consistent", "a: ICE; b: ICE: the same entity")


# Entity sets: partial lists never conflict.

def test_partial_lists_are_consistent() -> None:
    claims = [claim("a", set_extent="partial"), claim("b", set_extent="partial")]
    found = verdict("entity set", claims, {"a-claim": ["google", "meta"], "b-claim": ["google", "tesla"]})
    assert (found.status, found.explanation) == (
        "consistent", ("a: Google, Meta (among others); b: Google, Tesla (among others): no list is given as complete, so they do not "
                      "contradict each other; all name Google; only a names Meta; only b names Tesla"))


def test_a_complete_list_conflicts_with_a_member_it_lacks() -> None:
    claims = [claim("a", set_extent="complete"), claim("b", set_extent="partial")]
    found = verdict("entity set", claims, {"a-claim": ["google", "meta"], "b-claim": ["tesla"]})
    assert (found.status, found.explanation) == (
        "conflicting", "a: Google, Meta (the complete list); b: Tesla (among others): a gives its list as complete, but b also names Tesla")


def test_a_complete_list_covers_the_parts_of_its_members() -> None:
    claims = [claim("a", set_extent="complete"), claim("b", set_extent="partial")]
    assert verdict("entity set", claims, {"a-claim": ["google"], "b-claim": ["deepmind"]}).status == "consistent"


# Wordings: word by word.

def test_quotes_that_differ_conflict_and_show_the_diff() -> None:
    claims = [claim("a", claim_type="quote", wording="It worked: Trump backed down."),
              claim("b", claim_type="quote", wording="It helped: Trump backtracked.")]
    found = verdict("wording", claims)
    assert (found.status, found.explanation) == (
        "conflicting", ("a: 'It worked: Trump backed down.'; b: 'It helped: Trump backtracked.': the quoted words differ, so they cannot "
                       "all be the speaker's: a → b: 'worked:' → 'helped:'; 'backed down.' → 'backtracked.'"))


def test_typography_and_excerpts_are_consistent() -> None:
    same = [claim("a", claim_type="quote", wording="There’s more anger,"), claim("b", claim_type="quote", wording="there's more anger.")]
    assert verdict("wording", same).explanation.endswith(": the same words")
    part = [claim("a", claim_type="quote", wording="friends,"), claim("b", claim_type="quote", wording="Friends of mine who live here")]
    found = verdict("wording", part)
    assert found.status == "consistent" and found.explanation.endswith(": the shorter wording is an excerpt of the longer")


def test_own_words_that_differ_are_not_comparable() -> None:
    claims = [claim("a", wording="cancel all company contracts with ICE"), claim("b", wording="a reevaluation of corporate contracts")]
    found = verdict("wording", claims)
    assert (found.status, found.explanation) == (
        "not comparable", ("a: 'cancel all company contracts with ICE'; b: 'a reevaluation of corporate contracts': the articles word it "
                          "in their own words, whose meaning is not compared; the words differ: a → b: 'cancel all company' → "
                          "'a reevaluation of corporate'; − 'with ICE'"))


# Yes/no, and facts fewer than two articles answer.

def test_yes_and_no() -> None:
    assert verdict("yes/no", [claim("a", yes_no="yes"), claim("b", yes_no="yes")]).explanation == "a: yes; b: yes: all say yes"
    found = verdict("yes/no", [claim("a", yes_no="yes"), claim("b", yes_no="no")])
    assert (found.status, found.explanation) == ("conflicting", "a: yes; b: no: a says yes, b no")


def test_one_article_is_single_and_claims_without_answers_are_left_out() -> None:
    found = verdict("yes/no", [claim("a", yes_no="yes", claim_id="a1"), claim("a", yes_no="yes", claim_id="a2"), claim("b")])
    assert (found.status, found.explanation) == ("single", "a: yes and yes: no other article answers")
    assert [(a.article_id, a.claim_ids) for a in found.answers] == [("a", ("a1", "a2"))]


def test_word_diff() -> None:
    assert word_diff("the tech industry can make a difference.", "that the tech industry can change,") == [
        ("insert", "that"), ("equal", "the tech industry can"), ("delete", "make a difference."), ("insert", "change,")]
    assert word_diff("“Friends”, he said", "friends he said.") == [("equal", "“Friends”, he said")]
