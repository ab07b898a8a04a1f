"""使用帮助: the editors' manual opens inside the admin for both roles, from a link on
the admin index; anonymous visitors are sent to the log-in page; the manual's HTML goes
through the site's sanitizer like every other HTML the site shows."""

import re

import pytest

from portal import help as manual_help

MANUAL_HEADINGS = re.findall(r"^## (.+)$", manual_help.MANUAL.read_text(encoding="utf-8"), re.M)


def test_the_manual_covers_what_editors_and_publishers_do():
    for topic in ("登录与角色", "写文章", "送审与发布", "历史版本", "回收站", "留言", "投稿"):
        assert topic in MANUAL_HEADINGS
    assert "活动与报名" in MANUAL_HEADINGS and "入会申请" in MANUAL_HEADINGS


def test_anonymous_visitors_are_sent_to_the_admin_log_in(client, db):
    response = client.get("/admin/help/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/help/"


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_both_roles_find_the_manual_from_the_admin_index(client, request, role):
    client.force_login(request.getfixturevalue(role))
    index = client.get("/admin/").content.decode()
    assert '<a href="/admin/help/">使用帮助</a>' in index

    response = client.get("/admin/help/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>编辑手册</h1>" in page
    for heading in MANUAL_HEADINGS:
        assert f"<h2>{heading}</h2>" in page
    assert "<table>" in page  # the roles table, rendered
    assert "保存并提交审核" in page and "通过并发布" in page


def test_the_manual_is_sanitized_like_every_html_the_site_shows(
    client, editor, tmp_path, monkeypatch
):
    manual = tmp_path / "manual.md"
    manual.write_text(
        "# 手册\n\n## 一节\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(2))\n\n"
        '<img src="x" onerror="alert(3)">\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(manual_help, "MANUAL", manual)
    client.force_login(editor)
    page = client.get("/admin/help/").content.decode()
    body = page.split('class="help-manual"', 1)[1]
    assert "<h2>一节</h2>" in body
    assert "<script>alert" not in body and "javascript:" not in body and "onerror" not in body
