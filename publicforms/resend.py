"""发送编号到邮箱: the code of a registration, application or contribution, mailed again.

When the server fails after the row is committed and before the answer reaches the
person, they have a place but no code, and a second try only says 已经报名. Here they give
the e-mail or phone they used, and every code found for it is mailed to the address on
file (never to an address typed here). The answer is the same whether anything was
found or not, so the form tells nobody who registered; it is rate-limited per client,
and one address gets at most one such mail per RESEND_QUIET_SECONDS, so it cannot be
used to flood somebody's mailbox.
"""

import hashlib
from collections import defaultdict

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from editorial.contacts import normalize_email, normalize_phone
from portal.mail import absolute_url, mail_after_commit
from portal.models import SiteSettings
from publicforms.forms import contact_field
from publicforms.limits import blocked, over_limit

RESEND_QUIET_SECONDS = 600
MAX_CODES = 10  # per mail: the newest


class ResendCodeForm(forms.Form):
    contact = contact_field("当")


def matching(queryset, contact: str):
    """The rows of `queryset` whose e-mail or phone is `contact`, however written."""
    same = Q(email=normalize_email(contact))
    phone = normalize_phone(contact)
    if phone:
        same |= Q(phone=phone)
    return queryset.filter(same)


def send_codes(rows, *, what: str, code_field: str, lookup_url: str) -> None:
    """Mail each address on file the codes of its rows (`what`: 报名编号, 申请编号 …)."""
    site = SiteSettings.load()
    by_address = defaultdict(list)
    for row in rows.order_by("-created_at")[: MAX_CODES * 2]:
        by_address[row.email].append(row)
    for address, found in by_address.items():
        key = "codes-resent:" + hashlib.sha256(address.encode()).hexdigest()
        if not cache.add(key, 1, RESEND_QUIET_SECONDS):
            continue  # mailed a moment ago
        mail_after_commit(
            subject=f"您的{what}",
            template="submissions/email/codes_resent.txt",
            context={
                "site": site,
                "what": what,
                "codes": [(getattr(row, code_field), row) for row in found[:MAX_CODES]],
                "lookup_url": absolute_url(lookup_url),
            },
            to=[address],
        )


def resend_page(request, *, rows, what: str, code_field: str, lookup_url: str, group: str):
    """The POST of a 发送编号到邮箱 form: `rows` (a queryset) holds what may be sent. A
    GET (a reload, a bookmarked address) goes to the look-up page the form is on."""
    if request.method != "POST":
        return redirect(lookup_url)
    rate = settings.CODE_RESEND_RATE
    if over_limit(request, group=group, rate=rate):
        return blocked(request, group=group, rate=rate)
    form = ResendCodeForm(request.POST, auto_id="resend-%s")  # beside a look-up form
    status = 200
    if form.is_valid():
        send_codes(
            matching(rows, form.cleaned_data["contact"]),
            what=what,
            code_field=code_field,
            lookup_url=lookup_url,
        )
    else:
        status = 400
    context = {"form": form, "what": what, "lookup_url": lookup_url, "action": request.path}
    response = render(request, "submissions/codes_resent.html", context, status=status)
    add_never_cache_headers(response)
    return response
