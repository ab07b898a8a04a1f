"""Public pages: the message board, the two forms, and the two look-ups.

The forms are rate-limited per IP on POST (settings.SUBMISSIONS_*_RATE); a blocked
request gets portal's 429 page. What a person typed is re-shown on every error.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.pagination import paginate
from publicforms.forms import StatusLookupForm
from publicforms.limits import blocked, over_limit
from publicforms.views import form_page, status_lookup
from submissions.forms import MessageForm, MessageLookupForm, SubmissionForm
from submissions.models import Message
from submissions.services.contributions import create_submission, find_submission
from submissions.services.messages import create_message, find_message, shows_question

BOARD_PAGE_SIZE = 15
# Far beyond any real board; keeps deep-page OFFSET scans bounded.
BOARD_MAX_PAGES = 500


def _sidebar(active: str) -> dict:
    return {"active": active}


def message_board(request):
    queryset = (
        Message.objects.published()
        .only("code", "name", "subject", "content", "created_at", "reply", "replied_at")
        .order_by("-replied_at", "-id")
    )
    page_obj = paginate(
        request, queryset, BOARD_PAGE_SIZE, count_key="submissions:board", max_pages=BOARD_MAX_PAGES
    )
    return render(
        request,
        "submissions/message_board.html",
        {"page_obj": page_obj, "board": page_obj.object_list, **_sidebar("board")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def message_new(request):
    return form_page(
        request,
        form_class=MessageForm,
        group="submissions.message",
        rate=settings.SUBMISSIONS_MESSAGE_RATE,
        template="submissions/message_form.html",
        context=_sidebar("new"),
        save=_save_message,
        session_key="submissions.message_code",
        done="submissions:message_done",
    )


def _save_message(data, origin) -> str:
    return create_message(
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        subject=data["subject"],
        content=data["content"],
        origin=origin,
    ).code


@never_cache
def message_done(request):
    code = request.session.get("submissions.message_code")
    if not code:
        return redirect("submissions:message_new")
    return render(request, "submissions/message_done.html", {"code": code, **_sidebar("new")})


@never_cache
def message_lookup(request):
    rate = settings.SUBMISSIONS_LOOKUP_RATE
    context = {**_sidebar("lookup"), "searched": False, "message": None}
    status = 200
    if "code" in request.GET:
        form = MessageLookupForm(request.GET)
        if over_limit(request, group="submissions.lookup", rate=rate, method="GET"):
            return blocked(request, group="submissions.lookup", rate=rate, method="GET")
        if form.is_valid():
            context["searched"] = True
            message = context["message"] = find_message(code=form.cleaned_data["code"])
            if message is None:
                status = 404
            else:
                context["shows_question"] = shows_question(message)
        else:
            status = 400
    else:
        form = MessageLookupForm()
    context["form"] = form
    return render(request, "submissions/message_lookup.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def contribute(request):
    return form_page(
        request,
        form_class=SubmissionForm,
        group="submissions.contribute",
        rate=settings.SUBMISSIONS_CONTRIBUTION_RATE,
        template="submissions/contribute_form.html",
        context=_sidebar("contribute"),
        save=_save_submission,
        session_key="submissions.tracking_code",
        done="submissions:contribute_done",
    )


def _save_submission(data, origin) -> str:
    return create_submission(
        title=data["title"],
        author=data["author"],
        organization=data["organization"],
        phone=data["phone"],
        email=data["email"],
        section=data["section"],
        body=data["body"],
        files=data["attachments"],
        origin=origin,
    ).tracking_code


@never_cache
def contribute_done(request):
    code = request.session.get("submissions.tracking_code")
    if not code:
        return redirect("submissions:contribute")
    return render(
        request, "submissions/contribute_done.html", {"code": code, **_sidebar("contribute")}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def contribute_status(request):
    return status_lookup(
        request,
        form_class=StatusLookupForm,
        find=find_submission,
        result="submission",
        group="submissions.status",
        rate=settings.SUBMISSIONS_LOOKUP_RATE,
        template="submissions/contribute_status.html",
        context=_sidebar("status"),
    )
