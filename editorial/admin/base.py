"""The base of every content admin: the edit lock (`EditLock`), `ContentAdmin`, bulk
actions that set fields (`update_action`) and who wrote what (`AuditedAdmin`)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import mark_safe

import search
from editorial import files, remote_images, review, stash
from editorial.fields import RichTextField
from editorial.sanitize import clean_html
from portal import freshness

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


RENDERED = "_rendered"


def _rendered(field):
    @admin.display(description=field.verbose_name)
    def show(obj):
        return mark_safe(clean_html(getattr(obj, field.attname) or ""))  # noqa: S308 (sanitized)

    return show


class ContentAdmin(EditLock, admin.ModelAdmin):
    """The admin of a model readers see (one registered with `freshness.watch`).

    Saves and deletes of single rows refresh reader pages through the app's receivers;
    actions may write with `QuerySet.update()`, which sends no signal, so every action
    refreshes them here. Change forms carry an optimistic lock (`EditLock`), and
    draft-keeper.js keeps what an editor types in the browser until a save succeeds.

    With `full_text_search` (a `search.Searchable` model) the admin search also
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

    def get_fieldsets(self, request, obj=None):
        """On a page the user may only view, rich text shows as it reads (`rendered`),
        not as its HTML source."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        rich = {f.name for f in self.opts.concrete_fields if isinstance(f, RichTextField)}

        def shown(name):
            return f"{name}{RENDERED}" if isinstance(name, str) and name in rich else name

        return [
            (title, {**opts, "fields": [shown(f) for f in opts["fields"]]})
            for title, opts in fieldsets
        ]

    def __getattr__(self, name):
        # `<rich text field>_rendered`: the read-only display `get_fieldsets` names.
        opts = self.__dict__.get("opts")
        if opts is not None and name.endswith(RENDERED):
            try:
                field = opts.get_field(name.removesuffix(RENDERED))
            except FieldDoesNotExist:
                field = None
            if isinstance(field, RichTextField):
                return _rendered(field)
        raise AttributeError(name)

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


class AuditedAdmin(ContentAdmin):
    """Fills created_by/updated_by and shows the audit fields read-only; saves pictures
    pasted from other sites in the rich text here (`editorial.remote_images`)."""

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
        """Once per save: an admin that must know before saving what stayed remote (the
        publish check, `editorial.admin.publishing.hotlinks`) calls it first."""
        if getattr(obj, "_remote_images_saved", False):
            return
        obj._remote_images_saved = True
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


class PublishRule:
    """Only publishers (审核发布 and superusers) put rows of this model live.

    For anyone else a new row starts off (`publish_fields`: each field only publishers
    may set, with the value it takes on a row someone else adds; the first one says
    whether a row is live), those fields are read-only, and a row live or waiting for
    review (`is_live`: `editorial.review.live_or_in_review`) can be viewed but not
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
            "可以修改，所以这次没有保存。您填写的内容都保留在下面：可以复制下来，"
            "请审核发布人员修改、退回修改或先撤下为草稿。"
        )


def person_name(user) -> str:
    if user is None:
        return "（未知）"
    return user.get_full_name() or user.get_username()
