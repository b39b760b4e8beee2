"""Whether the articles agree on a fact, derived from their claims and never typed by hand.

Each claim gives an answer to its fact: a quantity its value, unit and
qualifier; a quote its wording; an event the entity it names (object_id).
Articles are compared on the set of answers each gives, so a text naming two
callers agrees with another naming the same two. A claim with no answer (an
event naming no entity) is kept with its fact but not compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

Status = Literal["agree", "differ", "single"]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


def answer(claim: Any) -> tuple[object, ...] | None:
    """What the claim says in answer to its fact, in a form that compares equal when the texts agree."""
    if claim.claim_type == "quantity":
        return (claim.value, claim.unit, claim.qualifier)
    if claim.claim_type == "quote":
        words = unicodedata.normalize("NFC", claim.text).translate(_QUOTES).casefold()
        return (" ".join(_EDGE_PUNCTUATION.sub("", words).split()),)
    return (claim.object_id,) if claim.object_id else None


def statuses(claims: Iterable[Any]) -> dict[str, Status]:
    """Fact id -> agree / differ / single (fewer than two articles give an answer)."""
    answers: dict[str, dict[str, set[tuple[object, ...]]]] = defaultdict(lambda: defaultdict(set))
    for claim in claims:
        if claim.fact_id is None:
            continue
        found = answer(claim)
        per_article = answers[claim.fact_id]
        if found is not None:
            per_article[claim.article_id].add(found)
    result: dict[str, Status] = {}
    for fact_id, per_article in answers.items():
        sets = [frozenset(s) for s in per_article.values()]
        result[fact_id] = "single" if len(sets) < 2 else "agree" if len(set(sets)) == 1 else "differ"
    return result
