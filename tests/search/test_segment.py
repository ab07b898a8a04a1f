"""Segmentation and query building (pure Python: no database)."""

import unicodedata

import pytest
from django.utils.safestring import SafeString

import search
from search.marking import _nfkc, _simplified
from search.text import segmenter


def test_search_mode_emits_sub_words_of_compounds():
    tokens = search.segment("中国开发区协会")
    assert {"中国", "开发区", "协会"} <= set(tokens)
    assert {"行业", "协会", "行业协会"} <= set(search.segment("行业协会"))


def test_domain_dictionary_keeps_zone_words_whole_and_their_parts():
    tokens = set(search.segment("温州经济技术开发区"))
    assert {"温州", "经济技术开发区", "开发区", "经济", "技术"} <= tokens
    assert {"经开区", "综保区", "营商环境"} <= set(search.segment("经开区综保区营商环境"))


def test_latin_words_and_numbers_stay_whole_and_lower_case():
    tokens = search.segment("CKEditor 5 与 R&D 投入，2020年 5G")
    assert {"ckeditor", "5", "r&d", "2020", "5g"} <= set(tokens)
    assert "CKEditor" not in tokens


def test_full_width_and_traditional_text_is_normalised():
    assert search.normalize("ＣＫＥｄｉｔｏｒ　５Ｇ") == "ckeditor 5g"
    assert search.normalize("開發區協會") == "开发区协会"
    assert set(search.segment("東湖新技術開發區")) >= {"开发区", "东湖"}


def test_punctuation_operators_stop_chars_and_nul_are_dropped():
    assert search.segment("&|!():*<-> 。，！？\x00 的") == []


def test_dictionary_file_format_is_read_with_optional_frequency_and_tag(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("# 注释\n\n经开区\n高新区 2000\n综保区 10 n\n", encoding="utf-8")
    assert list(search.read_dictionary(path)) == [
        ("经开区", None, None),
        ("高新区", 2000, None),
        ("综保区", 10, "n"),
    ]


def test_repo_dictionary_lists_the_domain_words():
    words = {w for w, _f, _t in search.read_dictionary(search.DICTIONARY_PATH)}
    assert {"经开区", "高新区", "综保区", "自创区", "海关特殊监管区域", "专精特新"} <= words


def test_query_words_match_whole_or_by_all_parts():
    query = search.parse_query("行业协会 2020")
    assert query.tsquery() == "('行业协会' | ('行业' & '协会')) & '2020'"
    assert query.title_tsquery() == "('行业协会':A | ('行业':A & '协会':A)) & '2020':A"


def test_phrase_query_uses_character_distances():
    query = search.parse_query("营商环境评价")
    assert query.phrase_tsquery() == "'营商环境' <4> '评价'"
    assert search.parse_query("营商环境 评价").phrase_tsquery() == "'营商环境' <4> '评价'"


@pytest.mark.parametrize(
    "raw",
    ["'; DROP TABLE portal_page; --", "a' & 'b", "\\'", "a:*", "!!!", "(((", "<->", "😀"],
)
def test_quotes_backslashes_and_operators_never_leave_a_lexeme(raw):
    query = search.parse_query(raw)
    for term in query.terms:
        assert term.word.replace("'", "") and "\\" not in term.word
    text = query.tsquery()
    # Every lexeme is quoted with doubled single quotes: count stays even.
    assert text.count("'") % 2 == 0


def test_long_query_is_truncated_and_flagged():
    query = search.parse_query("开发区" * 5000)
    assert query.truncated and len(query.text) == search.MAX_QUERY_CHARS
    assert len(query.terms) <= search.MAX_QUERY_TERMS


def test_vector_literal_has_weights_and_offset_positions():
    vector = search.build_vector({"A": "协会简介", "B": "开发区", "C": "协会的章程"})
    assert "'协会':1A " in vector  # in the body too, but the body keeps no positions
    assert "'开发区':15B " in vector  # after the title and a gap of ten
    # the body's words, characters and pairs, without positions; no pair with a stop
    # character (的)
    lexemes = vector.split(" ")
    assert {"'章程'", "'~章'", "'~章程'"} <= set(lexemes)
    assert not any("的" in lexeme for lexeme in lexemes)


def test_highlight_escapes_html_and_marks_each_match():
    query = search.parse_query("协会")
    html = search.highlight("<b>协会</b> & 協會", query)
    assert html == "&lt;b&gt;<mark>协会</mark>&lt;/b&gt; &amp; <mark>協會</mark>"
    assert isinstance(html, SafeString)  # templates print it as it is


def test_snippet_is_cut_around_the_first_match():
    query = search.parse_query("招商引资")
    text = "甲" * 300 + "开发区加大招商引资力度" + "乙" * 300
    snip = search.snippet(text, query, size=60)
    assert snip.startswith("…") and snip.endswith("…")
    assert "<mark>招商引资</mark>" in snip
    assert isinstance(snip, SafeString)
    assert len(snip.replace("<mark>", "").replace("</mark>", "")) <= 62


@pytest.mark.parametrize(
    "text",
    [
        "开发区招商引资",
        "开发区，招商引资。　全角空格",
        "Ａｂｃ，①ﬁ…é" + "e\u0301",
        "ｶﾞ ｶ\uff9e ﬀ\u0301 Å\u0301 \u1100\u1161 가",
        "",
    ],
)
def test_the_quick_nfkc_is_nfkc(text):
    """Marking normalises every hit's text through a quick path: always NFKC's answer."""
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text", ["开发区招商引资", "開發區會員單位", "𠮷野家 開", "𠮷野家", "", "abc，。"]
)
def test_the_quick_simplified_is_opencc(text):
    assert _simplified(text) == segmenter.to_simplified(text)
