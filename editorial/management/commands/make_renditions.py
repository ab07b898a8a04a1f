"""Renditions (WebP and JPEG in the widths pages ask for) for pictures stored before the
site made them, or whose renditions are missing. New pictures get theirs when they are
stored; run this once after upgrading, and again whenever you like (it only fills gaps).

Covers and logos (every `CleanedImageField`) stored before renditions are copied under a
name with their size, the row points to the copy, and the old file is deleted. Pictures
in rich text are copied the same way and the `src` rewritten; their old files stay,
because earlier versions of the text (版本记录) still show them.
"""

import re
from urllib.parse import unquote

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from simple_history.models import HistoricalChanges

from editorial.fields import CleanedImageField, RichTextField
from editorial.images import with_renditions
from portal import freshness

_SRC = re.compile(r'(<img\b[^>]*\bsrc=")([^"]+)(")')


class Command(BaseCommand):
    help = "为旧图片补做各尺寸版本（WebP 和 JPEG），可重复运行。"

    def handle(self, *args, **options):
        self.moved = 0
        self.renamed: dict[str, str] = {}  # a picture in several texts is copied once
        for model in apps.get_models():
            if issubclass(model, HistoricalChanges):
                continue  # versions keep the texts they had
            for field in model._meta.concrete_fields:
                if isinstance(field, CleanedImageField):
                    self._images(model, field)
                elif isinstance(field, RichTextField):
                    self._rich_text(model, field)
        if self.moved:
            freshness.changed()
        self.stdout.write(f"已完成：{self.moved} 处图片换用了带尺寸版本的新文件。")

    def _images(self, model, field) -> None:
        rows = model._base_manager.exclude(**{field.attname: ""})
        for pk, name in rows.values_list("pk", field.attname).iterator():
            new = with_renditions(field.storage, name)
            if new != name:
                model._base_manager.filter(pk=pk).update(**{field.attname: new})
                field.storage.delete(name)
                self.moved += 1

    def _rich_text(self, model, field) -> None:
        base = default_storage.url("")
        rows = model._base_manager.filter(**{f"{field.attname}__contains": f'src="{base}'})

        def rewrite(match: re.Match) -> str:
            src = match[2]
            if not src.startswith(base) or src in self.renamed.values():
                return match[0]
            if src not in self.renamed:
                name = with_renditions(default_storage, unquote(src[len(base) :]))
                self.renamed[src] = base + name
            return match[1] + self.renamed[src] + match[3]

        for pk, html in rows.values_list("pk", field.attname).iterator():
            new = _SRC.sub(rewrite, html)
            if new != html:
                model._base_manager.filter(pk=pk).update(**{field.attname: new})
                self.moved += 1
