"""Whether the articles agree on each fact, derived from their claims' answers and explained in words.

A fact-checker needs "conflicting" kept for answers that cannot both be true,
so each kind of answer is compared by what it means, not by equality:

- quantities as ranges read from their qualifiers (see `interval`): they are
  consistent when the ranges overlap; a figure that changes over time (a
  running count) taken at different times is "not comparable" rather than
  conflicting when they do not;
- entities through part_of: Border Patrol agents are Department of Homeland
  Security agents, so those answers are consistent; ICE and Border Patrol,
  neither part of the other, conflict;
- entity sets: partial lists ("such as") never conflict; a list a text gives
  as complete conflicts with a member another text names and it lacks;
- wordings word by word: the same words, or one an excerpt of the other, are
  consistent; quotations of the same words that differ conflict (they cannot
  both be the speaker's words); the articles' own descriptions that differ are
  not comparable, and the word diff shows how they differ;
- yes/no: the same answer is consistent, yes against no conflicts.

A fact fewer than two articles answer is "single". Each verdict carries an
explanation naming every article's answer and the reason, so a reader never
has to trust the status alone.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.rules.checks import Dataset

Status = Literal["consistent", "conflicting", "single", "not comparable"]
STATUSES: tuple[Status, ...] = ("consistent", "conflicting", "single", "not comparable")

TOLERANCE = 0.1  # "about 100" allows 90 to 110 and "nearly 100" 90 to under 100: round figures in news copy


@dataclass(frozen=True)
class Answer:
    """One article's answer to a fact."""

    article_id: str
    claim_ids: tuple[str, ...]
    summary: str  # the answer in words, e.g. "more than 800 people (as of Monday afternoon)"


@dataclass(frozen=True)
class Verdict:
    fact_id: str
    question: str
    kind: str  # the fact's answer kind: quantity, entity, entity set, wording, yes/no
    status: Status
    explanation: str  # names each article's answer and the reason for the status
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool
    high_open: bool

    def meet(self, other: Interval) -> Interval | None:
        """The figures both allow, or None when there are none."""
        if self.low != other.low:
            low, low_open = max((self.low, self.low_open), (other.low, other.low_open))
        else:
            low, low_open = self.low, self.low_open or other.low_open
        if self.high != other.high:
            high, high_open = min((self.high, self.high_open), (other.high, other.high_open))
        else:
            high, high_open = self.high, self.high_open or other.high_open
        if low > high or (low == high and (low_open or high_open)):
            return None
        return Interval(low, high, low_open, high_open)

    def words(self) -> str:
        if self.low == self.high:
            return figure(self.low)
        if self.high == math.inf:
            return f"{'above' if self.low_open else 'at least'} {figure(self.low)}"
        if self.low == -math.inf:
            return f"{'below' if self.high_open else 'at most'} {figure(self.high)}"
        return f"from {figure(self.low)} to {'under ' if self.high_open else ''}{figure(self.high)}"


def interval(value: float, qualifier: str | None) -> Interval:
    """The range of figures "<qualifier> <value>" allows; no qualifier reads as exact.

    exact: the value; more than: above it; at least: it or above; fewer than: below it;
    about: within TOLERANCE of it either side; nearly: up to TOLERANCE below it, not reaching it.
    """
    slack = abs(value) * TOLERANCE
    return {
        "more than": Interval(value, math.inf, True, True),
        "at least": Interval(value, math.inf, False, True),
        "fewer than": Interval(-math.inf, value, True, True),
        "about": Interval(value - slack, value + slack, False, False),
        "nearly": Interval(value - slack, value, False, True),
    }.get(qualifier or "exact", Interval(value, value, False, False))


def figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


# Words are compared without typography: curly quotes, case and the punctuation at their edges.
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
# Words too common to anchor an alignment on: "the" in one sentence is not matched to "the" anywhere in another.
_FILLER = frozenset({"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or", "our", "that",
                     "the", "their", "to", "we"})


def _token(word: str) -> str:
    return _EDGES.sub("", unicodedata.normalize("NFC", word).translate(_TYPOGRAPHY).casefold())


def _tokens(text: str) -> list[str]:
    return [t for t in map(_token, text.split()) if t]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changes from old to new, word by word: ("equal"|"delete"|"insert", words), typography ignored."""
    old_words = [w for w in old.split() if _token(w)]
    new_words = [w for w in new.split() if _token(w)]
    matcher = difflib.SequenceMatcher(_FILLER.__contains__, [_token(w) for w in old_words], [_token(w) for w in new_words],
                                      autojunk=False)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(new_words[j1:j2])))
    return ops


def describe_diff(ops: list[tuple[str, str]]) -> str:
    """The changes of a word diff in words: 'agents to' → 'agencies into'; + 'our'; − 'colleagues,'."""
    changes: list[str] = []
    pending: str | None = None
    for op, words in ops:
        if op == "delete":
            pending = words
        elif op == "insert":
            changes.append(f"'{pending}' → '{words}'" if pending is not None else f"+ '{words}'")
            pending = None
        else:
            if pending is not None:
                changes.append(f"− '{pending}'")
            pending = None
    if pending is not None:
        changes.append(f"− '{pending}'")
    return "; ".join(changes)


@dataclass(frozen=True)
class _Context:
    """What the comparison rules read besides the claims: entity names, part_of, answer members, the fact."""

    names: dict[str, str]
    parents: dict[str, str]
    members: dict[str, tuple[str, ...]]
    fact: Any

    def ancestors(self, entity_id: str) -> list[str]:
        chain, seen = [], {entity_id}
        while (entity_id := self.parents.get(entity_id, "")) and entity_id not in seen:
            chain.append(entity_id)
            seen.add(entity_id)
        return chain

    def relation(self, a: str, b: str) -> str | None:
        """How two entity answers fit together ("the same", "X is part of Y"), or None when neither contains the other."""
        if a == b:
            return "the same"
        for part, whole in ((a, b), (b, a)):
            if whole in self.ancestors(part):
                return f"{self.names[part]} is part of {self.names[whole]}"
        return None


Claims = Sequence[Any]
Rule = Callable[[Mapping[str, Claims], _Context], tuple[Status, str]]


def _quantity_summary(claim: Any, _: _Context) -> str:
    qualifier = "" if claim.qualifier in (None, "exact") else f"{claim.qualifier} "
    when = f" ({claim.as_of})" if claim.as_of else ""
    return f"{qualifier}{figure(claim.value)} {claim.unit}{when}"


def compare_quantities(answers: Mapping[str, Claims], context: _Context) -> tuple[Status, str]:
    """Consistent when the ranges overlap; a running count taken at different times is not comparable when they do not."""
    claims = [c for found in answers.values() for c in found]
    units = sorted({c.unit for c in claims})
    if len(units) > 1:
        return "not comparable", f"the figures are in different units ({', '.join(units)})"
    times = {c.as_of for c in claims}
    different_times = context.fact.changes_over_time == "yes" and (len(times) > 1 or None in times)
    common: Interval | None = interval(claims[0].value, claims[0].qualifier)
    for claim in claims[1:]:
        common = common.meet(interval(claim.value, claim.qualifier)) if common else None
    if common is not None:
        same = common.low == common.high
        reason = "the same figure" if same else f"the ranges overlap: all hold for {common.words()}"
        return "consistent", reason + ("; the counts were taken at different times" if different_times else "")
    low = max(claims, key=lambda c: interval(c.value, c.qualifier).low)
    high = min(claims, key=lambda c: interval(c.value, c.qualifier).high)
    clash = f"{low.article_id}'s {_quantity_summary(low, context)} and {high.article_id}'s {_quantity_summary(high, context)}"
    if different_times:
        return "not comparable", f"the ranges do not overlap ({clash}), but the counts were taken at different times"
    return "conflicting", f"the ranges do not overlap: {clash} cannot both hold"


def _entity_summary(claim: Any, context: _Context) -> str:
    names = ", ".join(context.names[e] for e in context.members.get(claim.claim_id, ()))
    return names if claim.set_extent is None else f"{names} ({'the complete list' if claim.set_extent == 'complete' else 'among others'})"


def compare_entities(answers: Mapping[str, Claims], context: _Context) -> tuple[Status, str]:
    """Consistent when every two articles name the same entity or one part of the other."""
    given = [(article, e) for article, claims in answers.items() for c in claims for e in context.members.get(c.claim_id, ())]
    relations = []
    for i, (article, entity) in enumerate(given):
        for other_article, other in given[i + 1:]:
            if other_article == article:
                continue
            relation = context.relation(entity, other)
            if relation is None:
                return "conflicting", f"{context.names[entity]} and {context.names[other]}: neither is part of the other"
            relations.append(relation)
    reasons = sorted(set(relations) - {"the same"})
    return "consistent", "the same entity" if not reasons else "; ".join(reasons)


def compare_sets(answers: Mapping[str, Claims], context: _Context) -> tuple[Status, str]:
    """Partial lists never conflict; a complete list conflicts with a member another article names and it lacks."""
    named = {article: {e for c in claims for e in context.members.get(c.claim_id, ())} for article, claims in answers.items()}
    for article, claims in answers.items():
        for claim in claims:
            if claim.set_extent != "complete":
                continue
            complete = context.members.get(claim.claim_id, ())
            for other, members in named.items():
                missing = [m for m in sorted(members) if other != article and not any(context.relation(m, c) for c in complete)]
                if missing:
                    names = ", ".join(context.names[m] for m in missing)
                    return "conflicting", f"{article} gives its list as complete, but {other} also names {names}"
    reasons = ["no list is given as complete, so they do not contradict each other"]
    if everyone := set.intersection(*named.values()):
        reasons.append(f"all name {_names(everyone, context)}")
    for article, members in named.items():
        if alone := members - set().union(*(others for other, others in named.items() if other != article)):
            reasons.append(f"only {article} names {_names(alone, context)}")
    return "consistent", "; ".join(reasons)


def _names(entity_ids: set[str], context: _Context) -> str:
    return ", ".join(sorted(context.names[e] for e in entity_ids))


def _wording_summary(claim: Any, _: _Context) -> str:
    return f"'{claim.wording}'"


def compare_wordings(answers: Mapping[str, Claims], context: _Context) -> tuple[Status, str]:
    """The same words or an excerpt are consistent; differing quotes conflict; differing descriptions are not comparable."""
    articles = list(answers)
    first = answers[articles[0]][0]
    pairs = [(a, b) for i, article in enumerate(articles) for other in articles[i + 1:]
             for a in answers[article] for b in answers[other] if not _excerpt(a.wording, b.wording)]
    if not pairs:
        same = len({tuple(_tokens(c.wording)) for claims in answers.values() for c in claims}) == 1
        return "consistent", "the same words" if same else "the shorter wording is an excerpt of the longer"
    shown = "; ".join(f"{articles[0]} → {article}: {describe_diff(word_diff(first.wording, claim.wording))}"
                      for article in articles[1:] for claim in answers[article] if not _excerpt(first.wording, claim.wording))
    if all(a.claim_type == b.claim_type == "quote" for a, b in pairs):
        return "conflicting", f"the quoted words differ, so they cannot all be the speaker's: {shown}"
    return "not comparable", f"the articles word it in their own words, whose meaning is not compared; the words differ: {shown}"


def _excerpt(a: str, b: str) -> bool:
    """The same words, or the shorter a contiguous run of the longer's."""
    short, long = sorted((_tokens(a), _tokens(b)), key=len)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _yes_no_summary(claim: Any, _: _Context) -> str:
    return str(claim.yes_no)


def compare_yes_no(answers: Mapping[str, Claims], _: _Context) -> tuple[Status, str]:
    said = {c.yes_no for claims in answers.values() for c in claims}
    if len(said) == 1:
        return "consistent", f"all say {said.pop()}"
    yes = [a for a, claims in answers.items() if any(c.yes_no == "yes" for c in claims)]
    no = [a for a, claims in answers.items() if any(c.yes_no == "no" for c in claims)]
    return "conflicting", f"{', '.join(yes)} say{'s' if len(yes) == 1 else ''} yes, {', '.join(no)} no"


# kind -> (the rule comparing answers, how one claim's answer reads, whether a claim gives an answer)
RULES: dict[str, tuple[Rule, Callable[[Any, _Context], str], Callable[[Any, _Context], bool]]] = {
    "quantity": (compare_quantities, _quantity_summary, lambda c, _: c.claim_type == "quantity" and c.value is not None and bool(c.unit)),
    "entity": (compare_entities, _entity_summary, lambda c, x: bool(x.members.get(c.claim_id))),
    "entity set": (compare_sets, _entity_summary, lambda c, x: bool(x.members.get(c.claim_id))),
    "wording": (compare_wordings, _wording_summary, lambda c, _: c.wording is not None),
    "yes/no": (compare_yes_no, _yes_no_summary, lambda c, _: c.yes_no is not None),
}


def verdicts(data: Dataset) -> dict[str, Verdict]:
    """Fact id -> its verdict, for every fact of the dataset."""
    rows = data.rows
    names = {e.entity_id: e.name for _, e in rows["entities"]}
    parents = {e.entity_id: e.part_of for _, e in rows["entities"] if e.part_of}
    members: dict[str, list[str]] = defaultdict(list)
    for _, row in rows.get("answer_entities", []):
        members[row.claim_id].append(row.entity_id)
    by_fact: dict[str, list[Any]] = defaultdict(list)
    for _, claim in rows["claims"]:
        if claim.fact_id:
            by_fact[claim.fact_id].append(claim)
    result = {}
    for _, fact in sorted(rows["facts"], key=lambda pair: pair[1].fact_id):
        context = _Context(names, parents, {k: tuple(v) for k, v in members.items()}, fact)
        rule, summary, answered = RULES[fact.answer_kind]
        answers: dict[str, list[Any]] = defaultdict(list)
        for claim in sorted(by_fact[fact.fact_id], key=lambda c: (c.article_id, c.start, c.claim_id)):
            if answered(claim, context):
                answers[claim.article_id].append(claim)
        given = tuple(Answer(article, tuple(c.claim_id for c in claims), " and ".join(summary(c, context) for c in claims))
                      for article, claims in answers.items())
        listed = "; ".join(f"{a.article_id}: {a.summary}" for a in given)
        if len(given) < 2:
            status: Status = "single"
            reason = "no other article answers" if given else "no article answers"
        else:
            status, reason = rule(answers, context)
        result[fact.fact_id] = Verdict(fact.fact_id, fact.question, fact.answer_kind, status,
                                       f"{listed}: {reason}" if listed else reason, given)
    return result
