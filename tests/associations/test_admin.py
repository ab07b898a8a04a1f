import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from associations.models import Association, Industry, Link, LinkGroup, Zone
from editorial.roles import EDITOR, PUBLISHER

pytestmark = pytest.mark.django_db

MODELS = (Zone, Industry, Association, LinkGroup, Link)


@pytest.fixture
def rows(make_zone, make_industry, make_association, make_link):
    zone = make_zone(industries=[make_industry()])
    return {"zone": zone, "association": make_association(), "link": make_link()}


def test_changelist_add_and_change_pages_render(superuser_client, rows):
    for model in MODELS:
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{base}_changelist")
        assert superuser_client.get(changelist).status_code == 200, changelist
        assert superuser_client.get(changelist, {"q": "测试"}).status_code == 200, changelist
        assert superuser_client.get(reverse(f"{base}_add")).status_code == 200
        obj = model.objects.first()
        assert superuser_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"level__exact": "national", "zone_type__exact": "economic"},
        {"region__exact": "east", "province__exact": "江苏省", "is_published__exact": "1"},
    ],
)
def test_zone_list_filters_work(superuser_client, rows, params):
    response = superuser_client.get(reverse("admin:associations_zone_changelist"), params)
    assert response.status_code == 200
    assert rows["zone"].name in response.content.decode()


def test_import_and_export_pages_render(superuser_client):
    for name in ("zone", "association"):
        for view in ("import", "export"):
            url = reverse(f"admin:associations_{name}_{view}")
            assert superuser_client.get(url).status_code == 200, url


def test_saving_a_zone_in_admin_derives_region_and_sets_audit_fields(superuser_client, superuser):
    industry = Industry.objects.create(name="数字经济")
    response = superuser_client.post(
        reverse("admin:associations_zone_add"),
        {
            "name": "贵阳示例高新区",
            "level": "national",
            "zone_type": "hightech",
            "is_published": "on",
            "province": "贵州省",
            "city": "贵阳市",
            "address": "",
            "year_approved": "1992",
            "planned_area": "",
            "industries": [industry.pk],
            "website": "",
            "introduction": "<p>简介<script>alert(1)</script></p>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    zone = Zone.objects.get(name="贵阳示例高新区")
    assert zone.region == "west" and zone.province_code == "52"
    assert zone.created_by == superuser and zone.updated_by == superuser
    assert "<script>" not in zone.introduction


def test_bulk_unpublish_hides_zones_from_readers(client, superuser_client, rows):
    zone = rows["zone"]
    assert zone.name in client.get("/zones/").content.decode()
    superuser_client.post(
        reverse("admin:associations_zone_changelist"),
        {"action": "unpublish", "_selected_action": [zone.pk]},
        follow=True,
    )
    zone.refresh_from_db()
    assert not zone.is_published
    html = client.get("/zones/").content.decode()
    assert zone.name not in html
    assert "共找到 <strong>0</strong>" in html


def test_roles_editors_change_entries_view_industries_and_only_publishers_delete():
    editor_perms = set(
        Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True)
    )
    publisher_perms = set(
        Group.objects.get(name=PUBLISHER).permissions.values_list("codename", flat=True)
    )
    for model in ("zone", "association", "link", "linkgroup"):
        assert {f"add_{model}", f"change_{model}"} <= editor_perms
    for model in ("zone", "association", "link", "linkgroup", "industry"):
        assert f"delete_{model}" not in editor_perms
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= publisher_perms
    # Industries name every zone page and the /zones/ facet: 编辑 only pick them.
    assert "view_industry" in editor_perms
    assert not {"add_industry", "change_industry"} & editor_perms
    assert {"publish_zone", "publish_association"} <= publisher_perms
    assert not {"publish_zone", "publish_association"} & editor_perms


def test_editor_can_import_and_export(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:associations_zone_import")).status_code == 200
    assert client.get(reverse("admin:associations_zone_export")).status_code == 200


def test_changing_a_zones_industries_in_admin_updates_the_facet_counts(
    client, superuser_client, rows, make_industry
):
    zone = rows["zone"]
    new = make_industry(name="航空航天")
    assert str(new.pk) not in {
        o.value
        for f in client.get("/zones/").context["facets"]
        if f.facet.param == "industry"
        for o in f.options
    }
    response = superuser_client.post(
        reverse("admin:associations_zone_change", args=[zone.pk]),
        {
            "name": zone.name,
            "level": zone.level,
            "zone_type": zone.zone_type,
            "is_published": "on",
            "province": zone.province,
            "city": zone.city,
            "address": zone.address,
            "year_approved": zone.year_approved,
            "planned_area": zone.planned_area,
            "industries": [new.pk],
            "website": zone.website,
            "introduction": zone.introduction,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    counts = {
        o.value: o.count
        for f in client.get("/zones/").context["facets"]
        if f.facet.param == "industry"
        for o in f.options
    }
    assert counts == {str(new.pk): 1}


ZONE_FORM = {
    "name": "编辑新增开发区",
    "level": "provincial",
    "zone_type": "other",
    "province": "河南省",
    "city": "郑州市",
    "address": "",
    "year_approved": "",
    "planned_area": "",
    "website": "",
    "introduction": "",
}


def test_zone_added_by_an_editor_is_a_draft_until_a_publisher_publishes_it(
    client, editor, publisher
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:associations_zone_add"), {**ZONE_FORM, "is_published": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    zone = Zone.objects.get(name="编辑新增开发区")
    assert not zone.is_published
    changelist = reverse("admin:associations_zone_changelist")
    assert 'value="publish"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "publish", "_selected_action": [zone.pk]})
    zone.refresh_from_db()
    assert not zone.is_published

    client.force_login(publisher)
    client.post(changelist, {"action": "publish", "_selected_action": [zone.pk]}, follow=True)
    zone.refresh_from_db()
    assert zone.is_published
    assert zone.updated_by == publisher
