"""Find a contributor's exact words in a stored text, so that records are made by quotation, not by offsets.

Offsets are where hand-made records go wrong: a contributor quotes the words,
and the offsets (code points, as the dataset counts them) are computed here.
Words are matched whole (not inside a longer word, so "ICE" is not found in
"ICEout.Tech"); several matches need a choice; and words that are not in the
text get the closest passages that are, the usual cause being quotes, dashes,
spaces or case typed differently ("curly" vs "straight" quotes).
"""

from __future__ import annotations

import re
import shlex

from rapidfuzz import fuzz, process

from toolkit.edit.store import Refused

Span = tuple[int, int]

# Characters folded to one form when looking for near matches (one for one, so offsets map back);
# similar passages are ranked by rapidfuzz's edit-distance ratio.
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                       "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_WORD = re.compile(r"\S+")


def find(text: str, words: str) -> list[Span]:
    """Every occurrence of the words that does not start or end inside a longer word."""
    if not words:
        return []
    pattern = re.compile(("(?<!\\w)" if words[0].isalnum() else "") + re.escape(words) + ("(?!\\w)" if words[-1].isalnum() else ""))
    spans, position = [], 0
    while match := pattern.search(text, position):
        spans.append(match.span())
        position = match.start() + 1
    return spans


def locate(text: str, words: str, source: str, occurrence: int | None = None, every: bool = False) -> list[Span]:
    """The span(s) the contributor means; refuse a missing, partial or ambiguous match with what to do."""
    spans = find(text, words)
    if not spans:
        raise Refused(_not_found(text, words, source))
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise Refused(f"{_quoted(words)} occurs {_times(len(spans))} in {source}; --occurrence must be 1 to {len(spans)}")
        return [spans[occurrence - 1]]
    if len(spans) > 1 and not every:
        listed = "\n".join(f"  {n}: {_context(text, span)}" for n, span in enumerate(spans, 1))
        raise Refused(f"{_quoted(words)} occurs {_times(len(spans))} in {source}; say which with --occurrence N"
                      f" (mentions also take --all):\n{listed}")
    return spans


def closest(text: str, words: str, limit: int = 3) -> list[Span]:
    """Passages of the text that nearly match the words: the same but for quotes, dashes, spaces and case, else similar words."""
    folded, where = _folded(text)
    query = _folded(words)[0].strip()
    if query:
        exact = [(where[m.start()], where[m.end() - 1] + 1) for m in re.finditer(re.escape(query), folded)]
        if exact:
            return exact[:limit]
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
    size = len(query.split())
    windows: dict[str, Span] = {}
    for length in (size - 1, size, size + 1):
        for first in range(len(tokens) - length + 1 if length > 0 else 0):
            start, end = tokens[first][0], tokens[first + length - 1][1]
            windows.setdefault(folded[start:end], (where[start], where[end - 1] + 1))
    found = process.extract(query, list(windows), scorer=fuzz.ratio, limit=limit, score_cutoff=60)
    return [windows[match] for match, _, _ in found]


def _not_found(text: str, words: str, source: str) -> str:
    inside = [(m.start(), m.end()) for m in re.finditer(re.escape(words), text)] if words else []
    if inside:
        listed = "\n".join(f"  {_context(text, span)}" for span in inside[:3])
        return f"{_quoted(words)} occurs in {source} only inside longer words; quote the whole words:\n{listed}"
    near = closest(text, words)
    if not near:
        return f"{_quoted(words)} is not in {source}, and no passage is close to it; copy the words from the text"
    listed = "\n".join(f"  {shlex.quote(text[s:e])}  ({_context(text, (s, e))})" for s, e in near)
    return f"{_quoted(words)} is not in {source}; the closest passages, to quote exactly as written:\n{listed}"


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with quotes, dashes and case folded and runs of white space as one space; and each character's offset."""
    out, where = list[str](), list[int]()
    for index, char in enumerate(text):
        char = " " if char.isspace() else char.translate(_FOLD)
        lower = char.lower()
        char = lower if len(lower) == 1 else char
        if char == " " and out and out[-1] == " ":
            continue
        out.append(char)
        where.append(index)
    return "".join(out), where


def _context(text: str, span: Span, width: int = 30) -> str:
    from toolkit.render import printable

    start, end = span
    line = text.count("\n", 0, start) + 1
    before = text[max(0, start - width):start].rsplit("\n", 1)[-1]
    after = text[end:end + width].split("\n", 1)[0]
    return f"line {line}, {start}-{end}: …{printable(before)}[{printable(text[start:end])}]{printable(after)}…"


def _quoted(words: str) -> str:
    from toolkit.render import printable

    return f"“{printable(words)}”"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
