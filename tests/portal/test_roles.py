import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.models import Page
from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def test_both_editorial_groups_exist_with_page_permissions():
    editor = Group.objects.get(name="编辑")
    publisher = Group.objects.get(name="审核发布")
    editor_perms = set(editor.permissions.values_list("codename", flat=True))
    publisher_perms = set(publisher.permissions.values_list("codename", flat=True))
    assert {"add_page", "change_page"} <= editor_perms
    assert "delete_page" not in editor_perms
    assert {"change_sitesettings", "delete_page"} <= publisher_perms


def test_editor_can_reach_admin_and_edit_pages(client, editor, make_page):
    page = make_page()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/portal/page/{page.pk}/change/").status_code == 200
    assert client.get("/admin/portal/sitesettings/1/change/").status_code in (200, 302, 403)


PAGE_FORM = {
    "title": "编辑新写的单页",
    "slug": "editor-page",
    "summary": "",
    "body": "<p>草稿正文。</p>",
    "order": "5",
    "show_in_nav": "on",
    "is_published": "on",
}


def test_only_publishers_may_publish_pages():
    editor = Group.objects.get(name="编辑").permissions.values_list("codename", flat=True)
    publisher = Group.objects.get(name="审核发布").permissions.values_list("codename", flat=True)
    assert "publish_page" in set(publisher)
    assert "publish_page" not in set(editor)


def test_a_page_an_editor_adds_stays_off_the_site_and_out_of_the_menu(client, editor, reader):
    client.force_login(editor)
    add = reverse("admin:portal_page_add")
    assert 'name="is_published"' not in client.get(add).content.decode()
    response = client.post(add, PAGE_FORM, follow=True)
    assert "发布和显示在导航需由“审核发布”人员操作" in response.content.decode()
    page = Page.objects.get(slug="editor-page")
    assert not page.is_published and not page.show_in_nav
    assert reader.get(page.get_absolute_url()).status_code == 404
    assert "编辑新写的单页" not in reader.get("/").content.decode()


def test_an_editor_cannot_publish_pages_from_the_list(client, editor, reader, make_page):
    draft = make_page(title="待审单页", is_published=False)
    client.force_login(editor)
    changelist = reverse("admin:portal_page_changelist")
    html = client.get(changelist).content.decode()
    assert 'value="publish"' not in html
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    response = change(
        client, changelist, **{"form-0-is_published": "on", "form-0-show_in_nav": "on"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published and not draft.show_in_nav
    assert reader.get(draft.get_absolute_url()).status_code == 404


def test_a_live_page_is_viewable_but_not_changeable_by_an_editor(client, editor, reader, make_page):
    page = make_page(title="协会简介", slug="about")
    client.force_login(editor)
    url = reverse("admin:portal_page_change", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**PAGE_FORM, "slug": "about", "title": "本站已迁移"})
    assert response.status_code == 403
    changelist = reverse("admin:portal_page_changelist")
    change(client, changelist, **{"form-0-order": "1", "form-0-is_published": ""})
    client.post(changelist, {"action": "unpublish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.title == "协会简介" and page.is_published and page.order == 100
    assert "协会简介" in reader.get("/pages/about/").content.decode()


def test_a_publisher_publishes_an_editors_page_into_the_menu(client, editor, publisher, reader):
    client.force_login(editor)
    client.post(reverse("admin:portal_page_add"), PAGE_FORM)
    page = Page.objects.get(slug="editor-page")
    client.force_login(publisher)
    changelist = reverse("admin:portal_page_changelist")
    assert change(client, changelist, **{"form-0-show_in_nav": "on"}).status_code == 302
    client.post(changelist, {"action": "publish", "_selected_action": [page.pk]})
    assert reader.get(page.get_absolute_url()).status_code == 200
    assert "编辑新写的单页" in reader.get("/").content.decode()


def test_migrate_resets_the_groups_to_what_the_code_declares_as_the_docs_say(editor):
    """A permission added to a group by hand is gone after the next migrate (docs/contributing.md
    says so next to the roles); one given to a user stays."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    group = Group.objects.get(name="编辑")
    delete_page = Permission.objects.get(codename="delete_page")
    group.permissions.add(delete_page)
    editor.user_permissions.add(delete_page)
    call_command("migrate", verbosity=0)
    assert not group.permissions.filter(codename="delete_page").exists()
    assert editor.user_permissions.filter(codename="delete_page").exists()
