"""Who may do what with applications, and where their files go when a row goes."""

import pytest
from django.contrib.auth.models import Group

from editorial.roles import EDITOR, PUBLISHER
from membership.models import ApplicationAttachment
from publicforms.storage import PrivateStorage


@pytest.mark.django_db
def test_roles_read_review_and_approve_as_declared():
    def codenames(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="membership")
            .values_list("codename", flat=True)
        )

    # 编辑 read applications and the member list, and change nothing of either.
    assert codenames(EDITOR) == {
        "view_application",
        "view_applicationattachment",
        "view_member",
        "view_contact",
    }
    assert {"change_application", "approve_application", "delete_application"} <= codenames(
        PUBLISHER
    )


@pytest.mark.django_db
def test_an_editor_holds_no_right_that_approves_or_publishes(editor):
    assert not editor.has_perm("membership.approve_application")
    assert not editor.has_perm("membership.change_application")
    assert not editor.has_perm("associations.publish_zone")
    assert not editor.has_perm("associations.publish_association")


@pytest.mark.django_db(transaction=True)
def test_deleting_an_application_removes_its_private_files(make_application):
    application = make_application()
    name = ApplicationAttachment.objects.get().file.name
    assert PrivateStorage().exists(name)
    application.delete()
    assert not PrivateStorage().exists(name)
