"""Reader pages of events, the registration look-up, and the check-in pages for staff.

`/events/`, an event's page and its `.ics` are cached for anonymous readers by
`portal.pagecache` (urls.py). An event page that shows the registration form carries a
CSRF token and a captcha, so the page cache never stores it (pagecache's rule for
personal state) and it says no-cache to browsers; the same page with registration not
open yet, closed or full is cached until the event's next moment (`events.caching`).
The look-up, confirmation and check-in pages are personal and never cached.
"""

from __future__ import annotations

import icalendar
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events import services
from events.forms import (
    ArrivalSearchForm,
    CheckinCodeForm,
    LookupForm,
    RegistrationForm,
    clean_code,
)
from events.models import Event, Registration
from portal.models import SiteSettings
from portal.pagination import paginate
from publicforms.limits import blocked, over_limit
from publicforms.qrcodes import qr_svg
from publicforms.services import Origin

PER_PAGE = 10
# Far more than an association runs at once; keeps the list bounded.
MAX_UPCOMING = 50
ARRIVALS_PER_PAGE = 100
LIST_FIELDS = (
    "id",
    "title",
    "summary",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "waiting_list",
    "registration_opens_at",
    "registration_closes_at",
)
OPEN_STATES = (Event.State.OPEN, Event.State.WAITING_LIST)
CHECKIN_PERMISSION = "events.checkin_registration"


@require_GET
def event_list(request):
    """Upcoming events soonest first (on the first page), then past ones, newest first,
    paged. A fixed number of queries: upcoming with their counts, the past page and
    its count (events are few: a plain count, since time moves events into the past
    without any write that would refresh a cached one)."""
    now = timezone.now()
    published = Event.objects.published()
    page_obj = paginate(request, published.past(now).only(*LIST_FIELDS), PER_PAGE)
    upcoming = []
    if page_obj.number == 1:
        upcoming = list(published.upcoming(now).with_counts().only(*LIST_FIELDS)[:MAX_UPCOMING])
        for event in upcoming:
            event.state = event.registration_state(event.n_confirmed, now)
    return render(
        request,
        "events/event_list.html",
        {"upcoming": upcoming, "page_obj": page_obj, "past": page_obj.object_list},
    )


@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    """An event; its registration form while registration is open (a POST registers)."""
    event = Event.objects.for_user(request.user).with_counts().filter(pk=pk).first()
    if event is None:
        raise Http404("这个活动不存在或尚未发布。")
    state = event.registration_state(event.n_confirmed)
    form, refused, status, resend_contact = None, "", 200, ""
    if request.method == "POST":
        rate = settings.EVENTS_REGISTRATION_RATE
        if over_limit(request, group="events.register", rate=rate):
            return blocked(request, group="events.register", rate=rate)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.register(
                    event_id=event.pk,
                    name=data["name"],
                    unit=data["unit"],
                    position=data["position"],
                    phone=data["phone"],
                    email=data["email"],
                    remarks=data["remarks"],
                    origin=Origin.of(request),
                )
            except services.Refused as exc:
                # Shown with the form as it was filled in: nothing typed is lost.
                refused, status = str(exc), 409
                if isinstance(exc, services.AlreadyRegistered):
                    resend_contact = data["email"]
                event = Event.objects.with_counts().get(pk=event.pk)
                state = event.registration_state(event.n_confirmed)
            else:
                request.session["events.registration_code"] = registration.code
                return redirect("events:done")
        else:
            status = 400
    elif state in OPEN_STATES:
        form = RegistrationForm()
    context = {
        "event": event,
        "state": state,
        "form": form,
        "refused": refused,
        "resend_contact": resend_contact,
        "places_left": max(0, event.capacity - event.n_confirmed),
        "preview": not event.is_visible,
        "may_check_in": request.user.has_perm(CHECKIN_PERMISSION),
    }
    response = render(request, "events/event_detail.html", context, status=status)
    if form is not None or request.user.is_staff:
        add_never_cache_headers(response)
    return response


@require_GET
def event_ics(request, pk):
    """The event as an iCalendar file (RFC 5545), for a phone's or Outlook's calendar."""
    event = Event.objects.for_user(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404("这个活动不存在或尚未发布。")
    site = SiteSettings.load()
    url = (settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")) + (
        event.get_absolute_url()
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{site.site_name}//活动//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("location", event.place)
    entry.add("description", f"{event.summary}\n{url}".strip())
    entry.add("url", url)
    calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def _qr(registration: Registration) -> str:
    """The check-in QR code as inline SVG (only a confirmed place is checked in)."""
    if registration.status != Registration.Status.CONFIRMED:
        return ""
    svg = qr_svg(services.checkin_url(registration), title=f"签到二维码 {registration.code}")
    return mark_safe(svg)  # noqa: S308 (segno's SVG of our own URL, no reader text)


def _registration_context(registration: Registration) -> dict:
    return {
        "registration": registration,
        "event": registration.event,
        "qr": _qr(registration),
        "waiting_position": services.waiting_position(registration),
    }


@never_cache
def registration_done(request):
    code = request.session.get("events.registration_code")
    registration = (
        Registration.objects.select_related("event").filter(code=code).first() if code else None
    )
    if registration is None:
        return redirect("events:list")
    return render(request, "events/registration_done.html", _registration_context(registration))


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    """Look a registration up by code + e-mail or phone; cancel it from there."""
    context = {"searched": False, "registration": None, "cancelled": False, "refused": ""}
    status = 200
    if request.method == "POST":
        rate = settings.EVENTS_LOOKUP_RATE
        if over_limit(request, group="events.lookup", rate=rate):
            return blocked(request, group="events.lookup", rate=rate)
        form = LookupForm(request.POST)
        if form.is_valid():
            context["searched"] = True
            registration = services.find_registration(
                code=form.cleaned_data["code"], contact=form.cleaned_data["contact"]
            )
            if registration is None:
                status = 404
            elif request.POST.get("cancel"):
                try:
                    services.cancel(registration=registration)
                    context["cancelled"] = True
                except services.Refused as exc:
                    context["refused"], status = str(exc), 409
            if registration is not None:
                context.update(_registration_context(registration))
        else:
            status = 400
    else:
        form = LookupForm()
    context["form"] = form
    return render(request, "events/registration_lookup.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def checkin(request, code):
    """The page the QR code opens. Visitors (the registrant scanning their own code)
    see only "请向工作人员出示"; staff with the check-in permission see who it is and
    check them in with one tap (a POST: a GET never changes anything, so a link
    preview or a prefetch cannot check anybody in)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        status = 403 if request.method == "POST" else 200
        return render(request, "events/checkin_show.html", {"code": code}, status=status)
    if not user.has_perm(CHECKIN_PERMISSION):
        return render(request, "events/checkin_forbidden.html", status=403)
    try:
        code = clean_code(code)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    registration = Registration.objects.select_related("event").filter(code=code).first()
    if registration is None:
        raise Http404(f"没有报名编号为 {code} 的报名。")
    context = {
        "registration": registration,
        "event": registration.event,
        "refused": "",
        "early_warning": services.early_check_in_warning(registration),
        "waiting_position": services.waiting_position(registration),
    }
    status = 200
    if request.method == "POST":
        try:
            registration, context["just_checked_in"] = services.check_in(
                registration=registration, user=user, early_confirmed="early" in request.POST
            )
            context["already"] = not context["just_checked_in"]
        except services.Refused as exc:
            context["refused"], status = str(exc), 409
    else:
        context["already"] = registration.is_checked_in
    return render(request, "events/checkin.html", context, status=status)


@never_cache
@require_GET
def arrivals(request, pk):
    """Who has arrived, newest first, with the counts; a box for a code typed by hand.
    Staff with the check-in permission only; refreshed by hand."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return redirect_to_login(request.get_full_path(), "admin:login")
    if not user.has_perm(CHECKIN_PERMISSION):
        return render(request, "events/checkin_forbidden.html", status=403)
    event = Event.objects.with_counts().filter(pk=pk).first()
    if event is None:
        raise Http404("这个活动不存在。")
    form = CheckinCodeForm(request.GET) if "code" in request.GET else CheckinCodeForm()
    if form.is_bound and form.is_valid():
        return redirect("events:checkin", code=form.cleaned_data["code"])
    search = ArrivalSearchForm(request.GET) if "q" in request.GET else ArrivalSearchForm()
    found = None
    if search.is_valid():
        found = services.find_for_check_in(event=event, text=search.cleaned_data["q"])
    arrived = (
        event.registrations.filter(checked_in_at__isnull=False)
        .select_related("checked_in_by")
        .only("code", "name", "unit", "position", "checked_in_at", "checked_in_by__username")
        .order_by("-checked_in_at", "-id")
    )
    page_obj = paginate(request, arrived, ARRIVALS_PER_PAGE, count=lambda: event.n_checked_in)
    context = {
        "event": event,
        "form": form,
        "search": search,
        "found": found,
        "page_obj": page_obj,
        "arrived": page_obj.object_list,
        "now": timezone.now(),
    }
    bad = form.is_bound or (search.is_bound and not search.is_valid())
    return render(request, "events/arrivals.html", context, status=400 if bad else 200)
