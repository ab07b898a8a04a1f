import pytest
from django.contrib.auth.models import Group

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
