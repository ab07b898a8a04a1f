"""Zones, associations and industries: 编辑 add and edit unpublished entries and pick
existing industries; what readers see (published entries, the industries) only 审核发布
change (docs/editors-manual.zh.md, 编辑手册). The spreadsheet import follows the same
rule: see test_import_export.py."""

import pytest
from django.urls import reverse

from associations.models import Industry, Zone
from tests.admin_forms import change

pytestmark = pytest.mark.django_db

PHISH = "https://evil.example/phish"

ZONE_FORM = {
    "name": "苏州工业园区",
    "level": "national",
    "zone_type": "economic",
    "province": "江苏省",
    "city": "苏州市",
    "address": "",
    "year_approved": "1994",
    "planned_area": "",
    "website": PHISH,
    "introduction": "<p>本站已迁移，请访问新网址。</p>",
}


def test_a_live_zone_is_viewable_but_not_changeable_by_an_editor(client, editor, reader, make_zone):
    zone = make_zone(name="苏州工业园区", province="江苏省", website="https://www.sipac.gov.cn/")
    client.force_login(editor)
    url = reverse("admin:associations_zone_change", args=[zone.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="website"' not in page.content.decode()
    assert client.post(url, {**ZONE_FORM, "is_published": "on"}).status_code == 403
    changelist = reverse("admin:associations_zone_changelist")
    client.post(changelist, {"action": "unpublish", "_selected_action": [zone.pk]})

    zone.refresh_from_db()
    assert zone.is_published and zone.website == "https://www.sipac.gov.cn/"
    html = reader.get(zone.get_absolute_url()).content.decode()
    assert "https://www.sipac.gov.cn/" in html and PHISH not in html


def test_a_live_association_is_not_changeable_by_an_editor_in_the_form_or_the_list(
    client, editor, reader, make_association
):
    association = make_association(name="浙江省开发区协会", phone="0571-8888 0000")
    client.force_login(editor)
    url = reverse("admin:associations_association_change", args=[association.pk])
    assert client.get(url).status_code == 200
    response = change(client, url, phone="400-000-0000", website=PHISH)
    assert response.status_code == 403
    changelist = reverse("admin:associations_association_changelist")
    assert change(client, changelist, **{"form-0-order": "1"}).status_code == 302

    association.refresh_from_db()
    assert association.phone == "0571-8888 0000" and association.order == 100
    assert PHISH not in reader.get(association.get_absolute_url()).content.decode()


def test_an_editor_edits_a_draft_and_it_stays_a_draft(client, editor, reader, make_zone):
    draft = make_zone(name="待审开发区", is_published=False)
    client.force_login(editor)
    url = reverse("admin:associations_zone_change", args=[draft.pk])
    response = change(client, url, city="无锡市")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("修改已发布的条目需由“审核发布”人员操作" in m for m in messages)
    draft.refresh_from_db()
    assert draft.city == "无锡市" and not draft.is_published
    assert reader.get(draft.get_absolute_url()).status_code == 404


def test_only_publishers_add_or_rename_industries(client, editor, publisher, make_industry):
    industry = make_industry(name="电子信息")
    client.force_login(editor)
    assert client.get(reverse("admin:associations_industry_changelist")).status_code == 200
    add = reverse("admin:associations_industry_add")
    assert client.get(add).status_code == 403
    assert client.post(add, {"name": "本站已迁移", "order": "1"}).status_code == 403
    url = reverse("admin:associations_industry_change", args=[industry.pk])
    assert client.post(url, {"name": "本站已迁移", "order": "1"}).status_code == 403
    assert list(Industry.objects.values_list("name", flat=True)) == ["电子信息"]

    client.force_login(publisher)
    assert change(client, url, name="新一代电子信息").status_code == 302
    assert list(Industry.objects.values_list("name", flat=True)) == ["新一代电子信息"]


def test_an_editor_picks_existing_industries_for_a_new_zone(client, editor, make_industry):
    industry = make_industry(name="生物医药")
    client.force_login(editor)
    add = reverse("admin:associations_zone_add")
    assert 'id="add_id_industries"' not in client.get(add).content.decode()
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "associations",
            "model_name": "zone",
            "field_name": "industries",
            "term": "生物",
        },
    )
    assert [r["text"] for r in found.json()["results"]] == ["生物医药"]
    response = client.post(
        add, {**ZONE_FORM, "website": "", "industries": [industry.pk], "is_published": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    zone = Zone.objects.get(name="苏州工业园区")
    assert list(zone.industries.all()) == [industry] and not zone.is_published
