"""The status look-up: code + contact, and nothing for anyone else."""

import pytest

from associations.models import Zone

pytestmark = pytest.mark.django_db


def lookup(client, code, contact, **extra):
    return client.post("/membership/status/", {"code": code, "contact": contact}, **extra)


def test_right_pair_shows_status_and_the_reviewers_note(client, make_application):
    application = make_application(status="needs_more", reviewer_note="请补充加盖公章的批准文件。")
    make_application(unit_name="别家单位")
    for contact in (
        "SUNLI@example.com ",
        "051260001234",
        "0512-6000 1234",
        "+86 512 6000 1234",  # the country code, and the area code without its 0
        "sunli@ｅxample.com",  # a full-width letter
    ):
        response = lookup(client, application.code.lower().replace("-", " "), contact)
        html = response.content.decode()
        assert response.status_code == 200, contact
        assert "临江经济技术开发区管理委员会" in html and "需补充材料" in html
        assert "请补充加盖公章的批准文件。" in html
        assert "别家单位" not in html


def test_wrong_pair_and_unknown_code_read_the_same_and_reveal_nothing(client, make_application):
    application = make_application(reviewer_note="内部可见的说明")
    answers = []
    for code, contact in [
        (application.code, "someone@example.com"),
        (application.code, "13711111111"),
        ("RH-AAAAA-BBBBB-CCCCC-DDDDD", "sunli@example.com"),
    ]:
        response = lookup(client, code, contact)
        assert response.status_code == 404
        html = response.content.decode()
        assert "临江" not in html and "内部可见的说明" not in html
        answers.append(html.split('class="form-errors" role="alert">')[-1].split("</p>")[0])
    assert answers[0] == answers[1] == answers[2]
    assert "没有查到相符的申请" in answers[0]


@pytest.mark.parametrize(
    ("code", "contact", "expected"),
    [
        ("", "sunli@example.com", "请填写申请编号。"),
        ("RH-A", "", "请填写申请时留下的电子邮箱或电话。"),
        ("RH\nAAAAA", "sunli@example.com", "只能填写一行"),
        ("R" * 41, "sunli@example.com", "申请编号太长"),
        ("RH-AAAAA", "sunli@example.com\x00", "不可见的控制字符"),
    ],
)
def test_malformed_look_up_gets_400_with_a_message(client, code, contact, expected):
    response = lookup(client, code, contact)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_directory_link_appears_once_the_entry_is_published(client, make_application, superuser):
    from membership.services import approve_application

    application = make_application()
    approve_application(
        application=application,
        user=superuser,
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
    )
    html = lookup(client, application.code, "sunli@example.com").content.decode()
    assert "已批准" in html and application.member_number in html
    zone = Zone.objects.get()
    assert zone.get_absolute_url() not in html
    zone.is_published = True
    zone.save()
    html = lookup(client, application.code, "sunli@example.com").content.decode()
    assert zone.get_absolute_url() in html


def test_look_ups_are_rate_limited(client, settings, make_application):
    settings.MEMBERSHIP_LOOKUP_RATE = "2/10m"
    application = make_application()
    for _ in range(2):
        assert lookup(client, application.code, "x@example.com").status_code == 404
    response = lookup(client, application.code, "sunli@example.com")
    assert response.status_code == 429 and response.has_header("Retry-After")


def test_status_page_is_never_cached_and_kept_from_search_engines(client):
    response = client.get("/membership/status/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "Disallow: /membership/status/" in client.get("/robots.txt").content.decode()


def test_a_lost_application_code_is_mailed_to_the_address_on_file(
    client, make_application, django_capture_on_commit_callbacks
):
    from django.core import mail

    application = make_application()
    page = client.get("/membership/status/").content.decode()
    assert '<a href="/codes/">找回编号</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        found = client.post("/codes/", {"contact": "+86 512 6000 1234"})
        missing = client.post("/codes/", {"contact": "who@example.com"})
    answer = "如果这个电子邮箱或电话在本站登记过，您的编号已发送到当时填写的电子邮箱"
    assert answer in found.content.decode() and answer in missing.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["sunli@example.com"] and application.code in sent.body
