"""The member area (会员专区) under /member/: sign-in, password links, and the member's own
pages. Nothing here is a reader page: every answer is personal (a session cookie), so
neither the site's page cache nor nginx stores it (`portal.pagecache.is_personal`), and
each says `Cache-Control: private, no-cache` besides.

Every page after sign-in goes through `member_required`, which finds the member from the
signed-in user alone: no URL names a member, so none can reach another's data.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from membership import accounts, entries
from membership.certificate import certificate_pdf
from membership.member_forms import (
    EntryForm,
    InviteForm,
    MemberLoginForm,
    MemberPasswordResetForm,
    MemberSetPasswordForm,
)
from membership.models import Contact, Member
from portal.mail import absolute_url
from portal.models import SiteSettings
from publicforms.limits import blocked, over_limit


def member_required(view):
    """Signed-in member contacts only; others go to the sign-in page. The view gets the
    contact (with its member) as `request.contact`."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        contact = accounts.contact_of(request.user)
        if contact is None:
            return redirect(f"{reverse('member:login')}?next={request.path}")
        request.contact = contact
        return view(request, *args, **kwargs)

    return wrapped


def rate_limited(group: str, setting: str):
    """Count POSTs per client address; over the limit, the Chinese 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = getattr(settings, setting)
            if request.method == "POST" and over_limit(request, group=group, rate=rate):
                return blocked(request, group=group, rate=rate)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@method_decorator(rate_limited("member.login", "MEMBER_LOGIN_RATE"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "membership/member/login.html"
    authentication_form = MemberLoginForm

    def get(self, request, *args, **kwargs):
        if accounts.contact_of(request.user) is not None:
            return redirect("member:home")
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("member:home")

    def get_context_data(self, **kwargs):
        """Without Django's `site` (the sites framework's), which hid the site's own
        settings (the header's name) from the page."""
        context = super().get_context_data(**kwargs)
        context.pop("site", None)
        context.pop("site_name", None)
        return context


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("member:login")


@method_decorator(rate_limited("member.password", "MEMBER_PASSWORD_RESET_RATE"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "membership/member/password_reset.html"
    form_class = MemberPasswordResetForm
    email_template_name = "membership/email/member_password_reset.txt"
    subject_template_name = "membership/email/member_password_reset_subject.txt"
    success_url = reverse_lazy("member:password_reset_sent")
    extra_context = {"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400}


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "membership/member/password_set.html"
    form_class = MemberSetPasswordForm
    success_url = reverse_lazy("member:password_done")
    post_reset_login = False


@never_cache
def page(request, template: str):
    return render(request, template)


@member_required
def home(request):
    """我的会籍: number, dates, status and the member's people."""
    contact = request.contact
    member = contact.member
    contacts = list(member.contacts.select_related("user"))
    return render(
        request,
        "membership/member/home.html",
        {
            "contact": contact,
            "member": member,
            "contacts": contacts,
            "emails": [person.user.email for person in contacts],
            "valid_today": member.is_valid_on(timezone.localdate()),
            "invite_form": InviteForm() if contact.is_main else None,
            "active": "home",
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def entry(request):
    """我的名录条目: the member's own directory entry, edited as a change that waits for a
    publisher (`membership.entries`); readers keep the live entry until then."""
    member = request.contact.member
    live = member.directory_entry
    if live is None:
        raise Http404("贵单位还没有名录条目，请联系秘书处。")
    fields = entries.editable_fields(live)
    industries = None
    if "industries" in fields:
        industries = live._meta.get_field("industries").related_model.objects.all()
        if not industries.exists():  # none to choose from yet
            fields = tuple(f for f in fields if f != "industries")
    values, state = entries.current(live)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        fields=fields,
        industries=industries,
        initial=values,
    )
    if request.method == "POST" and form.is_valid():
        entries.submit_change(live, request.user, form.cleaned_data)
        messages.success(
            request, "已提交修改，等待秘书处审核发布；发布前读者仍看到现在的名录条目。"
        )
        return redirect("member:entry")
    return render(
        request,
        "membership/member/entry.html",
        {
            "member": member,
            "entry": live,
            "form": form,
            "state": state,
            "logo_url": default_storage.url(values["logo"]) if values.get("logo") else "",
            "active": "entry",
        },
        status=400 if form.errors else 200,
    )


@member_required
@require_http_methods(["GET", "POST"])
def invite(request):
    contact = request.contact
    if not contact.is_main:
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.invite_contact(member=contact.member, **form.cleaned_data)
        except accounts.AccountRefused as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"已向 {form.cleaned_data['email']} 发送设置密码的邀请邮件。")
            return redirect("member:home")
    status = 400 if form.errors else 200
    return render(
        request,
        "membership/member/invite.html",
        {"form": form, "member": contact.member, "active": "home"},
        status=status,
    )


@member_required
@require_POST
def remove(request, pk: int):
    """The main contact removes a colleague of its own member (no other member's)."""
    contact = request.contact
    if not contact.is_main:
        raise PermissionDenied
    colleague = get_object_or_404(Contact, pk=pk, member=contact.member)
    try:
        accounts.remove_contact(contact=colleague)
    except accounts.AccountRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除联系人 {colleague.name} 的账户。")
    return redirect("member:home")


@member_required
def certificate(request):
    """会员证书 (PDF) of the signed-in contact's own member."""
    member = request.contact.member
    verify_url = absolute_url(reverse("member:verify", args=[member.verify_token]))
    pdf = certificate_pdf(member, site_name=SiteSettings.load().site_name, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{member.number}.pdf"'
    return response


@never_cache
def verify(request, token: str):
    """The certificate's public check: whose it is and whether it is valid today."""
    member = get_object_or_404(Member, verify_token=token)
    today = timezone.localdate()
    return render(
        request,
        "membership/member/verify.html",
        {"member": member, "valid": member.is_valid_on(today), "today": today},
    )
