"""Mentions and claims as W3C Web Annotations, anchored in the source texts by position and by quote.

Annotation tools (Hypothesis, Recogito, INCEpTION) and fact-checkers' pipelines
read the W3C Web Annotation model: each mention and claim becomes an
annotation whose target is the source text, named by its SHA-256
(`urn:sha256:<hex>`, so any copy of the text can be recognised), located by
code-point offsets (TextPositionSelector) and by the exact text with about 32
characters either side (TextQuoteSelector), which survives a copy whose
offsets shifted. `reanchor` checks that every quote finds its text again at
exactly its offsets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from toolkit.rules.checks import Dataset

CONTEXT = 8 * 4  # characters of prefix and suffix
WIKIDATA = "http://www.wikidata.org/entity/"


def _selectors(text: str | None, start: int, end: int, exact: str) -> list[dict[str, Any]]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    if text is not None:
        quote.update(prefix=text[max(0, start - CONTEXT) : start], suffix=text[end : end + CONTEXT])
    return [{"type": "TextPositionSelector", "start": start, "end": end}, quote]


def _entity_body(entity: Any, purpose: str) -> dict[str, Any]:
    if entity.wikidata:
        return {"type": "SpecificResource", "source": WIKIDATA + entity.wikidata, "purpose": purpose}
    return {"type": "TextualBody", "value": entity.name, "format": "text/plain", "purpose": purpose}


def collection(data: Dataset, texts: dict[str, str], name: str, version: str) -> dict[str, Any]:
    """An AnnotationCollection with one annotation per mention and claim, in article and offset order."""
    entities = {e.entity_id: e for _, e in data.rows["entities"]}
    sources = {a.article_id: f"urn:sha256:{a.sha256}" for _, a in data.rows["articles"]}
    base = f"urn:{name}:{version}"
    items = []
    for _, mention in sorted(data.rows["mentions"], key=lambda pair: (pair[1].article_id, pair[1].start, pair[1].end)):
        entity = entities[mention.entity_id]
        items.append({
            "id": f"{base}:mentions:{mention.article_id}:{mention.start}-{mention.end}", "type": "Annotation", "motivation": "identifying",
            "body": [_entity_body(entity, "identifying"),
                     {"type": "TextualBody", "value": f"{entity.entity_type}; {mention.form} form", "purpose": "classifying"}],
            "target": {"source": sources[mention.article_id],
                       "selector": _selectors(texts.get(mention.article_id), mention.start, mention.end, mention.text)},
        })
    for _, claim in sorted(data.rows["claims"], key=lambda pair: (pair[1].article_id, pair[1].start, pair[1].claim_id)):
        body: list[dict[str, Any]] = [{"type": "TextualBody", "value": claim.paraphrase, "format": "text/plain", "purpose": "describing"},
                                      {"type": "TextualBody", "value": claim.claim_type, "purpose": "classifying"}]
        body += [_entity_body(entities[entity_id], "linking") for entity_id in (claim.subject_id, claim.speaker_id, claim.object_id)
                 if entity_id in entities]
        items.append({
            "id": f"{base}:claims:{claim.claim_id}", "type": "Annotation", "motivation": "describing", "body": body,
            "target": {"source": sources[claim.article_id], "selector": _selectors(texts.get(claim.article_id), claim.start, claim.end, claim.text)},
        })
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "id": f"{base}:annotations", "type": "AnnotationCollection",
            "label": f"Mentions and claims of {name} {version}", "total": len(items),
            "first": {"id": f"{base}:annotations:page1", "type": "AnnotationPage", "startIndex": 0, "items": items}}


def reanchor(document: dict[str, Any], texts: dict[str, str]) -> Iterator[str]:
    """Each annotation whose quote, searched in its text with its prefix and suffix, is not found exactly at its offsets."""
    by_source = {f"urn:sha256:{hashlib.sha256(t.encode('utf-8')).hexdigest()}": t for t in texts.values()}
    for item in document["first"]["items"]:
        text = by_source.get(item["target"]["source"])
        position, quote = item["target"]["selector"]
        if text is None:
            yield f"{item['id']}: no source text has the hash {item['target']['source']}"
            continue
        prefix, exact, suffix = quote.get("prefix", ""), quote["exact"], quote.get("suffix", "")
        starts = [at + len(prefix) for at in _occurrences(text, prefix + exact + suffix)]
        if starts != [position["start"]] or position["end"] != position["start"] + len(exact):
            yield f"{item['id']}: the quote is found at {starts or 'no offset'}, not at {position['start']}"


def _occurrences(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)
