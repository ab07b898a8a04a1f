"""The member area's 我的活动报名: `{% member_registrations emails as rows %}`.

The member's page belongs to membership, which imports nothing of events: its template
loads this library with the e-mail addresses of the member's contacts. Each row is a
live registration (not cancelled) of a published event, newest event first, with its
check-in QR code when the place is confirmed (as the public look-up shows it).
"""

from django import template
from django.utils.safestring import mark_safe

from events import services
from events.models import Event, Registration
from publicforms.qrcodes import qr_svg

register = template.Library()
SHOWN = 20


@register.simple_tag
def member_registrations(emails):
    rows = (
        Registration.objects.filter(email__in=list(emails), event__in=Event.objects.published())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("-event__starts_at", "-id")[:SHOWN]
    )
    out = []
    for registration in rows:
        qr = ""
        if registration.status == Registration.Status.CONFIRMED:
            svg = qr_svg(
                services.checkin_url(registration), title=f"签到二维码 {registration.code}"
            )
            qr = mark_safe(svg)  # noqa: S308 (segno's SVG of our own URL, no reader text)
        out.append({"registration": registration, "event": registration.event, "qr": qr})
    return out
