"""One- and two-character queries find every text holding those characters, whatever
words jieba cut them into, and rank jieba's own word matches first."""

import os

import pytest
from django.core.management import call_command

import search
from search.text import segment
from tests.search.conftest import run_search

pytestmark = pytest.mark.django_db


def test_one_character_finds_it_inside_longer_words(make_article):
    park = make_article(title="公园开放时间调整")
    zone = make_article(title="园区企业名单", hours_ago=2)
    make_article(title="开发区新闻", hours_ago=3)
    assert {hit.obj for hit in run_search("园")} == {park, zone}


def test_a_word_match_ranks_above_a_character_only_match(make_article):
    assert "园" in segment("入园企业须知")  # jieba cuts 园 as a word of its own here
    # Newer and with 园 in the title only as part of 公园: still after the word match.
    chars_only = make_article(title="公园开放时间调整", hours_ago=1)
    word = make_article(title="开发区新闻", body="<p>入园企业须知。</p>", hours_ago=5)
    assert [hit.obj for hit in run_search("园")] == [word, chars_only]


def test_two_characters_match_adjacent_characters_only(make_article):
    assert "园区" not in segment("公园区域划分")  # jieba: 公园, 区域
    adjacent = make_article(title="公园区域划分")
    word = make_article(title="园区企业名单", hours_ago=2)
    make_article(title="区里的公园", hours_ago=3)  # both characters, not side by side
    assert [hit.obj for hit in run_search("园区")] == [word, adjacent]


def test_stop_characters_are_still_not_searched(make_article):
    make_article(title="开发区的新闻")
    assert run_search("的") == []


@pytest.mark.slow
def test_one_character_finds_every_demo_article_with_it_in_the_title():
    call_command("load_demo", stdout=open(os.devnull, "w"))
    kind = search.get_kind("article")
    titled = set(kind.published().filter(title__icontains="园").values_list("pk", flat=True))
    assert len(titled) > 1
    matched = search.matching(kind, search.parse_query("园"), search.SearchFilters())
    found = set(matched.filter(title__icontains="园").values_list("pk", flat=True))
    assert found == titled


def test_short_words_are_single_lexemes_that_the_index_answers_exactly():
    """One or two characters are one marked lexeme each (``~园区``), not a phrase of
    characters: PostgreSQL's GIN index answers them without reading each row's vector."""
    for text in ("园", "园区", "园区 招商"):
        assert "<" not in search.parse_query(text).tsquery(), text
