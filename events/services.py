"""Registration, cancellation, promotion from the waiting list and check-in.

Every write that can change who holds a place locks the event's row first
(`SELECT … FOR UPDATE`), so registrations, cancellations and promotions of one event
happen one after another: the confirmed places are counted by PostgreSQL under that
lock, and 100 people registering at once for 30 places give exactly 30 confirmed. The
partial unique constraints on Registration refuse a second live registration with the
same e-mail or phone even if this code were bypassed.

Mail goes out after the commit (`mail_after_commit`): a promotion is e-mailed only if
the cancellation that freed the place is committed with it. The content version moves
on only when an event becomes full or has places again (events/receivers.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from editorial.contacts import normalize_email, normalize_phone
from events.models import REGISTRATION_CODE, Event, Registration, new_registration_code
from portal import freshness
from portal.models import SiteSettings
from publicforms.qrcodes import qr_png
from publicforms.services import (
    Origin,
    absolute_url,
    create_with_unique_code,
    find_by_code,
    mail_after_commit,
)

Status = Registration.Status
# Checking in earlier than this before the start needs the staff's confirmation.
EARLY_CHECK_IN = timedelta(days=1)
# Enough for every namesake at a conference; more means the text is too short.
FOUND_AT_MOST = 20


class Refused(Exception):
    """A registration, cancellation or check-in that cannot be done; `str()` says why
    in Chinese, for the person who tried."""


class AlreadyRegistered(Refused):
    """The e-mail or phone has a live registration for the event: the page offers to
    mail its code (`publicforms.resend`)."""


def _locked_event(event_id: int, *, published: bool) -> Event | None:
    events = Event.objects.published() if published else Event.objects.all()
    return events.select_for_update().filter(pk=event_id).first()


def _confirmed(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _fullness_changed(event: Event, before: int, after: int) -> None:
    """Readers see whether an event is full (its state on the list, the home block and
    its page), not how many came: refresh their pages only when that flips."""
    if (before >= event.capacity) != (after >= event.capacity):
        freshness.changed()


def register(
    *,
    event_id: int,
    name: str,
    unit: str,
    position: str,
    phone: str,
    email: str,
    remarks: str,
    origin: Origin,
) -> Registration:
    """A confirmed registration while places are left, else one on the waiting list
    (if the event keeps one); `Refused` when registration is not open or the e-mail or
    phone has already registered for this event."""
    email, phone = normalize_email(email), normalize_phone(phone)
    with transaction.atomic():
        event = _locked_event(event_id, published=True)
        if event is None:
            raise Refused("这个活动不存在或尚未发布。")
        confirmed = _confirmed(event)
        state = event.registration_state(confirmed)
        if state == Event.State.NOT_YET:
            opens = timezone.localtime(event.registration_opens_at)
            raise Refused(f"报名尚未开始：{opens:%Y-%m-%d %H:%M} 开始接受报名。")
        if state in (Event.State.CLOSED, Event.State.OVER):
            raise Refused("报名已经截止，不能再报名了。")
        if state == Event.State.FULL:
            raise Refused("很抱歉，名额已满，本活动不设候补。")
        taken = (
            Registration.objects.filter(event=event)
            .exclude(status=Status.CANCELLED)
            .filter(Q(email=email) | Q(phone=phone))
            .values_list("email", flat=True)
            .first()
        )
        if taken is not None:
            what = "电子邮箱" if taken == email else "手机号码"
            raise AlreadyRegistered(
                f"这个{what}已经报名了本活动，无需重复报名。"
                "如需查看或取消，请凭报名编号到“报名查询”页；忘记了报名编号，可以找回。"
            )
        status = Status.CONFIRMED if state == Event.State.OPEN else Status.WAITING
        registration = create_with_unique_code(
            Registration,
            "code",
            new_registration_code,
            event=event,
            name=name,
            unit=unit,
            position=position,
            phone=phone,
            email=email,
            remarks=remarks,
            status=status,
            ip_address=origin.ip,
            user_agent=origin.user_agent[:300],
        )
        if status == Status.CONFIRMED:
            _fullness_changed(event, confirmed, confirmed + 1)
            _mail(registration, event, "您已报名成功", "events/email/confirmed.txt")
        else:
            _mail(registration, event, "您已进入候补名单", "events/email/waiting.txt")
    return registration


def cancel(*, registration: Registration, by_staff: bool = False) -> list[Registration]:
    """Cancel a registration; if it held a place, the first on the waiting list moves
    up in the same transaction and is e-mailed after the commit. Returns who moved up."""
    with transaction.atomic():
        event = _locked_event(registration.event_id, published=False)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Status.CANCELLED:
            raise Refused("这条报名已经取消过了。")
        if current.checked_in_at is not None:
            raise Refused("已签到的报名不能取消。")
        if not by_staff and event.starts_at <= timezone.now():
            raise Refused("活动已经开始，不能在线取消报名；如有需要请联系主办方。")
        before = _confirmed(event)
        held_a_place = current.status == Status.CONFIRMED
        current.status = Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        promoted = _fill_places(event) if held_a_place else []
        _fullness_changed(event, before, _confirmed(event))
        _mail(current, event, "您的报名已取消", "events/email/cancelled.txt")
    return promoted


def fill_places(*, event: Event) -> list[Registration]:
    """Move people up from the waiting list into free places (after a publisher raised
    the capacity or published the event again, say). Returns who moved up. Callers in
    the admin check the publish permission: a promotion mails someone a place."""
    with transaction.atomic():
        locked = _locked_event(event.pk, published=False)
        before = _confirmed(locked)
        promoted = _fill_places(locked)
        _fullness_changed(locked, before, before + len(promoted))
    return promoted


def _fill_places(event: Event) -> list[Registration]:
    """With the event's row locked: the first on the waiting list take the free places,
    before the event starts. A draft event (never published, or withdrawn) promotes
    nobody: no one is told of a place in an event readers cannot see; publishing it
    fills its places (`fill_places`)."""
    if event.status != Event.Status.PUBLISHED:
        return []
    free = event.capacity - _confirmed(event)
    if free <= 0 or event.starts_at <= timezone.now():
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Status.WAITING)
        .order_by("id")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        _mail(registration, event, "候补成功，您已获得参会名额", "events/email/promoted.txt")
    return waiting


def early_check_in_warning(registration: Registration) -> str:
    """Why checking this registration in now looks like a mistake, or "": the event
    starts more than a day from now, so the code was probably scanned for the wrong
    event or by accident. Staff may still go ahead once they have confirmed it."""
    starts = registration.event.starts_at
    ahead = starts - timezone.now()
    if ahead <= EARLY_CHECK_IN:
        return ""
    local = timezone.localtime(starts)
    return (
        f"这个活动 {local.month}月{local.day}日 {local:%H:%M} 才开始，距现在还有 "
        f"{ahead.days} 天多。签到一般在活动当天进行，请先核对是不是扫错了活动的二维码；"
        "如确需提前签到，请勾选“确认提前签到”后再点“确认签到”。"
    )


def check_in(
    *, registration: Registration, user, early_confirmed: bool = False
) -> tuple[Registration, bool]:
    """Mark a confirmed registration as arrived. Idempotent: a second scan changes
    nothing and returns False (the registration says when it was checked in). More
    than a day before the event it is refused unless `early_confirmed`."""
    if registration.status == Status.CONFIRMED and registration.checked_in_at is None:
        warning = "" if early_confirmed else early_check_in_warning(registration)
        if warning:
            raise Refused(warning)
    updated = Registration.objects.filter(
        pk=registration.pk, status=Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=timezone.now(), checked_in_by=user, updated_at=timezone.now())
    registration.refresh_from_db()
    if not updated and registration.checked_in_at is None:
        raise Refused(
            f"这条报名的状态是“{registration.get_status_display()}”，不能签到；"
            "只有已确认的报名可以签到。"
        )
    return registration, bool(updated)


def find_registration(*, code: str, contact: str) -> Registration | None:
    """The registration with this code whose e-mail or phone matches `contact`, else
    None. The contact is compared in constant time, and an unknown code costs the same
    comparisons as a wrong contact (as for contributions)."""
    return find_by_code(
        Registration.objects.select_related("event"),
        field="code",
        code=code,
        spec=REGISTRATION_CODE,
        contact=contact,
    )


def find_for_check_in(*, event: Event, text: str) -> list[Registration]:
    """The event's registrations whose name contains `text` or whose phone is `text`
    (however it was typed: both sides in the one form of `portal.contacts`)."""
    match = Q(name__icontains=text)
    phone = normalize_phone(text)
    if phone:
        match |= Q(phone=phone)
    return list(
        event.registrations.filter(match)
        .only("code", "name", "unit", "status", "checked_in_at", "event_id")
        .order_by("name", "id")[:FOUND_AT_MOST]
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list, and so on; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITING, id__lte=registration.pk
    ).count()


def checkin_url(registration: Registration) -> str:
    """What the QR code holds: the check-in page staff open at the door."""
    return absolute_url(registration.get_checkin_url())


def _mail(registration: Registration, event: Event, subject: str, template: str) -> None:
    site = SiteSettings.load()
    attachments = []
    if registration.status == Status.CONFIRMED:
        png = qr_png(checkin_url(registration))
        attachments.append((f"签到二维码-{registration.code}.png", png, "image/png"))
    mail_after_commit(
        subject=f"{subject}：{event.title}",
        template=template,
        context={
            "registration": registration,
            "event": event,
            "site": site,
            "event_url": absolute_url(event.get_absolute_url()),
            "lookup_url": absolute_url(reverse("events:lookup")),
        },
        to=[registration.email],
        attachments=attachments,
    )
