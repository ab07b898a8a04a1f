import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from associations.models import Link, LinkGroup

pytestmark = pytest.mark.django_db


def footer(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_footer_shows_enabled_groups_and_links_in_order(client, make_link):
    gov = LinkGroup.objects.create(name="政府部门", order=10)
    media = LinkGroup.objects.create(name="新闻媒体", order=20)
    off = LinkGroup.objects.create(name="停用分组", order=5, is_enabled=False)
    make_link(group=media, name="新华网", url="http://www.xinhuanet.com/")
    make_link(group=gov, name="商务部", url="https://www.mofcom.gov.cn/", order=20)
    make_link(group=gov, name="国家发展和改革委员会", url="https://www.ndrc.gov.cn/", order=10)
    make_link(group=gov, name="已停用链接", is_enabled=False)
    make_link(group=off, name="不该出现")
    html = footer(client)
    assert html.index("政府部门") < html.index("新闻媒体")
    assert html.index("国家发展和改革委员会") < html.index("商务部")
    assert "已停用链接" not in html and "不该出现" not in html and "停用分组" not in html
    assert (
        '<a href="https://www.mofcom.gov.cn/" rel="noopener noreferrer" target="_blank">商务部</a>'
        in html
    )


def test_footer_costs_no_query_on_a_warm_cache(client, make_link, django_assert_num_queries):
    make_link(name="商务部")
    client.get("/")  # warms the cache
    with django_assert_num_queries(0):
        html = render_to_string("includes/footer.html", request=RequestFactory().get("/"))
    assert "商务部" in html


def test_footer_updates_after_an_editor_saves_a_link(client, superuser_client, make_link):
    link = make_link(name="旧名称")
    assert "旧名称" in footer(client)
    response = superuser_client.post(
        reverse("admin:associations_link_change", args=[link.pk]),
        {
            "group": link.group_id,
            "name": "新名称",
            "url": "https://example.org/new/",
            "order": 10,
            "is_enabled": "on",
        },
    )
    assert response.status_code == 302
    html = footer(client)
    assert "新名称" in html and "旧名称" not in html


def test_footer_updates_after_bulk_disable_and_delete(client, superuser_client, make_link):
    first = make_link(name="链接甲")
    second = make_link(name="链接乙")
    assert "链接甲" in footer(client)
    changelist = reverse("admin:associations_link_changelist")
    superuser_client.post(
        changelist, {"action": "disable", "_selected_action": [first.pk]}, follow=True
    )
    html = footer(client)
    assert "链接甲" not in html and "链接乙" in html
    superuser_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
        follow=True,
    )
    assert not Link.objects.filter(pk=second.pk).exists()
    assert "链接乙" not in footer(client)


def test_disabling_a_group_hides_it(client, superuser_client, make_link):
    link = make_link(name="人民网")
    assert "人民网" in footer(client)
    superuser_client.post(
        reverse("admin:associations_linkgroup_changelist"),
        {"action": "disable", "_selected_action": [link.group_id]},
        follow=True,
    )
    assert "人民网" not in footer(client)


def test_footer_shows_on_every_page_type(client, make_link, make_page, make_zone, make_association):
    make_link(name="中国政府网")
    page = make_page()
    zone = make_zone()
    association = make_association()
    for url in (
        "/",
        page.get_absolute_url(),
        "/zones/",
        zone.get_absolute_url(),
        "/associations/",
        association.get_absolute_url(),
        "/zones/?page=999",  # the 404 page too
    ):
        assert "中国政府网" in client.get(url).content.decode(), url


def test_footer_link_may_carry_a_small_logo(client, make_link, png_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    link = make_link(name="带标志的链接", logo=SimpleUploadedFile("l.png", png_bytes()))
    assert f'<img class="link-logo" src="{link.logo.url}" alt=""' in footer(client)
