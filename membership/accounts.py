"""Member organisations and their people's sign-ins to the member area (会员专区).

A member's people are Django users that are never staff (the admin refuses them); each
has a `Contact` row tying it to its `Member`. Nobody chooses a password for them: an
e-mail carries a set-password link made by Django's token generator, which stops working
once the password is set (the token hashes the password) and after
PASSWORD_RESET_TIMEOUT. Writes run in one transaction; mail leaves after the commit.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from membership.models import Application, Contact, Member
from portal.mail import absolute_url, mail_after_commit
from portal.models import SiteSettings


class AccountRefused(Exception):
    """The account cannot be made as asked; the message says why, in Chinese."""


def term_end(since: datetime.date) -> datetime.date:
    """A membership runs one year: the day before the same date a year later."""
    try:
        return since.replace(year=since.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return since.replace(year=since.year + 1, day=28)


def member_from_application(application: Application) -> Member:
    """The member an approval makes, with its main contact invited. Runs inside
    `approve_application`'s transaction."""
    today = timezone.localdate()
    member = Member.objects.create(
        number=application.member_number,
        name=application.unit_name,
        kind=application.kind,
        since=today,
        valid_until=term_end(today),
        application=application,
        zone=application.zone,
        association=application.association,
    )
    try:
        invite_contact(
            member=member,
            name=application.contact_name,
            email=application.email,
            position=application.position,
            phone=application.phone,
            is_main=True,
        )
    except AccountRefused:
        pass  # the address already signs in (staff, or another member): the office decides
    return member


def invite_contact(
    *, member: Member, name: str, email: str, position: str = "", phone: str = "", is_main=False
) -> Contact:
    """A new sign-in for a person of `member`, and the e-mail with its set-password link."""
    email = email.strip().lower()
    with transaction.atomic():
        if address_taken(email):
            raise AccountRefused(f"邮箱 {email} 已有账户，不能重复邀请。")
        if is_main and member.contacts.filter(is_main=True).exists():
            raise AccountRefused("该会员已有主联系人。")
        user = get_user_model().objects.create_user(
            username=email, email=email, first_name=name[:150]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        contact = Contact.objects.create(
            member=member, user=user, name=name, position=position, phone=phone, is_main=is_main
        )
        send_password_link(contact, invite=True)
    return contact


def address_taken(email: str) -> bool:
    users = get_user_model().objects
    return (
        users.filter(username__iexact=email).exists() or users.filter(email__iexact=email).exists()
    )


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("member:password_set", args=[uid, token]))


def send_password_link(contact: Contact, *, invite: bool) -> None:
    """The invitation (首次设置密码) or a new link for a contact whose link expired."""
    site = SiteSettings.load()
    if invite:
        contact.invited_at = timezone.now()
        contact.save(update_fields=["invited_at", "updated_at"])
    mail_after_commit(
        subject=f"{site.site_name}会员专区：请设置登录密码",
        template="membership/email/member_invite.txt",
        context={
            "contact": contact,
            "member": contact.member,
            "site": site,
            "link": password_link(contact.user),
            "login_url": absolute_url(reverse("member:login")),
        },
        to=[contact.user.email],
    )


def remove_contact(*, contact: Contact) -> None:
    """The person leaves the member: its sign-in goes with it. The main contact stays."""
    if contact.is_main:
        raise AccountRefused("主联系人不能删除：请先请秘书处更换主联系人。")
    contact.user.delete()  # cascades to the contact row


def set_account_active(*, contact: Contact, active: bool) -> None:
    """The office switches a sign-in off (or on again); a disabled user cannot sign in
    and its open sessions stop working (Django's backends refuse inactive users)."""
    contact.user.is_active = active
    contact.user.save(update_fields=["is_active"])


def contact_of(user) -> Contact | None:
    """The member contact behind a signed-in user, or None for staff and strangers."""
    if not user.is_authenticated or user.is_staff or not user.is_active:
        return None
    try:
        return user.member_contact
    except Contact.DoesNotExist:
        return None


def is_current_member(user) -> bool:
    """For `editorial.access`: the user's member is valid today."""
    contact = contact_of(user)
    return contact is not None and contact.member.is_valid_on(timezone.localdate())


def remind_expiring(today: datetime.date | None = None, days: int = 30) -> int:
    """E-mail the main contact of each member whose membership ends within `days` days,
    once per end date (`reminded_until`: a renewal moves the date and re-arms it)."""
    today = today or timezone.localdate()
    site = SiteSettings.load()
    due = Member.objects.expiring(today, days).exclude(reminded_until=models.F("valid_until"))
    sent = 0
    for member in due.prefetch_related("contacts__user"):
        main = next((c for c in member.contacts.all() if c.is_main and c.user.is_active), None)
        with transaction.atomic():
            Member.objects.filter(pk=member.pk).update(reminded_until=member.valid_until)
            if main is None:
                continue
            mail_after_commit(
                subject=f"{site.site_name}：贵单位会籍将于 {member.valid_until:%Y-%m-%d} 到期",
                template="membership/email/member_expiring.txt",
                context={"member": member, "contact": main, "site": site},
                to=[main.user.email],
            )
            sent += 1
    return sent
