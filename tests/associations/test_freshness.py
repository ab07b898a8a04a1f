"""Every relation of the directories and the footer, edited in the admin, shows on the
next anonymous request (associations/receivers.py, portal.freshness)."""

import pytest

from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def _cached(reader, url):
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def test_zone_industries_changed_in_admin_show_on_zone_page_and_facets(
    reader, superuser_client, make_zone, make_industry
):
    chips, drugs = make_industry(name="集成电路"), make_industry(name="生物医药")
    zone = make_zone(industries=[chips])
    assert "集成电路" in _cached(reader, zone.get_absolute_url())
    facet = f"/zones/?industry={drugs.pk}"
    assert zone.name not in _cached(reader, facet)

    url = f"/admin/associations/zone/{zone.pk}/change/"
    assert change(superuser_client, url, industries=[str(drugs.pk)]).status_code == 302

    html = reader.get(zone.get_absolute_url()).content.decode()
    assert "生物医药" in html and "集成电路" not in html
    assert zone.name in reader.get(facet).content.decode()


def test_industry_renamed_in_admin_shows_on_zone_page(
    reader, superuser_client, make_zone, make_industry
):
    industry = make_industry(name="新材料")
    zone = make_zone(industries=[industry])
    assert "新材料" in _cached(reader, zone.get_absolute_url())
    url = f"/admin/associations/industry/{industry.pk}/change/"
    assert change(superuser_client, url, name="先进材料").status_code == 302
    assert "先进材料" in reader.get(zone.get_absolute_url()).content.decode()


def test_footer_link_inline_edit_shows_on_every_cached_page(
    reader, superuser_client, make_link, make_zone
):
    link = make_link(name="商务部")
    zone = make_zone()
    for page in ("/zones/", zone.get_absolute_url()):
        assert "商务部" in _cached(reader, page)
    url = f"/admin/associations/linkgroup/{link.group.pk}/change/"
    assert (
        change(superuser_client, url, **{"links-0-name": "中华人民共和国商务部"}).status_code == 302
    )
    for page in ("/zones/", zone.get_absolute_url()):
        assert "中华人民共和国商务部" in reader.get(page).content.decode()

    superuser_client.post(
        "/admin/associations/linkgroup/",
        {"action": "disable", "_selected_action": [link.group.pk]},
    )
    assert "中华人民共和国商务部" not in reader.get("/zones/").content.decode()
