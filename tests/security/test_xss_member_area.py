"""The XSS corpus (payloads/xss.json) through every member-area form — 会员登录, 忘记密码,
设置密码, 邀请同事, 我的名录条目 and the office's 新增会员联系人 — and through what members
store and the office reads back: contacts' names, an entry's change waiting, returned
with a note and published. The helpers and the scanner are test_xss.py's."""

import pytest
from django.test import Client

from associations.models import Zone
from editorial import review, revisions
from membership import accounts, entries
from membership.models import Contact
from tests.security.test_xss import PAYLOADS, Pages, batches, fit, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db, settings, make_member):
    settings.RATELIMIT_ENABLE = False  # the corpus is far more posts than a person makes
    contact = make_member()
    contact.member.zone = Zone.objects.create(
        name="临江经开区", province="江苏省", level="national", zone_type="economic"
    )
    contact.member.save()
    return contact


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.slow
def test_member_forms_show_every_payload_as_text(member, superuser):
    invited = accounts.invite_contact(member=member.member, name="王芳", email="wf@example.com")
    link = Client()
    set_url = link.get(accounts.password_link(invited.user).split("testserver", 1)[-1])["Location"]
    stranger = Pages(Client())
    own = Pages(signed_in(member.user))
    office = Pages(signed_in(superuser))
    setting = Pages(link)
    for batch in batches():
        typed = " ".join(batch)
        stranger.post("/member/", {"username": typed, "password": typed})
        stranger.post("/member/password/", {"email": typed})
        setting.post(set_url, {"new_password1": typed, "new_password2": f"{typed}x"})
        own.post(
            "/member/contacts/invite/",
            {"name": typed, "position": typed, "email": typed, "phone": typed},
        )
        fields = ("address", "website", "introduction", "industries")
        own.post("/member/entry/", dict.fromkeys(fields, typed))
        office.post(
            "/admin/membership/contact/add/",
            {"member": member.member.pk, "name": typed, "position": typed, "email": typed},
        )
    assert Contact.objects.count() == 2  # every hostile invitation refused
    for pages in (stranger, own, office, setting):
        pages.assert_clean()


@pytest.mark.slow
def test_what_members_store_shows_as_text_to_readers_members_and_the_office(
    member, publisher, superuser
):
    zone = member.member.zone
    for n, payload in enumerate(PAYLOADS[:120]):
        Contact.objects.create(
            member=member.member,
            user=type(member.user).objects.create_user(f"c{n}@example.com", f"c{n}@example.com"),
            name=fit(payload, Contact, "name"),
            position=fit(payload, Contact, "position"),
        )
    own = Pages(signed_in(member.user))
    office = Pages(signed_in(superuser))
    boss = Pages(signed_in(publisher))
    readers = Pages(Client())
    own.get("/member/home/")
    office.get("/admin/membership/contact/")
    office.get(f"/admin/membership/member/{member.member.pk}/change/")
    history = f"/admin/associations/zone/{zone.pk}/history/"
    for batch in batches(40):
        text = "\n".join(stored(p) for p in batch)
        address = fit(batch[0], Zone, "address").replace("\n", " ")
        entries.submit_change(zone, member.user, {"address": address, "introduction": text})
        own.get("/member/entry/")
        boss.get(history)
        boss.get(f"{history}compare/", {"from": "current", "to": "pending"})
        boss.client.post(f"{history}pending/discard/", {"review_note": text})
        own.get("/member/entry/")  # 已退回 with the note
        entries.submit_change(zone, member.user, {"address": address, "introduction": text})
        pending = revisions.pending_for(zone)
        seen = review.version(pending.requested_at)
        boss.client.post(f"{history}pending/publish/", {"seen": seen})
        readers.get(zone.get_absolute_url())
        readers.get("/zones/", {"q": "临江"})
        own.get("/member/entry/")
    zone.refresh_from_db()
    assert "<p>" in zone.introduction and not revisions.pending_for(zone)
    for pages in (own, office, boss, readers):
        pages.assert_clean()
