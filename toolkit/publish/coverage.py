"""The nested coverage document: everything about each article and fact, without joins.

Release users open one JSON file and read an article with its bylines,
mentions and claims (each claim with the entities named inside its span, its
answer entities and the fact it answers), and each fact with its claims and
the derived agreement: status, explanation and each article's answer. The document is built from pydantic models derived from
the Table Schemas, so its JSON Schema is generated, not written by hand.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from toolkit.rules.agreement import Status, verdicts
from toolkit.rules.checks import Dataset
from toolkit.rules.models import Row, model_for


class EntityRef(BaseModel):
    """An entity as referred to from inside the document."""

    model_config = ConfigDict(extra="forbid")
    entity_id: str
    name: str
    entity_type: str


class FactRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fact_id: str
    question: str


class AnswerOf(BaseModel):
    """One article's answer to a fact."""

    model_config = ConfigDict(extra="forbid")
    article_id: str
    claim_ids: list[str]
    summary: str = Field(description="The answer in words.")


def document_model(data: Dataset) -> type[BaseModel]:
    """The model of the whole document, extending each table's row model with its nested parts."""
    table = {name: model_for(name, t.schema) for name, t in data.package.tables.items()}
    mention = create_model("CoverageMention", __base__=table["mentions"], entity=(EntityRef, ...))
    claim = create_model("CoverageClaim", __base__=table["claims"], entities=(list[EntityRef], ...),
                         answer_entities=(list[EntityRef], ...), fact=(FactRef | None, None))
    article = create_model(
        "CoverageArticle", __base__=table["articles"],
        outlet=(EntityRef | None, None), bylines=(list[EntityRef], ...), mentions=(list[mention], ...), claims=(list[claim], ...),
    )
    claim_row, entity_row = table["claims"], table["entities"]
    fact = create_model(
        "CoverageFact", __base__=table["facts"],
        status=(Status, Field(description="Whether the articles' answers agree, derived from the claims.")),
        explanation=(str, Field(description="Each article's answer and the reason for the status.")),
        answers=(list[AnswerOf], ...), claims=(list[claim_row], ...),
    )
    return create_model(
        "Coverage", __doc__=__doc__.splitlines()[0],
        name=(str, ...), version=(str, ...), articles=(list[article], ...), facts=(list[fact], ...), entities=(list[entity_row], ...),
    )


def build(data: Dataset, name: str, version: str) -> BaseModel:
    rows: dict[str, list[Any]] = {t: [row for _, row in data.rows[t]] for t in data.rows}
    entities = {e.entity_id: e for e in rows["entities"]}
    facts = {f.fact_id: f for f in rows["facts"]}

    def ref(entity_id: str | None) -> dict[str, str] | None:
        if entity_id is None:
            return None
        entity = entities[entity_id]
        return {"entity_id": entity.entity_id, "name": entity.name, "entity_type": entity.entity_type}

    def dump(row: Row) -> dict[str, Any]:
        return row.model_dump()

    def inside(claim: Any) -> list[dict[str, str] | None]:
        found = sorted((m.start, m.entity_id) for m in rows["mentions"]
                       if m.article_id == claim.article_id and claim.start <= m.start and m.end <= claim.end)
        return [ref(entity_id) for entity_id in dict.fromkeys(e for _, e in found)]

    answered: dict[str, list[str]] = {}
    for row in sorted(rows.get("answer_entities", []), key=lambda r: (r.claim_id, r.entity_id)):
        answered.setdefault(row.claim_id, []).append(row.entity_id)
    articles = []
    for article in sorted(rows["articles"], key=lambda a: a.article_id):
        mine = [c for c in rows["claims"] if c.article_id == article.article_id]
        articles.append({
            **dump(article),
            "outlet": ref(article.outlet_id),
            "bylines": [ref(b.entity_id) for b in sorted(rows["bylines"], key=lambda b: b.entity_id) if b.article_id == article.article_id],
            "mentions": [{**dump(m), "entity": ref(m.entity_id)}
                         for m in sorted(rows["mentions"], key=lambda m: (m.start, m.end)) if m.article_id == article.article_id],
            "claims": [{**dump(c), "entities": inside(c), "answer_entities": [ref(e) for e in answered.get(c.claim_id, [])],
                        "fact": {"fact_id": c.fact_id, "question": facts[c.fact_id].question} if c.fact_id else None}
                       for c in sorted(mine, key=lambda c: (c.start, c.claim_id))],
        })
    verdict = verdicts(data)
    fact_list = [{**dump(f), "status": verdict[f.fact_id].status, "explanation": verdict[f.fact_id].explanation,
                  "answers": [{"article_id": a.article_id, "claim_ids": list(a.claim_ids), "summary": a.summary}
                              for a in verdict[f.fact_id].answers],
                  "claims": [dump(c) for c in sorted(rows["claims"], key=lambda c: c.claim_id) if c.fact_id == f.fact_id]}
                 for f in sorted(rows["facts"], key=lambda f: f.fact_id)]
    model = document_model(data)
    return model.model_validate({
        "name": name, "version": version, "articles": articles, "facts": fact_list,
        "entities": [dump(e) for e in sorted(rows["entities"], key=lambda e: e.entity_id)],
    })
