"""Member accounts: approval invites the main contact, the e-mailed link sets a password
once, members sign in at /member/ and never at /admin/, staff never at /member/, and the
office can switch a sign-in off."""

import re

import pytest
from django.core import mail
from django.test import Client

from membership import accounts, services
from membership.models import Contact, Member
from tests.conftest import MEMBER_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Linjiang-2026-zone"


def link_in(message) -> str:
    return re.search(r"http://testserver(/member/password/\S+/)", message.body).group(1)


def sign_in(client, email, password):
    return client.post("/member/", {"username": email, "password": password})


def test_approval_invites_the_main_contact_who_sets_a_password_once_and_signs_in(
    make_application, publisher, django_capture_on_commit_callbacks
):
    application = make_application(kind="enterprise", unit_name="临江数智有限公司")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(application=application, user=publisher)
    member = Member.objects.get()
    assert (member.number, member.name) == (application.member_number, "临江数智有限公司")
    assert member.association == application.association and member.status == "active"
    contact = Contact.objects.get()
    assert contact.is_main and contact.user.email == "sunli@example.com"
    assert not contact.user.is_staff and not contact.user.has_usable_password()

    (invitation,) = [m for m in mail.outbox if "设置登录密码" in m.subject]
    link = link_in(invitation)
    browser = Client()
    form = browser.get(link, follow=True)
    assert "设置密码" in form.content.decode() and form.context["validlink"]
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "密码已设置" in done.content.decode()
    # single use: the same link no longer works
    again = Client().get(link, follow=True)
    assert not again.context["validlink"] and "已经用过或已过期" in again.content.decode()

    home = sign_in(Client(), "SunLi@Example.com ", NEW_PASSWORD)
    assert home.status_code == 302 and home["Location"] == "/member/home/"


def test_an_expired_link_is_refused(make_member, settings):
    contact = make_member()
    link = accounts.password_link(contact.user).removeprefix("http://testserver")
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = Client().get(link, follow=True)
    assert not page.context["validlink"]


def test_wrong_password_says_so_in_chinese_and_signs_nobody_in(make_member):
    make_member()
    client = Client()
    response = sign_in(client, "sunli@example.com", "wrong")
    assert response.status_code == 200
    assert "邮箱或密码不正确" in response.content.decode()
    assert client.get("/member/home/")["Location"].startswith("/member/?next=")


def test_staff_cannot_sign_in_to_the_member_area(publisher):
    response = sign_in(Client(), "publisher", "pass-for-tests-123")
    assert "工作人员请从网站后台登录" in response.content.decode()


def test_the_admin_refuses_a_member(make_member):
    make_member()
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "sunli@example.com", "password": MEMBER_PASSWORD},
    )
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert client.get("/admin/").status_code == 302


def test_a_disabled_account_cannot_sign_in_and_loses_its_session(make_member):
    contact = make_member()
    client = Client()
    assert sign_in(client, "sunli@example.com", MEMBER_PASSWORD).status_code == 302
    accounts.set_account_active(contact=contact, active=False)
    assert client.get("/member/home/").status_code == 302
    response = sign_in(Client(), "sunli@example.com", MEMBER_PASSWORD)
    assert response.status_code == 200 and "/member/home/" not in response.get("Location", "")


def test_sign_in_records_the_last_sign_in_for_the_office(make_member):
    contact = make_member()
    sign_in(Client(), "sunli@example.com", MEMBER_PASSWORD)
    contact.user.refresh_from_db()
    assert contact.user.last_login is not None


def test_repeated_failures_lock_the_account_out(make_member, settings):
    make_member()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sunli@example.com", "wrong")
    locked = sign_in(client, "sunli@example.com", MEMBER_PASSWORD)
    assert locked.status_code in (403, 429)
    assert "登录失败次数过多" in locked.content.decode()


def test_too_many_sign_in_attempts_from_one_address_get_a_429(make_member, settings):
    settings.MEMBER_LOGIN_RATE = "2/m"
    client = Client()
    for _ in range(2):
        sign_in(client, f"x{_}@example.com", "wrong")
    response = sign_in(client, "y@example.com", "wrong")
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()


def test_password_reset_mails_only_member_contacts(make_member, publisher, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_member()
    for address in ("sunli@example.com", "publisher@example.org", "nobody@example.com"):
        response = Client().post("/member/password/", {"email": address})
        assert response.status_code == 302 and response["Location"] == "/member/password/sent/"
    assert [m.to for m in mail.outbox] == [["sunli@example.com"]]
    assert "/member/password/" in mail.outbox[0].body


def test_a_bad_email_on_the_reset_form_gets_a_chinese_message():
    response = Client().post("/member/password/", {"email": "not an address"})
    assert response.status_code == 200 and "电子邮箱格式不正确" in response.content.decode()


def test_main_contact_invites_and_removes_a_colleague(
    member_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    data = {"name": "王芳", "position": "办公室主任", "email": "wangfang@example.com", "phone": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post("/member/contacts/invite/", data)
    assert response.status_code == 302
    colleague = Contact.objects.get(name="王芳")
    assert colleague.member == member_client.contact.member and not colleague.is_main
    assert mail.outbox[-1].to == ["wangfang@example.com"]
    twice = member_client.post("/member/contacts/invite/", data)
    assert twice.status_code == 400 and "已有账户" in twice.content.decode()
    member_client.post(f"/member/contacts/{colleague.pk}/remove/")
    assert not Contact.objects.filter(name="王芳").exists()


def test_a_colleague_cannot_invite_or_remove(make_member, member_client):
    member = member_client.contact.member
    colleague = accounts.invite_contact(member=member, name="王芳", email="wf@example.com")
    colleague.user.set_password(MEMBER_PASSWORD)
    colleague.user.save()
    client = Client()
    client.force_login(colleague.user)
    assert client.get("/member/home/").status_code == 200
    assert client.get("/member/contacts/invite/").status_code == 403
    main = member_client.contact
    assert client.post(f"/member/contacts/{main.pk}/remove/").status_code == 403


def test_member_pages_are_private(member_client):
    response = member_client.get("/member/home/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_my_membership_shows_number_dates_and_contacts(member_client, django_assert_num_queries):
    member = member_client.contact.member
    member_client.get("/member/home/")  # site settings and menus are cached after this
    for n in range(3):  # as many queries with one contact as with four
        with django_assert_num_queries(6):  # 5, and the contacts' event registrations
            page = member_client.get("/member/home/").content.decode()
        accounts.invite_contact(member=member, name=f"同事{n}", email=f"c{n}@example.com")
    assert member.number in page and member.valid_until.strftime("%Y-%m-%d") in page
    assert "孙立" in page and "主联系人" in page
