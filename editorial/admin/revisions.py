"""Versions in the admin: the history list, a readable Chinese diff, and restoring an
old version as a draft that waits for a publisher."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from editorial import remote_images, review, revisions
from editorial.admin.base import ContentAdmin, PublishRule, person_name
from editorial.fields import RichTextField
from editorial.models import PendingRevision
from editorial.sanitize import clean_html


def pending_ids(model):
    """The ids of `model`'s rows with texts waiting for a publisher (a 修改稿 or a
    restored version), as a subquery."""
    content_type = ContentType.objects.get_for_model(model)
    return PendingRevision.objects.filter(content_type=content_type).values("object_id")


def returned_to_outsider(obj, pending) -> bool:
    """Whether discarding `pending` may carry a 退回意见: a change a member (not staff)
    wrote to a `Reviewable` row, whose note field the member's page shows."""
    who = pending.requested_by if pending is not None else None
    return who is not None and not who.is_staff and hasattr(obj, "review_note")


class PendingFilter(admin.SimpleListFilter):
    """待发布的修改稿: live rows whose drafted change or restored version waits for a
    publisher, who compares and publishes it on the row's 版本历史."""

    title = "修改稿"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return (("waiting", "待发布的修改稿"),)

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(pk__in=pending_ids(queryset.model))
        return queryset


class RevisionsAdmin(ContentAdmin):
    """The admin's 历史 button lists the versions of a row (`editorial.revisions`), two
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
                "<path:object_id>/history/draft/",
                wrap(self.draft_view),
                name=f"{info}_revisions_draft",
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

    def may_draft(self, request, obj) -> bool:
        """起草修改: someone who may change rows but not this one (live or under review)
        writes a change that waits for a publisher."""
        return (
            self.frozen(obj)
            and self.may_restore(request)
            and not self.has_change_permission(request, obj)
        )

    def draft_view(self, request, object_id):
        """起草修改: a form of the row's texts (`revision_fields`), filled with the
        change already waiting or else the live texts; saving it waits for a publisher
        (`editorial.revisions.propose`) and readers keep the live texts."""
        obj = self._viewable(request, object_id)
        if not self.may_draft(request, obj):
            raise PermissionDenied
        pending = revisions.pending_for(obj)
        texts = revisions.values_of(self.model, pending.values if pending else obj)
        form_class = forms.modelform_factory(
            self.model,
            fields=self.model.revision_fields,
            formfield_callback=lambda f: self.formfield_for_dbfield(f, request),
        )
        form = form_class(request.POST or None, initial=texts, instance=self.model())
        if request.method == "POST" and form.is_valid():
            values = {}
            deadline = remote_images.save_deadline()
            for name in self.model.revision_fields:
                value = form.cleaned_data.get(name) or ""
                field = self.model._meta.get_field(name)
                if isinstance(field, RichTextField):  # pictures from other sites saved here
                    value, _ = remote_images.localize(
                        clean_html(value), request_host=request.get_host(), deadline=deadline
                    )
                values[name] = value
            revisions.propose(obj, values, request.user)
            self.message_user(
                request,
                "已保存修改稿并提交审核：读者仍看到现在发布的内容，"
                "“审核发布”人员发布修改稿后才替换。",
            )
            return HttpResponseRedirect(reverse(self._info("history"), args=[obj.pk]))
        context = self._context(
            request,
            obj,
            title=f"起草修改：{obj}",
            form=form,
            media=self.media + form.media,
            pending=pending,
        )
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/revisions/draft.html", context, status=status)

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
                    "kind": revisions.kind_of(row),
                    "title": getattr(row, self.model.revision_fields[0]),
                    "who": person_name(row.history_user),
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
            pending_who=person_name(pending.requested_by) if pending else "",
            pending_version=review.version(pending.requested_at) if pending else "",
            may_restore=self.may_restore(request),
            may_publish=self.may_publish_pending(request),
            live=self.frozen(obj),
            returnable=returned_to_outsider(obj, pending),
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
                "values": revisions.with_relations(self.model, obj),
                "row": None,
            }
        if key == "pending":
            pending = revisions.pending_for(obj)
            if pending is None:
                raise Http404("没有待发布的修改稿或恢复版本。")
            values = revisions.with_relations(self.model, pending.values)
            label = f"待发布的{pending.get_origin_display()}"
            return {"label": label, "values": values, "row": None}
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
        label = f"版本 {number}（{when}，{person_name(row.history_user)}）"
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

    def _hotlinks_in(self, request, pending) -> list[str]:
        """Pictures on other sites in the rich text of waiting texts: readers' pages
        admit pictures from this site only, so they would be broken."""
        if pending is None:
            return []
        found = []
        for field in self.model._meta.concrete_fields:
            value = pending.values.get(field.name)
            if isinstance(field, RichTextField) and isinstance(value, str):
                found += remote_images.remote_sources(value, request_host=request.get_host())
        return found

    def pending_view(self, request, object_id, verb):
        obj = self._viewable(request, object_id)
        if verb == "publish":
            if not self.may_publish_pending(request):
                raise PermissionDenied
            pending = revisions.pending_for(obj)
            what = pending.get_origin_display() if pending else ""
            left = self._hotlinks_in(request, pending)
            if left:
                self.message_user(
                    request,
                    f"没有发布{what}：其中有 {len(left)} 张站外图片未能保存到本站，读者会看到"
                    f"打不开的图片：{'、'.join(left)}。请放弃它，或改好后再提交。",
                    messages.ERROR,
                )
                return HttpResponseRedirect(reverse(self._info("history"), args=[obj.pk]))
            outcome = revisions.publish_pending(obj, request.user, seen=request.POST.get("seen"))
            if outcome == revisions.APPLIED:
                self.message_user(request, f"已发布{what}，读者现在看到的是它。")
            elif outcome == revisions.STALE:
                self.message_user(
                    request,
                    f"没有发布：待发布的{what}在您打开本页之后换过了，您没有看到现在的它。"
                    "请比较后再决定。",
                    messages.ERROR,
                )
        elif verb == "discard":
            if not self.may_restore(request):
                raise PermissionDenied
            returnable = returned_to_outsider(obj, revisions.pending_for(obj))
            if revisions.discard_pending(obj):
                # 退回: the note reaches the member who wrote the change, on its page
                note = request.POST.get("review_note", "").strip()[:2000]
                if note and returnable:
                    type(obj)._base_manager.filter(pk=obj.pk).update(review_note=note)
                self.message_user(request, "已放弃待发布的内容，现在的内容不变。")
        else:
            raise Http404
        return HttpResponseRedirect(reverse(self._info("history"), args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if request.method == "GET" else None
        if obj is not None:
            pending = revisions.pending_for(obj)
            if pending is not None:
                self.message_user(
                    request,
                    format_html(
                        "有一份待发布的{}（{} 于 {} 提交）：读者仍看到现在的内容。"
                        '<a href="{}">查看、发布或放弃</a>',
                        pending.get_origin_display(),
                        person_name(pending.requested_by),
                        f"{timezone.localtime(pending.requested_at):%Y-%m-%d %H:%M}",
                        reverse(self._info("history"), args=[obj.pk]),
                    ),
                    messages.WARNING,
                )
            if self.may_draft(request, obj):
                self.message_user(
                    request,
                    format_html(
                        "这篇内容已发布或正在审核，不能直接修改。"
                        '<a class="button" href="{}">起草修改</a> '
                        "修改稿提交审核，读者仍看到现在的内容，“审核发布”人员发布后才替换。",
                        reverse(self._info("revisions_draft"), args=[obj.pk]),
                    ),
                    messages.INFO,
                )
        return super().change_view(request, object_id, form_url, extra_context)
