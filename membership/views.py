"""Public pages: the application form, its confirmation and the status look-up.

As the contribution form: rate-limited per client address on POST
(settings.MEMBERSHIP_*_RATE; a blocked request gets portal's 429 page), never cached,
and what a person typed is shown again on every error.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from membership.forms import RULES_SLUG, ApplicationForm, ApplicationStatusForm
from membership.services import create_application, find_application
from publicforms.views import form_page, status_lookup

SESSION_CODE = "membership.application_code"


def _context(active: str, **extra) -> dict:
    return {"active": active, "rules_slug": RULES_SLUG, **extra}


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    return form_page(
        request,
        form_class=ApplicationForm,
        group="membership.apply",
        rate=settings.MEMBERSHIP_APPLICATION_RATE,
        template="membership/apply_form.html",
        context=_context("apply"),
        save=_save_application,
        session_key=SESSION_CODE,
        done="membership:done",
    )


def _save_application(data, origin) -> str:
    return create_application(
        unit_name=data["unit_name"],
        kind=data["kind"],
        province=data["province"],
        city=data["city"],
        address=data["address"],
        contact_name=data["contact_name"],
        position=data["position"],
        phone=data["phone"],
        email=data["email"],
        introduction=data["introduction"],
        files=data["attachments"],
        origin=origin,
    ).code


@never_cache
def done(request):
    code = request.session.get(SESSION_CODE)
    if not code:
        return redirect("membership:apply")
    return render(request, "membership/apply_done.html", _context("apply", code=code))


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    return status_lookup(
        request,
        form_class=ApplicationStatusForm,
        find=find_application,
        result="application",
        group="membership.status",
        rate=settings.MEMBERSHIP_LOOKUP_RATE,
        template="membership/status.html",
        context=_context("status"),
    )
