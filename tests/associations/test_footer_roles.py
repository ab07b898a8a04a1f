"""Footer links and groups: 编辑 add them switched off and cannot change what is on;
审核发布 (associations.publish_link) switch them on (docs/architecture.md "Directories and footer
links")."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from associations.models import Link, LinkGroup
from editorial.roles import EDITOR, PUBLISHER
from tests.admin_forms import change

pytestmark = pytest.mark.django_db

PHISH = "https://evil.example/phish"


def footer(reader) -> str:
    html = reader.get("/").content.decode()
    return html[html.index('<footer class="site-footer">') :]


@pytest.fixture
def group(db):
    return LinkGroup.objects.create(name="政府部门", order=10)


def test_only_publishers_switch_footer_links_on():
    def codenames(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert "publish_link" in codenames(PUBLISHER)
    assert "publish_link" not in codenames(EDITOR)
    assert {"add_link", "change_link", "add_linkgroup", "change_linkgroup"} <= codenames(EDITOR)


def test_a_link_an_editor_adds_is_off_until_a_publisher_enables_it(
    client, editor, publisher, reader, group
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:associations_link_add"),
        {"group": group.pk, "name": "本站已迁移", "url": PHISH, "order": "1", "is_enabled": "on"},
        follow=True,
    )
    assert "启用需由“审核发布”人员操作" in response.content.decode()
    link = Link.objects.get(name="本站已迁移")
    assert not link.is_enabled
    assert PHISH not in footer(reader)

    changelist = reverse("admin:associations_link_changelist")
    assert 'value="enable"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "enable", "_selected_action": [link.pk]})
    change(client, changelist, **{"form-0-is_enabled": "on"})
    link.refresh_from_db()
    assert not link.is_enabled and PHISH not in footer(reader)

    client.force_login(publisher)
    client.post(changelist, {"action": "enable", "_selected_action": [link.pk]})
    assert PHISH in footer(reader)


def test_an_editor_cannot_change_or_switch_off_a_live_link(
    client, editor, reader, group, make_link
):
    link = make_link(group=group, name="中国政府网", url="https://www.gov.cn/")
    client.force_login(editor)
    url = reverse("admin:associations_link_change", args=[link.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"group": group.pk, "name": "中国政府网", "url": PHISH, "order": "1", "is_enabled": "on"},
    )
    assert response.status_code == 403
    changelist = reverse("admin:associations_link_changelist")
    change(client, changelist, **{"form-0-order": "1", "form-0-is_enabled": ""})
    client.post(changelist, {"action": "disable", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.url == "https://www.gov.cn/" and link.is_enabled and link.order == 100
    assert "https://www.gov.cn/" in footer(reader)


def test_an_editor_cannot_switch_a_live_group_off_or_rename_it(client, editor, reader, make_link):
    make_link(name="新华网")
    group = LinkGroup.objects.get()
    client.force_login(editor)
    changelist = reverse("admin:associations_linkgroup_changelist")
    client.post(changelist, {"action": "disable", "_selected_action": [group.pk]})
    change(client, changelist, **{"form-0-is_enabled": ""})
    url = reverse("admin:associations_linkgroup_change", args=[group.pk])
    assert change(client, url, name="本站已迁移").status_code == 403
    group.refresh_from_db()
    assert group.is_enabled and group.name == "政府部门"
    assert "新华网" in footer(reader)


def test_links_an_editor_adds_in_a_new_group_stay_off_when_the_group_is_enabled(
    client, editor, publisher, reader
):
    client.force_login(editor)
    add = reverse("admin:associations_linkgroup_add")
    response = change(
        client,
        add,
        name="合作伙伴",
        is_enabled="on",
        **{"links-0-name": "本站已迁移", "links-0-url": PHISH, "links-0-is_enabled": "on"},
    )
    assert response.status_code == 302
    group = LinkGroup.objects.get(name="合作伙伴")
    link = group.links.get()
    assert not group.is_enabled and not link.is_enabled

    client.force_login(publisher)
    changelist = reverse("admin:associations_linkgroup_changelist")
    client.post(changelist, {"action": "enable", "_selected_action": [group.pk]})
    assert PHISH not in footer(reader)  # the link itself waits for a publisher too


def test_an_editor_cannot_change_an_enabled_link_inside_a_group_that_is_off(
    client, editor, reader, make_link
):
    group = LinkGroup.objects.create(name="新闻媒体", is_enabled=False)
    link = make_link(group=group, name="人民网", url="http://www.people.com.cn/")
    client.force_login(editor)
    url = reverse("admin:associations_linkgroup_change", args=[group.pk])
    new = {
        "links-1-name": "新链接",
        "links-1-url": "https://example.org/",
        "links-1-is_enabled": "on",
    }
    response = change(client, url, **{"links-0-url": PHISH}, **new)
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.url == "http://www.people.com.cn/"
    assert not group.links.get(name="新链接").is_enabled
