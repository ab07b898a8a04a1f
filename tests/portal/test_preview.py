"""Staff preview of unpublished content on reader URLs needs the model's view
permission (`PublishedQuerySet.for_user`): a staff account without it is a reader."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from associations.models import Association, Zone
from news.models import Article, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(make_page):
    section = Section.objects.create(name="协会动态", slug="association")
    return {
        "news.view_article": Article.objects.create(
            title="尚未发布的草稿", section=section, status=Article.Status.DRAFT
        ),
        "portal.view_page": make_page(slug="draft-page", is_published=False),
        "associations.view_zone": Zone.objects.create(
            name="未发布开发区",
            province="江苏省",
            level=Zone.Level.NATIONAL,
            zone_type=Zone.Type.ECONOMIC,
            is_published=False,
        ),
        "associations.view_association": Association.objects.create(
            name="未发布协会", kind=Association.Kind.PROVINCIAL, is_published=False
        ),
    }


def _staff(django_user_model, *perms):
    user = django_user_model.objects.create_user("staff-no-perms", password="x", is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_view_permission_sees_only_what_readers_see(django_user_model, hidden):
    client = _staff(django_user_model)
    for obj in hidden.values():
        assert client.get(obj.get_absolute_url()).status_code == 404, obj
    article = hidden["news.view_article"]
    assert client.get(f"/articles/{article.pk}/qr.svg").status_code == 404


@pytest.mark.parametrize(
    "perm",
    [
        "news.view_article",
        "portal.view_page",
        "associations.view_zone",
        "associations.view_association",
    ],
)
def test_the_view_permission_opens_the_preview_of_that_model_only(django_user_model, hidden, perm):
    client = _staff(django_user_model, perm)
    for other, obj in hidden.items():
        expected = 200 if other == perm else 404
        response = client.get(obj.get_absolute_url())
        assert response.status_code == expected, (perm, other)
        if expected == 200:
            assert "no-cache" in response.get("Cache-Control", "") or "X-Page-Cache" not in response
