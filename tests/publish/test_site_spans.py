"""Highlighting at exact offsets: nested, identical and crossing spans give well-formed markup with each span's exact text."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from toolkit.publish.site.spans import Span, context, nest, render


def _tag(span: Span, first: bool) -> Markup:
    return Markup('<mark data-k="{}"{}>').format(span.key, Markup(" first") if first else "")


def html(text: str, spans: list[Span]) -> str:
    return str(render(nest(text, spans), _tag))


def test_a_claim_holds_its_mentions() -> None:
    spans = [Span(0, 14, "claim"), Span(0, 4, "acme"), Span(10, 14, "jane", rank=1)]
    assert html("Acme said Jane", spans) == (
        '<mark data-k="claim" first><mark data-k="acme" first>Acme</mark> said <mark data-k="jane" first>Jane</mark></mark>'
    )


def test_identical_spans_nest_by_rank_then_key() -> None:
    spans = [Span(0, 3, "m", rank=1), Span(0, 3, "b"), Span(0, 3, "a")]
    assert html("ICE", spans) == '<mark data-k="a" first><mark data-k="b" first><mark data-k="m" first>ICE</mark></mark></mark>'


def test_a_crossing_span_is_closed_and_reopened() -> None:
    assert html("abcdefghij", [Span(0, 5, "x"), Span(3, 8, "y")]) == (
        '<mark data-k="x" first>abc<mark data-k="y" first>de</mark></mark><mark data-k="y">fgh</mark>ij'
    )


def test_text_is_escaped_and_carriage_returns_survive_html_parsing() -> None:
    assert html("a<b>&\r\nc", [Span(1, 4, "t")]) == 'a<mark data-k="t" first>&lt;b&gt;</mark>&amp;&#13;\nc'


@pytest.mark.parametrize("start, end", [(-1, 2), (2, 2), (3, 9), (5, 4)])
def test_a_span_outside_the_text_is_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="does not fit a text of 8 code points"):
        nest("abcdefgh", [Span(start, end, "bad")])


class _Reader(HTMLParser):
    """Rebuilds the text, and each key's fragments with the offsets where they stand, from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.open: list[str] = []
        self.fragments: dict[str, list[tuple[int, str]]] = {}
        self.firsts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found["data-k"] or ""
        self.open.append(key)
        self.fragments.setdefault(key, []).append((len(self.text), ""))
        if "first" in found:
            self.firsts.append(key)

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        for key in set(self.open):
            start, seen = self.fragments[key][-1]
            self.fragments[key][-1] = (start, seen + data)


@st.composite
def _texts_with_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(st.text(alphabet="ab <&\n\r\u00e9\U0001f600", min_size=1, max_size=40))
    bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda p: p[0] < p[1])
    pairs = draw(st.lists(bounds, max_size=8))
    return text, [Span(s, e, f"k{i}", rank=draw(st.integers(0, 1))) for i, (s, e) in enumerate(pairs)]


@given(_texts_with_spans())
def test_every_span_is_exactly_its_text_however_spans_overlap(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    reader = _Reader()
    reader.feed(html(text, spans))
    reader.close()
    assert reader.open == [] and reader.text == text
    assert sorted(reader.firsts) == sorted(s.key for s in spans)  # one focusable fragment per span, the first
    for span in spans:
        fragments = reader.fragments[span.key]
        assert fragments[0][0] == span.start
        assert "".join(part for _, part in fragments) == text[span.start : span.end]
        for (start, part), (following, _) in itertools.pairwise(fragments):
            assert start + len(part) == following  # fragments are contiguous: nothing inside the span is left out


TEXT = "Heading\nOne sentence here. The span is in this one. A third one.\nNext paragraph."


def test_context_is_the_sentence_before_and_the_span_s_own() -> None:
    start = TEXT.index("span")
    window = context(TEXT, start, start + 4)
    assert TEXT[window.start : window.end] == "One sentence here. The span is in this one."
    assert (window.cut_left, window.cut_right) == (False, False)


def test_context_at_a_paragraph_start_takes_the_sentence_after() -> None:
    start = TEXT.index("One")
    window = context(TEXT, start, start + 3)
    assert TEXT[window.start : window.end] == "One sentence here. The span is in this one."


def test_context_never_crosses_a_paragraph() -> None:
    start = TEXT.index("Next")
    window = context(TEXT, start, start + 4)
    assert TEXT[window.start : window.end] == "Next paragraph."


def test_a_long_sentence_is_cut_at_a_word_boundary() -> None:
    text = "word " * 100 + "SPAN" + " word" * 100
    start = text.index("SPAN")
    window = context(text, start, start + 4, limit=20)
    assert text[window.start : window.end] == "word word word word SPAN word word word word"
    assert (window.cut_left, window.cut_right) == (True, True)
