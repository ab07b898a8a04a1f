"""Approval: one transaction makes the directory entry (unpublished), the member number
and the approved application, or nothing at all."""

import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from associations.models import Association, Zone
from membership import services
from membership.models import Application, MemberNumberCounter

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def approve(application, user, **kwargs):
    kwargs.setdefault("level", Zone.Level.NATIONAL)
    kwargs.setdefault("zone_type", Zone.Type.ECONOMIC)
    return services.approve_application(application=application, user=user, **kwargs)


def test_approving_a_zone_committee_lists_the_zone_unpublished_with_a_member_number(
    make_application, publisher, django_capture_on_commit_callbacks
):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        approve(application, publisher, note="欢迎加入。")
    zone = Zone.objects.get()
    assert zone.name == "临江经济技术开发区"  # listed without 管理委员会
    assert (zone.province, zone.city, zone.level, zone.zone_type) == (
        "江苏省",
        "临江市",
        "national",
        "economic",
    )
    assert zone.is_published is False
    assert zone.member_number == f"{YEAR}-0001" == application.member_number
    assert zone.created_by == publisher
    assert zone.introduction == "<p>设立于 1993 年。</p><p>2010 年升级为国家级。</p>"
    assert application.status == Application.Status.APPROVED
    assert application.zone == zone and application.association is None
    assert application.reviewed_by == publisher and application.reviewer_note == "欢迎加入。"
    invitation, message = mail.outbox
    assert message.to == invitation.to == ["sunli@example.com"]
    assert "/member/password/" in invitation.body
    assert f"会员编号 {YEAR}-0001" in message.subject and "欢迎加入。" in message.body


@pytest.mark.parametrize("kind", ["enterprise", "research", "other"])
def test_other_kinds_are_listed_as_member_partner_organisations(make_application, publisher, kind):
    application = make_application(unit_name="临江数智园区运营有限公司", kind=kind)
    approve(application, publisher)
    association = Association.objects.get()
    assert association.name == "临江数智园区运营有限公司"
    assert association.kind == Association.Kind.PARTNER
    assert association.is_member is True and association.is_published is False
    assert (association.contact, association.phone, association.email) == (
        "孙立",
        "0512-60001234",
        "sunli@example.com",
    )
    assert association.member_number == application.member_number == f"{YEAR}-0001"
    assert not Zone.objects.exists()


def test_numbers_follow_each_other_within_the_year(make_application, publisher):
    numbers = [
        approve(make_application(unit_name=f"第{n}开发区管委会"), publisher).member_number
        for n in range(1, 4)
    ]
    assert numbers == [f"{YEAR}-0001", f"{YEAR}-0002", f"{YEAR}-0003"]
    assert MemberNumberCounter.objects.get(year=YEAR).last == 3


def test_an_existing_entry_of_the_same_name_and_province_is_linked_not_copied(
    make_application, publisher
):
    existing = Association.objects.create(
        name="临江数智园区运营有限公司",
        kind=Association.Kind.PARTNER,
        province="江苏省",
        is_published=True,
        is_member=False,
    )
    application = make_application(unit_name="临江数智园区运营有限公司", kind="enterprise")
    approve(application, publisher)
    existing.refresh_from_db()
    assert Association.objects.count() == 1
    assert application.association == existing
    assert existing.is_member is True and existing.member_number == f"{YEAR}-0001"
    assert existing.is_published is True  # its visibility is not the approval's business


def test_the_same_name_in_another_province_is_another_unit(make_application, publisher):
    Zone.objects.create(
        name="临江经济技术开发区", province="浙江省", level="provincial", zone_type="economic"
    )
    approve(make_application(), publisher)
    assert Zone.objects.filter(name="临江经济技术开发区").count() == 2


def test_a_unit_that_is_already_a_member_is_refused_and_no_number_is_used(
    make_application, publisher
):
    approve(make_application(), publisher)
    second = make_application()  # the same committee applies again
    with pytest.raises(services.NotApprovable, match="已是会员单位"):
        approve(second, publisher)
    second.refresh_from_db()
    assert second.status == Application.Status.PENDING and second.member_number is None
    assert MemberNumberCounter.objects.get(year=YEAR).last == 1


@pytest.mark.parametrize(
    "failing",
    [
        "associations.models.Zone.objects.create",
        "membership.services._mail_applicant",
        "membership.models.Application.save",
    ],
)
def test_a_failure_anywhere_leaves_no_entry_and_uses_no_number(
    make_application, publisher, failing
):
    application = make_application()
    with mock.patch(failing, side_effect=RuntimeError("失败")), pytest.raises(RuntimeError):
        approve(application, publisher)
    assert not Zone.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert application.member_number is None and application.zone is None
    assert not MemberNumberCounter.objects.filter(year=YEAR, last__gt=0).exists()
    assert not mail.outbox
    # the number that failed is the next one given
    assert approve(application, publisher).member_number == f"{YEAR}-0001"


def test_a_failure_linking_an_existing_entry_leaves_it_as_it_was(make_application, publisher):
    zone = Zone.objects.create(
        name="临江经济技术开发区", province="江苏省", level="national", zone_type="economic"
    )
    application = make_application()
    with (
        mock.patch("membership.services._mail_applicant", side_effect=RuntimeError("失败")),
        pytest.raises(RuntimeError),
    ):
        approve(application, publisher)
    zone.refresh_from_db()
    assert zone.member_number is None


def test_a_new_zone_needs_its_level_and_type(make_application, publisher):
    application = make_application()
    with pytest.raises(services.NotApprovable, match="级别和类型"):
        approve(application, publisher, level="", zone_type="")
    assert not Zone.objects.exists() and not MemberNumberCounter.objects.filter(last__gt=0)


@pytest.mark.parametrize("status", ["approved", "rejected"])
def test_only_pending_or_needs_more_applications_can_be_approved(
    make_application, publisher, status
):
    application = make_application(
        status=status, member_number="1999-0001" if status == "approved" else None
    )
    with pytest.raises(services.NotApprovable, match="不能批准"):
        approve(application, publisher)
    assert not Zone.objects.exists()


def test_needs_more_material_can_be_approved(make_application, publisher):
    application = make_application(status="needs_more", reviewer_note="请补充营业执照。")
    assert approve(application, publisher).status == Application.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_allocating_a_number_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        services.allocate_member_number()


def test_markup_in_an_introduction_reaches_the_directory_as_text(make_application, publisher):
    application = make_application(introduction="<script>alert(1)</script>\n<b>粗体</b>")
    approve(application, publisher)
    assert Zone.objects.get().introduction == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;b&gt;粗体&lt;/b&gt;</p>"
    )


@pytest.mark.parametrize(
    ("unit_name", "kind", "expected"),
    [
        ("临江高新技术产业开发区管委会", "zone", ("临江高新技术产业开发区", "hightech")),
        ("临江综合保税区管理委员会", "zone", ("临江综合保税区", "bonded")),
        ("管委会", "zone", ("管委会", "other")),
        ("临江开发区管委会有限公司", "enterprise", ("临江开发区管委会有限公司", "other")),
    ],
)
def test_suggestions_for_the_reviewer(make_application, unit_name, kind, expected):
    application = make_application(unit_name=unit_name, kind=kind, with_file=False)
    name = services.suggested_entry_name(application)
    assert (name, services.suggested_zone_type(name)) == expected


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_distinct_consecutive_numbers(make_application, publisher):
    applications = [
        make_application(unit_name=f"并发{n}号开发区管委会", with_file=False) for n in range(12)
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(applications))

    def run(application):
        try:
            barrier.wait()
            approve(application, publisher)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Application.objects.values_list("member_number", flat=True))
    assert numbers == [f"{YEAR}-{n:04d}" for n in range(1, 13)]
    assert sorted(Zone.objects.values_list("member_number", flat=True)) == numbers
    assert not Zone.objects.filter(is_published=True).exists()
