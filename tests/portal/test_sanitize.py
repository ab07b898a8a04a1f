import re

import pytest

from portal.models import Page
from portal.sanitize import clean_html, html_to_text


def test_script_and_event_handlers_are_removed():
    html = '<p onclick="x()">你好<script>alert(1)</script></p><img src="x" onerror="y()">'
    assert clean_html(html) == '<p>你好</p><img src="x">'


def test_javascript_links_are_dropped_and_external_links_get_rel():
    cleaned = clean_html('<a href="javascript:alert(1)">坏</a><a href="https://example.org">好</a>')
    assert "javascript" not in cleaned
    assert 'href="https://example.org"' in cleaned and 'rel="noopener noreferrer"' in cleaned


def test_tables_and_editor_image_classes_survive_but_word_classes_do_not():
    html = (
        '<figure class="table"><table><tbody><tr><td colspan="2">数据</td></tr></tbody></table>'
        '</figure><p class="MsoNormal"><strong>加粗</strong></p>'
    )
    cleaned = clean_html(html)
    assert '<figure class="table">' in cleaned and 'colspan="2"' in cleaned
    assert "MsoNormal" not in cleaned and "<strong>加粗</strong>" in cleaned


def test_html_to_text_keeps_paragraph_breaks():
    assert html_to_text("<p>第一段</p><p>第二&nbsp;段</p>") == "第一段\n第二 段"


@pytest.mark.django_db
def test_page_body_is_sanitized_on_save():
    page = Page.objects.create(
        title="t", slug="t", body='<p>正文</p><iframe src="//evil"></iframe>'
    )
    page.refresh_from_db()
    assert page.body == "<p>正文</p>"


def test_text_alignment_becomes_a_class_and_other_styles_are_dropped():
    # The reader CSP refuses style attributes: alignment from the editor, from Word or
    # from the source view must arrive as one of the classes site.css styles.
    html = (
        '<p style="text-align:center;">居中</p>'
        '<h2 class="MsoTitle" style="color:red; TEXT-ALIGN: Right">右对齐</h2>'
        '<p class="align-justify">两端</p>'
        '<table><tbody><tr><td style="text-align:left;width:30%">左</td></tr></tbody></table>'
        '<p style="color:red;background:url(javascript:alert(1))">红</p>'
        '<p><a href="https://example.org" title=\'x style="text-align:center"\'>标题</a></p>'
        '<p>正文 style="text-align:center" 不是属性</p>'
    )
    cleaned = clean_html(html)
    assert not re.search(r'<[^<>]* style="', cleaned)
    assert '<p class="align-center">居中</p>' in cleaned
    assert '<h2 class="align-right">右对齐</h2>' in cleaned
    assert '<p class="align-justify">两端</p>' in cleaned
    assert '<td class="align-left">左</td>' in cleaned
    assert "<p>红</p>" in cleaned
    assert 'title="x style=&quot;text-align:center&quot;"' in cleaned
    assert '<p>正文 style="text-align:center" 不是属性</p>' in cleaned
