import tablib
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin

from portal import (
    files,
    freshness,
    recyclebin,
    remote_images,
    review,
    revisions,
    search,
    spreadsheets,
    stash,
)
from portal.fields import RichTextField
from portal.models import Page, SiteSettings
from portal.sanitize import clean_html

EDIT_VERSION = "edit_version"


class EditLock:
    """Optimistic lock on the change form of a model with `updated_at`: the form carries,
    in a hidden field, the `updated_at` the row had when the editor opened it. If someone
    saved the row since, the save is refused with a message naming who (`updated_by`,
    when the model has it) and when; what the editor typed stays in the form, which now
    carries the new version, so saving again deliberately keeps their text.

    The row is read with SELECT … FOR UPDATE inside the admin's save transaction, so two
    saves at the same moment cannot both pass the check.
    """

    def _locks(self, request, obj) -> bool:
        try:
            self.opts.get_field("updated_at")
        except FieldDoesNotExist:
            return False
        return obj is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._locks(request, obj):
            fieldsets = [*fieldsets, (None, {"fields": (EDIT_VERSION,), "classes": ("hidden",)})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # fields=None: ModelAdmin.get_fields asking which fields the model form has.
        if self._locks(request, obj) and kwargs.get("fields", ()) is not None:
            kwargs["form"] = _locked_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)


def _locked_form(base):
    class LockedForm(base):
        edit_version = forms.CharField(required=False, widget=forms.HiddenInput)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.initial[EDIT_VERSION] = review.version(self.instance.updated_at)

        def clean(self):
            cleaned = super().clean()
            opened = self.cleaned_data.get(EDIT_VERSION)
            if not opened or self.instance.pk is None:
                return cleaned
            model = type(self.instance)
            current = model._default_manager.select_for_update().filter(pk=self.instance.pk)
            row = current.first()
            if row is None or review.version(row.updated_at) == opened:
                return cleaned
            # Saving again now is a deliberate choice to keep this editor's text.
            self.data = self.data.copy()
            self.data[self.add_prefix(EDIT_VERSION)] = review.version(row.updated_at)
            who = getattr(row, "updated_by", None)
            name = (who.get_full_name() or who.get_username()) if who else "其他人"
            when = timezone.localtime(row.updated_at).strftime("%Y-%m-%d %H:%M:%S")
            raise ValidationError(
                "未保存：%(who)s 于 %(when)s 修改了此%(what)s，晚于您打开它的时间。"
                "您填写的内容仍在下面的表单中，没有丢失；请在新窗口打开本页查看对方的修改，"
                "核对后再次点击保存，将以您的内容为准。",
                code="edit_conflict",
                params={"who": name, "when": when, "what": model._meta.verbose_name},
            )

    LockedForm.__name__ = base.__name__
    return LockedForm


class ContentAdmin(EditLock, admin.ModelAdmin):
    """The admin of a model readers see (one registered with `freshness.watch`).

    Saves and deletes of single rows refresh reader pages through the app's receivers;
    actions may write with `QuerySet.update()`, which sends no signal, so every action
    refreshes them here. Change forms carry an optimistic lock (`EditLock`), and
    draft-keeper.js keeps what an editor types in the browser until a save succeeds.

    With `full_text_search` (a `portal.search.Searchable` model) the admin search also
    finds words anywhere in the row's texts (the body …), segmented as site search does.
    """

    full_text_search = False

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin.js", "js/draft-keeper.js"]

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        freshness.changed()
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Files chosen in a form that comes back with an error are kept and offered
        again (portal/stash.py), so the editor need not choose them again. A save that
        fails (a full disk) removes the files it wrote, as its rows are rolled back."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        restored = stash.restore(request)
        names = {key: upload.name for key, upload in request.FILES.items()}
        with files.delete_on_failure():
            response = super().changeform_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "adminform" not in context:  # saved (a redirect) or refused outright
            stash.discard(request.user, restored)
            return response
        shown = [context["adminform"].form]
        for inline in context.get("inline_admin_formsets") or ():
            shown += inline.formset.forms
        for name in stash.offer(request, shown, names, restored):
            self.message_user(
                request, f"文件“{name}”太大，没有保留，请重新选择。", messages.WARNING
            )
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            # The label points at neither half of a split date and time: name each.
            date, time = getattr(field.widget, "widgets", (None, None))
            if date is not None:
                date.attrs["aria-label"] = f"{db_field.verbose_name}（日期）"
                time.attrs["aria-label"] = f"{db_field.verbose_name}（时间）"
        return field

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = search.parse_query(search_term)
        if self.full_text_search and not query.empty:
            words = search.TSMatch(F("search_vector"), search.tsquery(query.tsquery()))
            found = found | queryset.filter(words)
        return found, may_have_duplicates


def update_action(name: str, description: str, message: str, *, permission="change", **values):
    """An admin action that sets `values` on the selected rows in one UPDATE and says
    how many (`message` holds `{n}`); `ContentAdmin` refreshes reader pages after it."""

    def action(modeladmin, request, queryset):
        n = queryset.update(**values)
        modeladmin.message_user(request, message.format(n=n))

    action.__name__ = name
    return admin.action(description=description, permissions=[permission])(action)


class PublishRule:
    """Only publishers (审核发布 and superusers) put rows of this model live.

    For anyone else a new row starts off (`publish_fields`: each field only publishers
    may set, with the value it takes on a row someone else adds; the first one says
    whether a row is live), those fields are read-only, and a row live or waiting for
    review (`is_live`: `portal.review.live_or_in_review`) can be viewed but not
    changed. Actions declared with `permissions=["publish"]` are publishers' only.
    Shared by `PublishableAdmin` and `PublishableInline`.
    """

    publish_permission = ""  # "app.codename"; by default "<app>.publish_<model>"
    publish_fields: dict[str, object] = {}

    def has_publish_permission(self, request, obj=None) -> bool:
        opts = self.opts
        permission = self.publish_permission or f"{opts.app_label}.publish_{opts.model_name}"
        return request.user.has_perm(permission)

    def is_live(self, obj) -> bool:
        """Live or waiting for review: frozen for whoever may not publish."""
        return review.live_or_in_review(obj, *next(iter(self.publish_fields.items())))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            fields = (*fields, *self.publish_fields)
        return fields

    def drafts_only(self, request, form_class):
        """`form_class` as someone who may not publish gets it: a new row starts off
        (and is saved so), the publish fields and every field of a live row are
        disabled (for the forms of the change list and inlines, which show many rows;
        the change form itself is read-only then). A change form posted for a row
        that went live meanwhile (`PublishableAdmin.changeform_view`) keeps what was
        typed and refuses it with `live_message`."""
        if self.has_publish_permission(request):
            return form_class
        rule = self
        refusing = getattr(request, "refuse_live_row", False)

        class DraftForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance._state.adding:
                    for name, off in rule.publish_fields.items():
                        setattr(self.instance, name, off)
                        self.initial[name] = off
                live = rule.is_live(self.instance) and not refusing
                for name in self.fields if live else rule.publish_fields:
                    if name in self.fields:
                        self.fields[name].disabled = True

            def clean(self):
                cleaned = super().clean()
                if refusing and rule.is_live(self.instance):
                    raise ValidationError(rule.live_message())
                return cleaned

        return DraftForm

    def live_message(self) -> str:
        name = self.opts.verbose_name
        return (
            f"这条{name}已经发布或已提交审核（可能刚刚发生），此时只有审核发布人员"
            "可以修改，所以这次没有保存。你填写的内容都保留在下面：可以复制下来，"
            "请审核发布人员修改、退回修改或先撤下为草稿。"
        )


class PublishableAdmin(PublishRule, ContentAdmin):
    """The admin of a model that only publishers put live (see `PublishRule`)."""

    draft_message = ""  # told to someone who may not publish after each save

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.is_live(obj):
            return self.has_publish_permission(request) or getattr(
                request, "refuse_live_row", False
            )
        return allowed

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A 编辑's save of a row that went live since the form was opened: not the
        bare 403 of a read-only row, but the form again with what was typed, a Chinese
        `live_message`, and status 403 (the form refuses to validate, nothing is saved)."""
        if (
            request.method == "POST"
            and object_id
            and "_saveasnew" not in request.POST
            and not self.has_publish_permission(request)
        ):
            obj = self.get_object(request, unquote(object_id))
            request.refuse_live_row = (
                obj is not None
                and self.is_live(obj)
                and super().has_change_permission(request, obj)
            )
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if getattr(request, "refuse_live_row", False):
            response.status_code = 403
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self.drafts_only(request, super().get_form(request, obj, change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return self.drafts_only(request, super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.draft_message and not self.has_publish_permission(request):
            self.message_user(request, self.draft_message, messages.INFO)


class PublishableInline(PublishRule):
    """An inline of a model that only publishers put live (see `PublishRule`)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.drafts_only(request, kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)


class RevisionsAdmin(ContentAdmin):
    """The admin's 历史 button lists the versions of a row (`portal.revisions`), two
    versions compare side by side, and 恢复为草稿 brings an old one back.

    Who: viewing takes the view permission; restoring the model's change permission (a
    编辑 may restore an article: on one live or waiting for review the texts wait for a
    publisher, so nothing goes live and nothing under review changes); publishing
    waiting texts the publish permission (`PublishRule`), with the version shown.
    """

    def _info(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{info}_revisions_compare",
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                wrap(require_POST(self.restore_view)),
                name=f"{info}_revisions_restore",
            ),
            path(
                "<path:object_id>/history/pending/<str:verb>/",
                wrap(require_POST(self.pending_view)),
                name=f"{info}_revisions_pending",
            ),
            *super().get_urls(),
        ]

    def _viewable(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("内容不存在或已移入回收站。")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def may_restore(self, request) -> bool:
        return self.has_change_permission(request)

    def frozen(self, obj) -> bool:
        """Whether a restore waits for a publisher: the row is live or under review
        (`PublishRule.is_live`); rows of a model without drafts take it at once."""
        return isinstance(self, PublishRule) and self.is_live(obj)

    def may_publish_pending(self, request) -> bool:
        if isinstance(self, PublishRule):
            return self.has_publish_permission(request)
        return self.has_change_permission(request)

    def _context(self, request, obj, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "change_url": reverse(self._info("change"), args=[obj.pk]),
            "history_url": reverse(self._info("history"), args=[obj.pk]),
            "compare_url": reverse(self._info("revisions_compare"), args=[obj.pk]),
            "has_drafts": revisions.has_drafts(self.model),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._viewable(request, object_id)
        rows = list(revisions.versions(obj)[:200])
        entries = []
        for i, row in enumerate(rows):
            previous = rows[i + 1] if i + 1 < len(rows) else None
            entries.append(
                {
                    "row": row,
                    "number": len(rows) - i,
                    "kind": revisions.HISTORY_TYPES.get(row.history_type, ""),
                    "title": getattr(row, self.model.revision_fields[0]),
                    "who": _person(row.history_user),
                    "previous": previous,
                    "restore_url": reverse(
                        self._info("revisions_restore"), args=[obj.pk, row.history_id]
                    ),
                }
            )
        pending = revisions.pending_for(obj)
        context = self._context(
            request,
            obj,
            title=f"版本历史：{obj}",
            entries=entries,
            pending=pending,
            pending_who=_person(pending.requested_by) if pending else "",
            pending_version=review.version(pending.requested_at) if pending else "",
            may_restore=self.may_restore(request),
            may_publish=self.may_publish_pending(request),
            live=self.frozen(obj),
        )
        return TemplateResponse(request, "admin/revisions/history.html", context)

    def compare_view(self, request, object_id):
        obj = self._viewable(request, object_id)
        sides = [
            self._side(obj, request.GET.get(key, default))
            for key, default in (("from", ""), ("to", "current"))
        ]
        old, new = sides
        restorable = old["row"] if old["row"] is not None else None
        context = self._context(
            request,
            obj,
            title=f"版本比较：{obj}",
            old=old,
            new=new,
            fields=revisions.compare(self.model, old["values"], new["values"]),
            restore_url=reverse(
                self._info("revisions_restore"), args=[obj.pk, restorable.history_id]
            )
            if restorable is not None
            else "",
            may_restore=self.may_restore(request),
        )
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def _side(self, obj, key: str) -> dict:
        """One side of a comparison: a version (its history id), the current texts or
        the restored texts waiting for a publisher."""
        if key == "current":
            return {
                "label": "当前内容",
                "values": revisions.values_of(self.model, obj),
                "row": None,
            }
        if key == "pending":
            pending = revisions.pending_for(obj)
            if pending is None:
                raise Http404("没有待发布的恢复版本。")
            values = revisions.values_of(self.model, pending.values)
            return {"label": "待发布的恢复版本", "values": values, "row": None}
        row = None
        if key.isdigit():
            row = obj.history.filter(history_id=key).select_related("history_user").first()
        if row is None:
            raise Http404("没有这个版本。")
        number = obj.history.filter(
            models.Q(history_date__lt=row.history_date)
            | models.Q(history_date=row.history_date, history_id__lte=row.history_id)
        ).count()
        when = f"{timezone.localtime(row.history_date):%Y-%m-%d %H:%M}"
        label = f"版本 {number}（{when}，{_person(row.history_user)}）"
        return {"label": label, "values": revisions.values_of(self.model, row), "row": row}

    def restore_view(self, request, object_id, history_id):
        obj = self._viewable(request, object_id)
        if not self.may_restore(request):
            raise PermissionDenied
        version = obj.history.filter(history_id=history_id).first()
        if version is None:
            raise Http404("没有这个版本。")
        outcome = revisions.restore(obj, version, request.user, frozen=self.frozen)
        when = f"{timezone.localtime(version.history_date):%Y-%m-%d %H:%M}"
        if outcome == revisions.PENDING:
            self.message_user(
                request,
                f"已把 {when} 的版本恢复为待发布的草稿：现在的内容（已发布的或正在审核的）"
                "不变，“审核发布”人员发布后才会替换。",
                messages.WARNING,
            )
        elif revisions.has_drafts(self.model):
            self.message_user(request, f"已恢复为 {when} 的版本（草稿，读者看不到）。")
        else:
            self.message_user(request, f"已恢复为 {when} 的版本。")
        return HttpResponseRedirect(reverse(self._info("history"), args=[obj.pk]))

    def pending_view(self, request, object_id, verb):
        obj = self._viewable(request, object_id)
        if verb == "publish":
            if not self.may_publish_pending(request):
                raise PermissionDenied
            outcome = revisions.publish_pending(obj, request.user, seen=request.POST.get("seen"))
            if outcome == revisions.APPLIED:
                self.message_user(request, "已发布恢复的版本，读者现在看到的是它。")
            elif outcome == revisions.STALE:
                self.message_user(
                    request,
                    "没有发布：待发布的恢复版本在您打开本页之后换过了，您没有看到现在的它。"
                    "请比较后再决定。",
                    messages.ERROR,
                )
        elif verb == "discard":
            if not self.may_restore(request):
                raise PermissionDenied
            if revisions.discard_pending(obj):
                self.message_user(request, "已放弃待发布的恢复版本，内容不变。")
        else:
            raise Http404
        return HttpResponseRedirect(reverse(self._info("history"), args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            obj = self.get_object(request, object_id)
            pending = revisions.pending_for(obj) if obj is not None else None
            if pending is not None:
                self.message_user(
                    request,
                    format_html(
                        "有一个待发布的恢复版本（{} 于 {} 恢复）：读者仍看到现在的内容。"
                        '<a href="{}">查看、发布或放弃</a>',
                        _person(pending.requested_by),
                        f"{timezone.localtime(pending.requested_at):%Y-%m-%d %H:%M}",
                        reverse(self._info("history"), args=[obj.pk]),
                    ),
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)


def _person(user) -> str:
    if user is None:
        return "（未知）"
    return user.get_full_name() or user.get_username()


class RecycleBinAdmin(ContentAdmin):
    """Deleting moves rows to the recycle bin (`portal.recyclebin`); the change list
    hides them and links 回收站, where those who may delete (审核发布) restore them."""

    change_list_template = "admin/recycle_bin/change_list.html"
    delete_confirmation_template = "admin/recycle_bin/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/recycle_bin/delete_selected_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("recycle-bin/", wrap(self.recycle_bin_view), name=f"{info}_recyclebin"),
            path(
                "recycle-bin/<int:pk>/restore/",
                wrap(require_POST(self.restore_from_bin_view)),
                name=f"{info}_recyclebin_restore",
            ),
            *super().get_urls(),
        ]

    def may_restore_from_bin(self, request) -> bool:
        """Restoring puts a row back in public view: only those who may delete it, and
        publish it where the model has a publish permission."""
        allowed = self.has_delete_permission(request)
        if isinstance(self, PublishRule):
            allowed = allowed and self.has_publish_permission(request)
        return allowed

    def get_deleted_objects(self, objs, request):
        """Nothing related is deleted: the rows go to the bin with all they hold."""
        objs = list(objs)
        return [str(obj) for obj in objs], {self.opts.verbose_name_plural: len(objs)}, set(), []

    def delete_model(self, request, obj):
        recyclebin.move_to_bin(self.model._base_manager.filter(pk=obj.pk), request.user)

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request, f"已把{self.opts.verbose_name}“{obj_display}”移入回收站。", messages.SUCCESS
        )
        self._binned_message(request)
        if self.has_view_or_change_permission(request):
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(url)
        return HttpResponseRedirect(reverse("admin:index"))

    def delete_queryset(self, request, queryset):
        recyclebin.move_to_bin(queryset, request.user)
        self._binned_message(request)

    def _binned_message(self, request):
        self.message_user(
            request,
            f"已移入回收站：读者立即看不到；{recyclebin.DEFAULT_DAYS} 天内可在回收站恢复。",
            messages.INFO,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "recycle_bin_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_recyclebin"
            ),
        }
        return super().changelist_view(request, extra_context)

    def recycle_bin_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        rows = (
            self.model._base_manager.filter(deleted_at__isnull=False)
            .select_related("deleted_by")
            .order_by("-deleted_at")[:500]
        )
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        items = [
            {
                "object": row,
                "who": _person(row.deleted_by),
                "purge_on": recyclebin.purge_date(row.deleted_at),
                "restore_url": reverse(f"{info}_recyclebin_restore", args=[row.pk]),
            }
            for row in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"回收站：{self.opts.verbose_name_plural}",
            "items": items,
            "days": recyclebin.DEFAULT_DAYS,
            "may_restore": self.may_restore_from_bin(request),
            "changelist_url": reverse(f"{info}_changelist"),
        }
        return TemplateResponse(request, "admin/recycle_bin/list.html", context)

    def restore_from_bin_view(self, request, pk):
        if not self.may_restore_from_bin(request):
            raise PermissionDenied
        n = recyclebin.restore(self.model._base_manager.filter(pk=pk))
        if n:
            self.message_user(request, "已从回收站恢复，原来的状态、附件和版本都在。")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recyclebin")
        )


class ReturnForm(forms.Form):
    review_note = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="作者打开时看到，说明要改什么。",
    )


def return_page(modeladmin, request, waiting, send_back):
    """The 退回修改 action: asks for the note (admin/return_for_changes.html), then
    `send_back(waiting, note)` returns the rows and says how many."""
    form = ReturnForm(request.POST if "review_note" in request.POST else None)
    if form.is_valid():
        n = send_back(waiting, form.cleaned_data["review_note"])
        modeladmin.message_user(request, f"已退回 {n} 条，作者打开时会看到退回意见。")
        return None
    if not waiting.exists():
        modeladmin.message_user(request, "所选条目中没有待审核的。", messages.WARNING)
        return None
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "退回修改",
        "opts": opts,
        "rows": waiting,
        "form": form,
        "action": request.POST.get("action", "return_for_changes"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "cancel_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/return_for_changes.html", context)


class ReviewFilter(admin.SimpleListFilter):
    title = "审核"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return (("waiting", "待审核"), ("returned", "已退回"))

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(review_requested_at__isnull=False)
        if self.value() == "returned":
            return queryset.filter(review_requested_at__isnull=True).exclude(review_note="")
        return queryset


class ReviewQueueAdmin:
    """The review queue for a `PublishableAdmin` of a `portal.models.Reviewable` model
    whose first publish field switches a row on (is_published): a 编辑 submits rows
    (提交审核), a publisher approves them (通过并发布: on) or returns them with a note the
    writer reads on the form (退回修改). List it first in the admin's bases and name the
    actions, `review_state`, `ReviewFilter` and `portal.review.version_cell` (the
    version 通过并发布 checks) where wanted."""

    @property
    def switch(self) -> str:
        return next(iter(self.publish_fields))

    @admin.action(description="提交审核", permissions=["change"])
    def submit_review(self, request, queryset):
        n = queryset.filter(**{self.switch: False}).update(review_requested_at=timezone.now())
        self.message_user(request, f"已提交审核 {n} 条，“审核发布”人员审核后发布。")

    @admin.action(description="通过并发布", permissions=["publish"])
    def approve(self, request, queryset):
        """Only the rows still at the version the publisher's list showed
        (`portal.review.only_seen`)."""
        waiting = queryset.filter(review_requested_at__isnull=False)
        total = waiting.count()
        n = review.only_seen(request, waiting).update(
            **{self.switch: True}, review_requested_at=None, review_note=""
        )
        self.message_user(request, f"已通过并发布 {n} 条。")
        review.report_stale(self, request, total - n)

    def not_waiting(self, request, queryset):
        """The rows 发布所选 publishes (`portal.review.skip_waiting`)."""
        return review.skip_waiting(self, request, queryset, Q(review_requested_at__isnull=False))

    @admin.action(description="退回修改（填写退回意见）", permissions=["publish"])
    def return_for_changes(self, request, queryset):
        def send_back(rows, note):
            return rows.update(review_requested_at=None, review_note=note)

        waiting = queryset.filter(review_requested_at__isnull=False)
        return return_page(self, request, waiting, send_back)

    @admin.display(description="审核")
    def review_state(self, obj):
        if getattr(obj, self.switch):
            return "—"
        if obj.review_requested_at:
            return "待审核"
        return "已退回" if obj.review_note else "—"


class SpreadsheetAdmin(ImportExportModelAdmin):
    """导入/导出 of a change list (django-import-export) as every import here works:
    XLSX or CSV (UTF-8, GBK or GB18030) written safe for Excel (`portal.spreadsheets`), a
    preview with each bad row named in Chinese, all rows or none, and 下载导入模板.
    Importing takes the add and change permissions; exporting the view permission."""

    formats = spreadsheets.FORMATS
    import_form_class = spreadsheets.ImportForm

    def get_urls(self):
        opts = self.opts
        template = path(
            "import/template/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{opts.app_label}_{opts.model_name}_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request):
        """下载导入模板: an XLSX with the header row the import expects."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        content = spreadsheets.XLSX().export_data(tablib.Dataset(headers=resource.header()))
        response = HttpResponse(content, content_type=spreadsheets.XLSX().get_content_type())
        filename = f"{self.opts.verbose_name}导入模板.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.errors:
            response.status_code = 400  # a refused file; the page says why
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, spreadsheets.Refused):
            form.add_error("import_file", str(e))  # the limit it passed
            return
        form.add_error(
            "import_file",
            "无法读取这个文件：请确认所选格式与文件一致（Excel 表格选 xlsx，"
            "逗号分隔的文本选 csv），CSV 须为 UTF-8 或 GBK 编码。",
        )

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import is all-or-nothing too: a row that turned bad after the
        # preview (an entry published meanwhile) rolls every row back.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            for problem in spreadsheets.row_problems(result):
                self.message_user(request, problem, messages.ERROR)
            self.message_user(request, "没有导入任何一行，请修改文件后重新导入。", messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class AuditedAdmin(ContentAdmin):
    """Fills created_by/updated_by and shows the audit fields read-only; saves pictures
    pasted from other sites in the rich text here (`portal.remote_images`)."""

    audit_fields = ("created_by", "created_at", "updated_by", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        self.save_remote_images(request, obj)
        super().save_model(request, obj, form, change)

    def save_remote_images(self, request, obj) -> None:
        saved, failed = 0, []
        deadline = remote_images.save_deadline()  # one for all the fields of this save
        for field in obj._meta.concrete_fields:
            if isinstance(field, RichTextField):
                body = clean_html(getattr(obj, field.attname))
                body, report = remote_images.localize(
                    body, request_host=request.get_host(), deadline=deadline
                )
                setattr(obj, field.attname, body)
                saved += len(report.saved)
                failed += report.failed
        if saved:
            self.message_user(request, f"已将 {saved} 张站外图片保存到本站。", messages.INFO)
        if failed:
            lines = "；".join(f"{url}（{reason}）" for url, reason in failed)
            self.message_user(
                request,
                f"以下 {len(failed)} 张站外图片未能保存到本站，仍引用原网站的地址，"
                f"可能随原网站失效或无法显示：{lines}",
                messages.WARNING,
            )


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    fieldsets = (
        (
            "基本信息",
            {"fields": ("site_name", "site_subtitle", "description", "logo", "brand_color")},
        ),
        (
            "联系方式",
            {"fields": ("contact_address", "postcode", "contact_phone", "contact_email")},
        ),
        ("新媒体", {"fields": ("wechat_name", "wechat_qr", "qq_group", "qq_group_link")}),
        (
            "备案与版权",
            {"fields": ("icp_number", "icp_link", "police_number", "police_link", "copyright")},
        ),
        ("全站灰色（哀悼日）", {"fields": ("grayscale", "grayscale_start", "grayscale_end")}),
        ("审核", {"fields": ("notify_review",)}),
        (
            "首页版块",
            {
                "fields": (
                    "home_show_headline",
                    "home_show_slider",
                    "home_show_magazine",
                    "home_show_quick_links",
                    "home_show_events",
                    "home_block_size",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only one row: go straight to it (or to the form that creates it).
        if not SiteSettings.objects.filter(pk=1).exists():
            return HttpResponseRedirect(reverse("admin:portal_sitesettings_add"))
        return HttpResponseRedirect(reverse("admin:portal_sitesettings_change", args=[1]))


@admin.register(Page)
class PageAdmin(ReviewQueueAdmin, RevisionsAdmin, RecycleBinAdmin, PublishableAdmin, AuditedAdmin):
    list_display = (
        "title",
        "slug",
        "order",
        "show_in_nav",
        "is_published",
        "review_state",
        review.version_cell,
    )
    list_editable = ("order", "show_in_nav", "is_published")
    list_filter = ("is_published", ReviewFilter, "show_in_nav")
    search_fields = ("title", "slug", "summary")
    fields = (
        "title",
        "slug",
        "summary",
        "body",
        "order",
        "show_in_nav",
        "is_published",
        "review_note",
    )
    actions = ("submit_review", "approve", "return_for_changes", "publish", "unpublish")
    # 编辑 write drafts and submit them for review; 审核发布 (portal.publish_page) approve
    # or return them, publish them and put them in the menu.
    publish_fields = {"is_published": False, "show_in_nav": False, "review_note": ""}
    draft_message = "已保存，尚未发布；写好后请“提交审核”，发布和显示在导航需由“审核发布”人员操作。"

    @admin.action(description="发布所选单页", permissions=["publish"])
    def publish(self, request, queryset):
        n = self.not_waiting(request, queryset).update(is_published=True)
        self.message_user(request, f"已发布 {n} 个单页。")

    unpublish = update_action(
        "unpublish",
        "撤下所选单页",
        "已撤下 {n} 个单页。",
        permission="publish",
        is_published=False,
    )
