from __future__ import annotations

from types import SimpleNamespace

from toolkit.rules.facts import answer, statuses


def claim(article: str, kind: str = "event", fact: str = "f", **fields: object) -> SimpleNamespace:
    base = {"article_id": article, "claim_type": kind, "fact_id": fact, "text": "", "value": None, "unit": None,
            "qualifier": None, "object_id": None}
    return SimpleNamespace(**{**base, **fields})


def test_quantities_differ_on_value() -> None:
    claims = [claim("a", "quantity", value=450.0, unit="people", qualifier="more than"),
              claim("b", "quantity", value=800.0, unit="people", qualifier="more than")]
    assert statuses(claims) == {"f": "differ"}


def test_events_compare_sets_of_named_entities() -> None:
    claims = [claim("a", object_id="huang"), claim("a", object_id="benioff"),
              claim("b", object_id="benioff"), claim("b", object_id="huang")]
    assert statuses(claims) == {"f": "agree"}


def test_quotes_compare_wording_not_typography() -> None:
    assert answer(claim("a", "quote", text="There’s more anger,")) == answer(claim("b", "quote", text="there's more anger."))
    assert answer(claim("a", "quote", text="tax system")) != answer(claim("b", "quote", text="wealth tax"))


def test_one_article_or_no_answer_is_single() -> None:
    assert statuses([claim("a", object_id="ice"), claim("b")]) == {"f": "single"}
    assert statuses([claim("a", fact=None)]) == {}
