"""我的名录条目: a member edits its own directory entry; the change waits for a 审核发布
as the entry's 修改稿 and readers keep the live entry until it is published."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from associations.models import Association, Industry, Zone
from editorial import review
from editorial.models import PendingRevision
from portal.models import SiteSettings

ENTRY = "/member/entry/"


@pytest.fixture
def zone_member(member_client):
    """The signed-in member's client, its member linked to a published zone."""
    zone = Zone.objects.create(
        name="临江经济技术开发区",
        province="江苏省",
        city="临江市",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
        address="临江市滨江大道 1 号",
        introduction="<p>旧的简介。</p>",
    )
    member = member_client.contact.member
    member.zone = zone
    member.save()
    member_client.zone = zone
    return member_client


def edit(client, **overrides):
    data = {
        "address": "临江市新区大道 88 号",
        "website": "https://lj.example.org/",
        "introduction": "新的简介第一段。\n新的简介第二段。",
        **overrides,
    }
    return client.post(ENTRY, data)


def publish(client, zone):
    pending = PendingRevision.objects.get(object_id=zone.pk)
    return client.post(
        f"/admin/associations/zone/{zone.pk}/history/pending/publish/",
        {"seen": review.version(pending.requested_at)},
    )


def test_a_change_waits_readers_keep_the_live_entry_and_a_publisher_puts_it_live(
    zone_member, publisher
):
    zone = zone_member.zone
    industry = Industry.objects.create(name="新能源")
    response = edit(zone_member, industries=[industry.pk])
    assert response.status_code == 302
    page = zone_member.get(ENTRY).content.decode()
    assert "待审核" in page and "新区大道 88 号" in page  # the form shows the waiting text
    # readers: the live entry, unchanged
    public = Client().get(zone.get_absolute_url()).content.decode()
    assert "滨江大道 1 号" in public and "新区大道" not in public and "新能源" not in public
    zone.refresh_from_db()
    assert zone.address == "临江市滨江大道 1 号"
    # the dashboard's 待办事项 counts it for the office
    staff = Client()
    staff.force_login(publisher)
    dashboard = staff.get("/admin/").content.decode()
    assert "会员提交的名录修改" in dashboard
    assert "开发区 1 条，协会 0 条" in dashboard
    # the publisher compares, then publishes
    compare = staff.get(
        f"/admin/associations/zone/{zone.pk}/history/compare/?from=current&to=pending"
    ).content.decode()
    assert "<ins>新区</ins>" in compare and "<ins>新能源</ins>" in compare
    assert publish(staff, zone).status_code == 302
    public = Client().get(zone.get_absolute_url()).content.decode()
    assert "新区大道 88 号" in public and "新的简介第二段" in public and "新能源" in public
    assert "滨江大道 1 号" not in public
    assert "已发布" in zone_member.get(ENTRY).content.decode()
    assert not PendingRevision.objects.exists()


def test_an_editor_cannot_publish_a_members_change(zone_member, editor):
    zone = zone_member.zone
    edit(zone_member)
    staff = Client()
    staff.force_login(editor)
    assert publish(staff, zone).status_code == 403
    zone.refresh_from_db()
    assert zone.address == "临江市滨江大道 1 号"
    assert PendingRevision.objects.filter(object_id=zone.pk).exists()


def test_a_returned_change_shows_its_note_to_the_member(zone_member, publisher):
    zone = zone_member.zone
    edit(zone_member)
    staff = Client()
    staff.force_login(publisher)
    history = staff.get(f"/admin/associations/zone/{zone.pk}/history/").content.decode()
    assert "退回意见" in history
    staff.post(
        f"/admin/associations/zone/{zone.pk}/history/pending/discard/",
        {"review_note": "地址请写到门牌号，<b>简介</b>请补充主导产业。"},
    )
    page = zone_member.get(ENTRY).content.decode()
    assert "已退回" in page
    assert "地址请写到门牌号，&lt;b&gt;简介&lt;/b&gt;请补充主导产业。" in page
    zone.refresh_from_db()
    assert zone.address == "临江市滨江大道 1 号"
    # a new change replaces the returned one
    edit(zone_member, address="临江市新区大道 88 号 3 楼")
    assert "待审核" in zone_member.get(ENTRY).content.decode()


def test_an_association_member_changes_its_contact(member_client, publisher):
    entry = Association.objects.create(
        name="江苏省开发区协会", kind=Association.Kind.PROVINCIAL, contact="张三", phone="025-1"
    )
    member = member_client.contact.member
    member.association = entry
    member.kind = "association"
    member.save()
    page = member_client.get(ENTRY).content.decode()
    assert "联系人" in page and "主导产业" not in page
    response = member_client.post(
        ENTRY, {"contact": "李四", "phone": "025-86001234", "email": "xh@example.com"}
    )
    assert response.status_code == 302
    staff = Client()
    staff.force_login(publisher)
    pending = PendingRevision.objects.get(object_id=entry.pk)
    staff.post(
        f"/admin/associations/association/{entry.pk}/history/pending/publish/",
        {"seen": review.version(pending.requested_at)},
    )
    entry.refresh_from_db()
    assert (entry.contact, entry.email, entry.name) == (
        "李四",
        "xh@example.com",
        "江苏省开发区协会",
    )


def test_a_new_logo_is_checked_and_waits_with_the_change(zone_member, png_bytes, publisher):
    zone = zone_member.zone
    logo = SimpleUploadedFile("logo.png", png_bytes(size=(1200, 800)), "image/png")
    assert edit(zone_member, logo=logo).status_code == 302
    name = PendingRevision.objects.get().values["logo"]
    assert name.startswith("directory/") and name.endswith("_600x400.png")
    zone.refresh_from_db()
    assert not zone.logo
    staff = Client()
    staff.force_login(publisher)
    publish(staff, zone)
    zone.refresh_from_db()
    assert zone.logo.name == name


def stored_files(settings):
    return [f for _, _, files in os.walk(settings.MEDIA_ROOT) for f in files]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"introduction": "<script>alert(1)</script>"}, "简介"),
        ({"address": '"><img src=x onerror=alert(1)>'}, "地址"),
        ({"website": "javascript:alert(1)"}, "网址格式不正确"),
        ({"introduction": "字" * 5001}, "简介不能超过 5000 个字"),
        ({"address": "第一行\n第二行"}, "地址"),
        ({"industries": ["999999"]}, "所选产业不存在"),
        ({"industries": ["abc"]}, "所选产业不存在"),
    ],
)
def test_hostile_text_is_refused_in_chinese_and_nothing_waits(zone_member, fields, message):
    Industry.objects.create(name="新能源")
    response = edit(zone_member, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not PendingRevision.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png"), "不是有效的图片"),
        (SimpleUploadedFile("logo.png", b"GIF89a" + b"\0" * 64, "image/gif"), "不是有效的图片"),
        (SimpleUploadedFile("logo.png", b"", "image/png"), "上传的文件是空的"),
    ],
)
def test_a_forged_logo_is_refused_and_nothing_is_stored(zone_member, settings, upload, message):
    response = edit(zone_member, logo=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingRevision.objects.exists()
    assert stored_files(settings) == []


def test_an_oversized_logo_is_refused_and_nothing_is_stored(zone_member, settings, png_bytes):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    logo = SimpleUploadedFile("logo.png", png_bytes(size=(400, 400), color=None) + b"\0" * 2000)
    response = edit(zone_member, logo=logo)
    assert response.status_code == 400
    assert "图片太大" in response.content.decode()
    assert not PendingRevision.objects.exists()
    assert stored_files(settings) == []


def test_a_member_without_an_entry_gets_a_chinese_404(member_client):
    response = member_client.get(ENTRY)
    assert response.status_code == 404


def test_no_industries_to_choose_no_industry_field(zone_member):
    assert "主导产业" not in zone_member.get(ENTRY).content.decode()
    Industry.objects.create(name="新能源")
    assert "主导产业" in zone_member.get(ENTRY).content.decode()


def test_the_sign_in_page_names_the_site(make_member):
    """Django's LoginView puts the sites framework's `site` in the context; the member
    sign-in page drops it so that the header shows the site's own name."""
    site = SiteSettings.load()
    html = Client().get("/member/").content.decode()
    assert f'<span class="brand-name">{site.site_name}</span>' in html and site.site_name


def test_the_entry_page_takes_a_fixed_number_of_queries(zone_member, django_assert_num_queries):
    for n in range(5):
        Industry.objects.create(name=f"产业{n}")
    zone_member.get(ENTRY)  # the content types are cached per process
    # no change yet: the live entry's industries, and a published change looked for
    with django_assert_num_queries(10):
        zone_member.get(ENTRY)
    edit(zone_member)
    with django_assert_num_queries(8):  # waiting: its values, no other look
        zone_member.get(ENTRY)
