"""The two shapes of public page: a form that stores what it is sent and shows a code, and
a look-up by that code and the e-mail or phone given with it."""

from django.shortcuts import redirect, render

from publicforms import kept
from publicforms.limits import blocked, over_limit
from publicforms.services import Origin


def form_page(
    request,
    *,
    form_class,
    group: str,
    rate: str,
    template: str,
    context: dict,
    save,
    session_key: str,
    done: str,
):
    """A public form (留言, 投稿, 入会申请): rate-limited per client on POST (`group`,
    `rate`); a valid form is stored by `save(cleaned_data, origin)`, whose code is kept
    in the session for the `done` page; an invalid one comes back, with what was typed,
    the files it was sent (`publicforms.kept`, whatever the error, a wrong captcha
    included) and its errors, as a 400."""
    if request.method == "POST":
        if over_limit(request, group=group, rate=rate):
            return blocked(request, group=group, rate=rate)
        restored = kept.restore(request, form_class)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            request.session[session_key] = save(form.cleaned_data, Origin.of(request))
            kept.discard(request, restored)
            return redirect(done)
        lost = kept.offer(request, form, restored)
        context = {**context, "files_not_kept": lost}
        return render(request, template, {"form": form, **context}, status=400)
    return render(request, template, {"form": form_class(), **context})


def status_lookup(
    request, *, form_class, find, result: str, group: str, rate: str, template: str, context: dict
):
    """A look-up by code and e-mail or phone (投稿查询, 入会申请查询): rate-limited per
    client on POST (`group`, `rate`), 400 for a bad form, 404 when `find(code=, contact=)`
    finds nothing; the row found is `result` in the template's context."""
    context = {**context, "searched": False, result: None}
    status = 200
    if request.method == "POST":
        if over_limit(request, group=group, rate=rate):
            return blocked(request, group=group, rate=rate)
        form = form_class(request.POST)
        if form.is_valid():
            context["searched"] = True
            context[result] = find(
                code=form.cleaned_data["code"], contact=form.cleaned_data["contact"]
            )
            if context[result] is None:
                status = 404
        else:
            status = 400
    else:
        form = form_class()
    context["form"] = form
    return render(request, template, context, status=status)
