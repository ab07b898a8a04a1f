"""找回编号: one page for the whole site that mails a person every reference code they
were given (投稿查询码, 入会申请编号, 报名编号, 留言编号), found by the e-mail address or
phone they gave, to the address on file (never to an address typed here).

Every look-up links here, and so does an event's "already registered" answer, which
sends the address typed a moment ago with one button. Apps register the kinds of code
they give (`register`, from `AppConfig.ready()`), so this room imports no app.

The answer is the same whether anything was found or not, so the form tells nobody who
wrote in; it is rate-limited per client (`CODE_RESEND_RATE`), and one address gets at
most one such mail per `RESEND_QUIET_SECONDS`, so it cannot flood somebody's mailbox.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from editorial.contacts import normalize_email, normalize_phone
from portal.mail import absolute_url, mail_after_commit
from portal.models import SiteSettings
from publicforms.forms import contact_field
from publicforms.limits import blocked, over_limit

RESEND_QUIET_SECONDS = 600
MAX_CODES = 10  # per kind and mail: the newest


@dataclass(frozen=True)
class CodeKind:
    """A kind of code the site gives: `label` names the code (报名编号), `rows()` the
    rows that may be sent, `describe(row)` says what a row is (the event's title …),
    `lookup` is the URL name of the page that takes the code."""

    label: str
    rows: Callable
    code_field: str
    lookup: str
    describe: Callable
    order: int


_KINDS: dict[str, CodeKind] = {}


def register(kind: CodeKind) -> None:
    _KINDS[kind.label] = kind


def kinds() -> list[CodeKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.order)


class RecoverForm(forms.Form):
    contact = contact_field("当")


def matching(queryset, contact: str):
    """The rows of `queryset` whose e-mail or phone is `contact`, however written."""
    same = Q(email=normalize_email(contact))
    phone = normalize_phone(contact)
    if phone:
        same |= Q(phone=phone)
    return queryset.filter(same)


def send_codes(contact: str) -> None:
    """Mail each address on file the codes of its rows, every kind in one mail."""
    by_address = defaultdict(lambda: defaultdict(list))
    for kind in kinds():
        found = matching(kind.rows(), contact).order_by("-created_at")[:MAX_CODES]
        for row in found:
            if row.email:
                codes = by_address[row.email][kind]
                codes.append((getattr(row, kind.code_field), row, kind.describe(row)))
    site = SiteSettings.load()
    for address, groups in by_address.items():
        key = "codes-resent:" + hashlib.sha256(address.encode()).hexdigest()
        if not cache.add(key, 1, RESEND_QUIET_SECONDS):
            continue  # mailed a moment ago
        mail_after_commit(
            subject=f"您在{site.site_name}的编号",
            template="publicforms/codes_email.txt",
            context={
                "site": site,
                "groups": [
                    (kind, codes, absolute_url(reverse(kind.lookup)))
                    for kind, codes in groups.items()
                ],
            },
            to=[address],
        )


@require_http_methods(["GET", "POST"])
def recover(request):
    """The 找回编号 page: the form, and on POST the one answer for everyone."""
    form, sent, status = RecoverForm(), False, 200
    if request.method == "POST":
        rate = settings.CODE_RESEND_RATE
        if over_limit(request, group="publicforms.recover", rate=rate):
            return blocked(request, group="publicforms.recover", rate=rate)
        form = RecoverForm(request.POST)
        if form.is_valid():
            send_codes(form.cleaned_data["contact"])
            sent = True
        else:
            status = 400
    context = {"form": form, "sent": sent, "kinds": kinds()}
    response = render(request, "publicforms/recover.html", context, status=status)
    add_never_cache_headers(response)
    return response
