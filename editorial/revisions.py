"""Revisions (版本): every save of an article, single page or section is kept, with who
and when; the admin lists them, shows two of them side by side, and restores one.

Why django-simple-history and not django-reversion: simple-history records a version
from the model's own save signal, wherever the save comes from (the admin, the accept
flow that turns a contribution into an article, a shell), while reversion records only
inside a `create_revision()` block that every write path would have to remember. Its
versions are plain rows of one table per model (`news_historicalarticle` …) with the
same columns as the model, so "who and when" and the texts of two versions are ordinary
queries, and nothing is serialized. The models declare `history = history_records()`
(portal.models) and `revision_fields`: the texts a version shows and a restore brings
back (title, summary, body …; never the status, the dates or the switches).

Restoring (恢复为草稿) and a drafted change to a live row (起草修改, `propose`) never change what readers see, nor what a publisher reviews:
- a draft (an article or page readers do not see and nobody has submitted) takes the
  old texts at once, and stays a draft;
- a frozen row (live or waiting for review: the admin's rule, `editorial.review`) keeps
  its texts: the old ones wait as a `PendingRevision` until a publisher publishes them
  (`publish_pending`, with the version of them the publisher saw), which saves them
  over the row — a new version again.
Sections have no drafts: only publishers may change them, and a restore applies at once.
The current texts are never lost: if no version holds them yet (a row older than
revisions, or written without a save), they are recorded first. Every change goes
through `save()`, so `portal.freshness` refreshes reader pages as for any edit.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from editorial import review
from editorial.fields import RichTextField
from editorial.models import PendingRevision
from editorial.sanitize import html_to_text

APPLIED = "applied"
PENDING = "pending"
STALE = "stale"  # the waiting texts changed after the publisher looked at them
HISTORY_TYPES = {"+": "新建", "~": "修改", "-": "删除"}
# A sentence ends after 。！？；… (or their ASCII forms) and at every line break.
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;…])")
# Runs of unchanged sentences longer than this are folded to their first and last.
_FOLD = 4


def versions(obj) -> models.QuerySet:
    """The versions of `obj`, newest first, with their users."""
    return obj.history.select_related("history_user").order_by("-history_date", "-history_id")


# Review steps a version can record (its change reason starts with one): the history
# labels them and names who took each.
STEPS = ("提交审核", "退回修改", "通过并发布", "发布")


def kind_of(row) -> str:
    """A version's label: the review step it records, else 新建 / 修改 / 删除."""
    reason = row.history_change_reason or ""
    for step in STEPS:
        if reason.startswith(step):
            return step
    return HISTORY_TYPES.get(row.history_type, "")


def has_drafts(model) -> bool:
    """Whether rows of `model` can be drafts (an article's status, a page's 已发布)."""
    return any(f.name in ("is_published", "status") for f in model._meta.concrete_fields)


def values_of(model, source) -> dict[str, str]:
    """The revision fields of `source`: a row, a version of one, or a dict of values.
    A file field is its stored name."""
    if isinstance(source, dict):
        return {name: source.get(name, "") for name in model.revision_fields}
    values = {name: getattr(source, name) or "" for name in model.revision_fields}
    return {k: v.name if isinstance(v, FieldFile) else v for k, v in values.items()}


def with_relations(model, source) -> dict:
    """`values_of` plus the many-to-many fields a waiting change may carry
    (`revision_relations`, as lists of ids) of a row or a dict; versions keep none, so a
    restored version leaves them as they are."""
    values: dict = values_of(model, source)
    for name in getattr(model, "revision_relations", ()):
        if isinstance(source, dict):
            if name in source:
                values[name] = sorted(int(pk) for pk in source[name])
        elif isinstance(source, model):
            values[name] = sorted(getattr(source, name).values_list("pk", flat=True))
    return values


def pending_for(obj) -> PendingRevision | None:
    content_type = ContentType.objects.get_for_model(type(obj))
    return PendingRevision.objects.filter(content_type=content_type, object_id=obj.pk).first()


def restore(obj, version, user, *, frozen: Callable[[models.Model], bool]) -> str:
    """Bring back the texts of `version` (a history row of `obj`): APPLIED when the
    row took them, PENDING when they wait for a publisher because `frozen(row)` (asked
    of the locked row: live or waiting for review; see the module's text)."""
    model = type(obj)
    values = values_of(model, version)
    with transaction.atomic():
        obj = model._base_manager.select_for_update().get(pk=obj.pk)
        keep_current(obj)
        if frozen(obj):
            _wait(obj, values, user, version.history_date, PendingRevision.Origin.RESTORE)
            return PENDING
        _apply(obj, values, user, f"恢复为 {_when(version.history_date)} 的版本")
    return APPLIED


def propose(obj, values: dict[str, str], user) -> None:
    """A 编辑's change to a live row (起草修改): `values` (its revision fields) wait for
    a publisher exactly as a restored version does; readers keep the live texts."""
    model = type(obj)
    with transaction.atomic():
        obj = model._base_manager.select_for_update().get(pk=obj.pk)
        keep_current(obj)
        _wait(obj, with_relations(model, values), user, timezone.now(), PendingRevision.Origin.EDIT)


def _wait(obj, values, user, source_date, origin) -> None:
    PendingRevision.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        defaults={
            "values": values,
            "source_date": source_date,
            "requested_by": user,
            "requested_at": timezone.now(),
            "origin": origin,
        },
    )


def publish_pending(obj, user, *, seen: str | None) -> str | None:
    """Save the waiting restored texts over `obj` (a publisher's step): APPLIED; None
    when nothing waits; STALE when they are not those the publisher saw (`seen`: the
    `requested_at` of the waiting texts shown, `editorial.review.version`), since another
    restore replaced them. The texts replaced stay a version."""
    model = type(obj)
    with transaction.atomic():
        obj = model._base_manager.select_for_update().get(pk=obj.pk)
        pending = pending_for(obj)
        if pending is None:
            return None
        if seen != review.version(pending.requested_at):
            return STALE
        keep_current(obj)
        if pending.origin == PendingRevision.Origin.EDIT:
            who = pending.requested_by
            reason = f"发布修改稿（{who.get_full_name() or who.get_username() if who else '已删除的账号'} 起草）"
        else:
            reason = f"发布恢复的版本（{_when(pending.source_date)}）"
        _apply(obj, with_relations(model, pending.values), user, reason)
        pending.delete()
    return APPLIED


def discard_pending(obj) -> bool:
    pending = pending_for(obj)
    if pending is None:
        return False
    pending.delete()
    return True


def keep_current(obj) -> None:
    """Record the current texts as a version when the newest version differs (or there
    is none), so that no restore loses them."""
    latest = obj.history.order_by("-history_date", "-history_id").first()
    current = values_of(type(obj), obj)
    if latest is None or values_of(type(obj), latest) != current:
        type(obj).history.bulk_history_create(
            [obj], update=True, default_change_reason="恢复前的内容"
        )


def _apply(obj, values: dict, user, reason: str) -> None:
    relations = getattr(type(obj), "revision_relations", ())
    for name, value in values.items():
        if name not in relations:
            setattr(obj, name, value)
    obj.updated_by = user
    obj._change_reason = reason
    obj.save()
    if any(name in values for name in relations):
        for name in relations:
            if name in values:
                getattr(obj, name).set(values[name])
        obj.refresh_search_vector()  # the related names are searched too


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


# ---- the side-by-side comparison -------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a comparison: the old and the new sentence (either may be empty)."""

    kind: str  # "same", "changed", "removed", "added", "folded"
    old: SafeString
    new: SafeString


@dataclass(frozen=True)
class FieldDiff:
    label: str
    changed: bool
    rows: list[Row]


def plain_text(model, name: str, value: str) -> str:
    """What a reader reads of a field: rich text without its HTML; related rows
    (a list of ids) by their names."""
    field = model._meta.get_field(name)
    if isinstance(field, RichTextField):
        return html_to_text(value)
    if field.many_to_many:
        rows = field.related_model._default_manager.filter(pk__in=value or [])
        return "、".join(str(row) for row in rows)
    return value or ""


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        out += [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]
    return out


def compare(model, old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    """Per revision field: sentences side by side, changed ones marked and the changed
    characters within them highlighted (<del> on the old side, <ins> on the new)."""
    result = []
    relations = [n for n in getattr(model, "revision_relations", ()) if n in old and n in new]
    for name in (*model.revision_fields, *relations):
        a = sentences(plain_text(model, name, old.get(name, "")))
        b = sentences(plain_text(model, name, new.get(name, "")))
        rows = _rows(a, b)
        label = str(model._meta.get_field(name).verbose_name)
        result.append(FieldDiff(label, any(r.kind not in ("same", "folded") for r in rows), rows))
    return result


def _rows(a: list[str], b: list[str]) -> list[Row]:
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = [Row("same", escape(s), escape(s)) for s in a[i1:i2]]
            if len(same) > _FOLD:
                note = mark_safe(f"……（{len(same) - 2} 句未改动）")  # noqa: S308 (digits only)
                same = [same[0], Row("folded", note, note), same[-1]]
            rows += same
            continue
        old, new = a[i1:i2], b[j1:j2]
        for k in range(max(len(old), len(new))):
            left = old[k] if k < len(old) else ""
            right = new[k] if k < len(new) else ""
            if left and right:
                rows.append(Row("changed", *_highlight(left, right)))
            elif left:
                rows.append(Row("removed", mark_safe(f"<del>{escape(left)}</del>"), mark_safe("")))
            else:
                rows.append(Row("added", mark_safe(""), mark_safe(f"<ins>{escape(right)}</ins>")))
    return rows


def _highlight(old: str, new: str) -> tuple[SafeString, SafeString]:
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            left.append(escape(old[i1:i2]))
            right.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped)
