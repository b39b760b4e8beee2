"""Highlight records inside a text at their exact offsets, however their spans nest or cross.

HTML elements nest, spans of text need not: a claim can contain mentions, two
claims can share a span, and one span can start inside another and end after
it. The text is cut at every span boundary; each piece is covered by a set of
spans, opened outermost first (earlier start, then later end). Where a span
outlives the one it was opened inside, it is closed with it and reopened as a
second fragment, so the markup stays well formed and every span's fragments,
read in order, are exactly its text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A record to highlight: its offsets in code points (start inclusive, end exclusive) and its key."""

    start: int
    end: int
    key: str  # unique among the spans of one text; also the tie-break between identical spans
    rank: int = 0  # between spans with the same offsets, the lower rank is outer (claims around mentions)


@dataclass(frozen=True)
class Fragment:
    """One element of a span's markup: `first` only on the fragment where the span starts."""

    span: Span
    first: bool
    children: tuple[Piece, ...]


Piece = str | Fragment


def _outer_first(span: Span) -> tuple[int, int, int, str]:
    return (span.start, -span.end, span.rank, span.key)


def nest(text: str, spans: Sequence[Span]) -> tuple[Piece, ...]:
    """The text as a tree of plain pieces and span fragments; raise ValueError for a span outside the text."""
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"span {span.key} at {span.start}-{span.end} does not fit a text of {len(text)} code points")
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    ordered = sorted(spans, key=_outer_first)
    root: list[Piece] = []
    stack: list[tuple[Span, list[Piece]]] = []  # open spans, outermost first, with the children gathered so far
    for left, right in itertools.pairwise(cuts):
        active = [s for s in ordered if s.start <= left and right <= s.end]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] == active[keep]:
            keep += 1
        while len(stack) > keep:
            _close(stack, root)
        for span in active[keep:]:
            stack.append((span, []))
        (stack[-1][1] if stack else root).append(text[left:right])
    while stack:
        _close(stack, root)
    return _mark_first(tuple(root), set())


def _close(stack: list[tuple[Span, list[Piece]]], root: list[Piece]) -> None:
    span, children = stack.pop()
    (stack[-1][1] if stack else root).append(Fragment(span, False, tuple(children)))


def _mark_first(pieces: tuple[Piece, ...], seen: set[str]) -> tuple[Piece, ...]:
    """Flag the first fragment of each span in document order (the one that takes keyboard focus)."""
    marked: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            marked.append(piece)
            continue
        first = piece.span.key not in seen
        seen.add(piece.span.key)
        marked.append(Fragment(piece.span, first, _mark_first(piece.children, seen)))
    return tuple(marked)


def text_escape(text: str) -> Markup:
    """Escape text for HTML, keeping carriage returns: the parser would turn a literal CR or CRLF into LF."""
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def render(pieces: Sequence[Piece], open_tag: Callable[[Span, bool], Markup]) -> Markup:
    """The tree as HTML: text escaped, each fragment a <mark> element opened by the tag `open_tag(span, first)` gives."""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(text_escape(piece))
        else:
            out.append(open_tag(piece.span, piece.first) + render(piece.children, open_tag) + Markup("</mark>"))
    return Markup("".join(out))


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*[ \t]+|[ \t]*\n\s*")


@dataclass(frozen=True)
class Window:
    """A stretch of text around a span; `cut_left`/`cut_right` where it stops inside a sentence."""

    start: int
    end: int
    cut_left: bool
    cut_right: bool


def context(text: str, start: int, end: int, limit: int = 280) -> Window:
    """About two sentences of one paragraph around a span: the one(s) it stands in and the one before, else after.

    A side longer than `limit` code points is cut at a word boundary, so a
    text without sentence ends still gives a readable excerpt.
    """
    starts, ends, paragraph = _sentences(text)
    own = max(s for s in starts if s <= start)
    right = min(e for e in ends if e >= end)
    previous = max((s for s in starts if s < own), default=own)
    if previous < own and not any(previous < p <= own for p in paragraph):
        left = previous
    else:
        left = own
        following = min((e for e in ends if e > right), default=right)
        if following > right and not any(right < p <= following for p in paragraph):
            right = following
    cut_left, cut_right = left > 0 and left not in starts, right < len(text) and right not in ends
    if start - left > limit:
        left, cut_left = _word_start(text, start - limit), True
    if right - end > limit:
        right, cut_right = _word_end(text, end + limit), True
    return Window(min(left, start), max(right, end), cut_left, cut_right)


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where the text's sentences start and end, and where its paragraphs start (computed once per text)."""
    breaks = list(_SENTENCE_END.finditer(text))
    starts = [0, *(m.end() for m in breaks)]
    ends = [m.start() for m in breaks] + [len(text)]
    return starts, ends, [m.end() for m in breaks if "\n" in m.group()]


def _word_start(text: str, position: int) -> int:
    """The start of the first whole word at or after `position`."""
    if position == 0 or text[position - 1].isspace():
        return position
    space = text.find(" ", position)
    return position if space < 0 else space + 1


def _word_end(text: str, position: int) -> int:
    """The end of the last whole word at or before `position`."""
    if position == len(text) or text[position].isspace():
        return position
    space = text.rfind(" ", 0, position)
    return position if space < 0 else space
