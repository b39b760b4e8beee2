"""Finding quoted words: whole words only, a choice among several, and the closest passages when absent."""

from __future__ import annotations

import pytest

from toolkit.edit.quote import closest, find, locate
from toolkit.edit.store import Refused

TEXT = "ICEout.Tech wrote to ICE.\n“We will not stop,” said Jane Roe. Jane Roe’s colleagues agreed — all of them.\n"


def test_whole_words_only() -> None:
    assert find(TEXT, "ICE") == [(21, 24)]
    assert find(TEXT, "Jane Roe") == [(51, 59), (61, 69)]
    assert find(TEXT, "“We will not stop,”") == [(26, 45)]


def test_offsets_count_code_points() -> None:
    text = "😀 Añadir “Jane Roe”"
    [(start, end)] = find(text, "Jane Roe")
    assert (start, end, text[start:end]) == (10, 18, "Jane Roe")


def test_several_matches_need_a_choice() -> None:
    with pytest.raises(Refused) as refused:
        locate(TEXT, "Jane Roe", "a.txt")
    assert str(refused.value) == (
        "“Jane Roe” occurs 2 times in a.txt; say which with --occurrence N (mentions also take --all):\n"
        "  1: line 2, 51-59: …“We will not stop,” said [Jane Roe]. Jane Roe’s colleagues agreed…\n"
        "  2: line 2, 61-69: …ill not stop,” said Jane Roe. [Jane Roe]’s colleagues agreed — all of …"
    )
    assert locate(TEXT, "Jane Roe", "a.txt", occurrence=2) == [(61, 69)]
    assert locate(TEXT, "Jane Roe", "a.txt", every=True) == [(51, 59), (61, 69)]
    with pytest.raises(Refused, match=r"^“Jane Roe” occurs 2 times in a.txt; --occurrence must be 1 to 2$"):
        locate(TEXT, "Jane Roe", "a.txt", occurrence=3)


def test_straight_quotes_suggest_the_curly_ones() -> None:
    with pytest.raises(Refused) as refused:
        locate(TEXT, '"We will not stop," said', "a.txt")
    assert str(refused.value) == (
        "“\"We will not stop,\" said” is not in a.txt; the closest passages, to quote exactly as written:\n"
        "  '“We will not stop,” said'  (line 2, 26-50: …[“We will not stop,” said] Jane Roe. Jane Roe’s colleagu…)"
    )


def test_a_typo_suggests_similar_words() -> None:
    found = [TEXT[s:e] for s, e in closest(TEXT, "colleagues agred - all")]
    assert found == ["colleagues agreed — all", "colleagues agreed — all of", "colleagues agreed —"]


def test_words_inside_longer_words_are_named() -> None:
    with pytest.raises(Refused) as refused:
        locate(TEXT, "Tec", "a.txt")
    assert str(refused.value) == (
        "“Tec” occurs in a.txt only inside longer words; quote the whole words:\n  line 1, 7-10: …ICEout.[Tec]h wrote to ICE.…")


def test_control_characters_in_the_words_are_shown_escaped() -> None:
    with pytest.raises(Refused) as refused:
        locate(TEXT, "zebra\x1b[2J crossing", "a.txt")
    assert str(refused.value) == "“zebra\\x1b[2J crossing” is not in a.txt, and no passage is close to it; copy the words from the text"
