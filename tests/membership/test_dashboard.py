"""Pending 入会申请 are a row of the dashboard's 待办事项, counted as the list it links
to lists them; only staff who may view applications see the row."""

import re

import pytest
from django.contrib.auth.models import Permission

from membership.models import Application

pytestmark = pytest.mark.django_db


def queue_row(html: str, label: str) -> tuple[str, int] | None:
    block = html.split('id="work-queues"')[1].split("</table>")[0]
    found = re.search(
        rf'<th scope="row"><a href="([^"]+)">{label}</a></th>\s*'
        r'<td class="dash-count"><a href="[^"]+"><strong class="queue-count">(\d+)<',
        block,
    )
    return (found[1].replace("&amp;", "&"), int(found[2])) if found else None


def test_pending_applications_are_counted_in_the_work_queues_and_link_to_their_list(
    superuser_client, make_application
):
    pending = {make_application(with_file=False, unit_name=f"待审{i}").pk for i in range(3)}
    make_application(with_file=False, status=Application.Status.NEEDS_MORE)  # the applicant's turn
    make_application(with_file=False, status=Application.Status.REJECTED)

    html = superuser_client.get("/admin/").content.decode()
    url, count = queue_row(html, "待审入会申请")
    assert url == "/admin/membership/application/?status__exact=pending"
    assert count == 3
    listed = superuser_client.get(url).context["cl"].queryset
    assert {a.pk for a in listed} == pending
    assert queue_row(html, "待回复留言") is not None  # one table with the other queues


def test_only_staff_who_may_view_applications_see_the_row(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(clerk)
    assert "待审入会申请" not in client.get("/admin/").content.decode()
    clerk.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(clerk)
    assert queue_row(client.get("/admin/").content.decode(), "待审入会申请") is not None
