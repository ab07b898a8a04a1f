"""No English left in the admin (issue 25, item 19): a walk over the index and every
change list and add form, the messages after a save, and the two-list picker's
strings (a JavaScript catalog, so "Choose selected 组" is checked there)."""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.translation import trans_real

from news.models import Section
from tests.admin_forms import change

pytestmark = pytest.mark.django_db

# What Django's own admin prints where its Chinese catalog had no text (the index's
# hidden table headers), and its English success messages.
ENGLISH = (
    "Model name",
    "Add link",
    "Change or view list link",
    "successfully",
    "You may",
    "Choose selected",
    "Choose all",
    "Remove all",
)


def admin_pages() -> list[str]:
    pages = ["/admin/"]
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            try:
                pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
            except NoReverseMatch:
                pass
    return pages


def test_no_admin_page_shows_english_defaults(superuser_client):
    pages = admin_pages()
    assert len(pages) > 30
    found = {}
    for url in pages:
        response = superuser_client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        left = [english for english in ENGLISH if english in html]
        if left:
            found[url] = left
    assert found == {}
    index = superuser_client.get("/admin/").content.decode()
    assert "模型名称" in index and "添加链接" in index


def test_the_messages_after_a_save_say_nin_not_ni(superuser_client):
    section = Section.objects.create(name="协会动态", slug="association", kind="list")
    url = reverse("admin:news_section_change", args=[section.pk])
    for button in ("_continue", "_addanother", "_save"):
        response = change(superuser_client, url, **{button: "x"})
        said = strip_tags(" ".join(str(m) for m in response.wsgi_request._messages))
        assert said and "你" not in said, said
        assert not re.search(r"[A-Za-z]{3,}", said), said
    added = superuser_client.post(
        reverse("admin:news_section_add"),
        {"name": "园区案例", "slug": "cases", "kind": "list", "order": "1", "_continue": "x"},
    )
    said = " ".join(str(m) for m in added.wsgi_request._messages)
    assert "您可以" in said and "你" not in said, said


def test_the_two_list_picker_speaks_chinese():
    catalog = trans_real.DjangoTranslation("zh-hans", domain="djangojs")
    for english in ("Choose selected %s", "Choose all %s", "Remove selected %s", "Chosen %s"):
        chinese = catalog.gettext(english)
        assert chinese != english and not re.search(r"[A-Za-z]{2,}", chinese.replace("%s", ""))
    assert catalog.gettext("Choose selected %s") % "组" == "选择所选组"
