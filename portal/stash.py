"""Files chosen in an admin form survive a validation error.

A browser never re-sends a file input: after any error on the page the cover and the
attachments an editor picked were gone. When an admin form comes back with an error,
every file it received is kept here (outside MEDIA_ROOT, never served), per user, and
the form offers it again with a hidden token beside the file input; the next submit
without a new choice uses the kept file. Kept files expire after `MAX_AGE` and are
limited to `MAX_USER_BYTES` per user; older ones are deleted as new ones are kept.
"""

import json
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

SUFFIX = "__kept"  # the hidden input beside a file input: "<input name>__kept" = token
MAX_AGE = 24 * 3600
MAX_USER_BYTES = 200 * 1024 * 1024
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def root() -> Path:
    return Path(getattr(settings, "UPLOAD_STASH_DIR", "") or tempfile.gettempdir()) / (
        "portal-upload-stash"
    )


@dataclass
class Kept:
    token: str
    name: str
    size: int


def _user_dir(user) -> Path:
    return root() / str(int(user.pk))


def _expire(user_dir: Path) -> None:
    now = time.time()
    entries = sorted((p for p in user_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    total = 0
    for entry in reversed(entries):  # newest first: the oldest go when over the limit
        size = sum(f.stat().st_size for f in entry.iterdir())
        total += size
        if now - entry.stat().st_mtime > MAX_AGE or total > MAX_USER_BYTES:
            shutil.rmtree(entry, ignore_errors=True)


def keep(user, upload: UploadedFile, name: str) -> Kept | None:
    """Stores `upload` for `user`; None when it is larger than a user may keep."""
    if upload.size is None or upload.size > MAX_USER_BYTES:
        return None
    user_dir = _user_dir(user)
    user_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    entry = user_dir / token
    entry.mkdir()
    upload.seek(0)
    with open(entry / "data", "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    meta = {"name": name, "content_type": upload.content_type or "", "size": upload.size}
    (entry / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
    _expire(user_dir)
    return Kept(token, name, upload.size)


def load(user, token: str) -> tuple[UploadedFile, Kept] | None:
    """The file `user` kept under `token` (someone else's token finds nothing)."""
    if not _TOKEN_RE.match(token or ""):
        return None
    entry = _user_dir(user) / token
    try:
        meta = json.loads((entry / "meta.json").read_text())
        handle = open(entry / "data", "rb")  # noqa: SIM115 (closed with the request's files)
    except (OSError, ValueError):
        return None
    upload = UploadedFile(handle, meta["name"], meta["content_type"], meta["size"])
    return upload, Kept(token, meta["name"], meta["size"])


def restore(request) -> dict[str, Kept]:
    """Puts each kept file the form offered back into request.FILES, unless a new file
    was chosen for that input. Returns what was restored, by input name."""
    restored = {}
    for key, token in request.POST.items():
        if not key.endswith(SUFFIX):
            continue
        name = key[: -len(SUFFIX)]
        if request.FILES.get(name) or request.POST.get(f"{name}-clear"):
            continue
        found = load(request.user, token)
        if found is not None:
            request.FILES[name] = found[0]
            restored[name] = found[1]
    return restored


def offer(request, forms_shown, original_names: dict, restored: dict) -> list[str]:
    """After a refused submit: keeps each file a form received without an error of its
    own (a refused file is not offered again) and sets that form's file widget to offer
    it. Returns the names of files too big to keep."""
    too_big = []
    for form in forms_shown:
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            upload = request.FILES.get(key)
            if not isinstance(field, forms.FileField) or upload is None or name in form.errors:
                continue
            kept = restored.get(key) or keep(
                request.user, upload, original_names.get(key, upload.name)
            )
            if kept is None:
                too_big.append(original_names.get(key, upload.name))
            else:
                field.widget = KeptFileWidget(field.widget, kept)
    return too_big


def discard(user, kept: dict) -> None:
    """Deletes kept files once a save has used them."""
    for item in kept.values():
        shutil.rmtree(_user_dir(user) / item.token, ignore_errors=True)


class KeptFileWidget(forms.Widget):
    """The form's own file input, with the kept file named and its token beside it."""

    def __init__(self, widget, kept: Kept):
        super().__init__()
        self.widget, self.kept = widget, kept
        self.is_required = widget.is_required
        self.needs_multipart_form = True

    def render(self, name, value, attrs=None, renderer=None):
        own = self.widget.render(name, value, attrs, renderer)
        return format_html(
            '<div class="kept-file">{}<input type="hidden" name="{}" value="{}">'
            # the admin's help style without its indent (admin pages allow inline styles)
            '<p class="kept-file-note" style="margin:4px 0 0;font-size:.75rem;'
            'color:var(--body-quiet-color)">已选择“{}”（{}），保存时使用，不必重新选择；'
            "要换文件请重新选择。</p></div>",
            own,
            f"{name}{SUFFIX}",
            self.kept.token,
            self.kept.name,
            filesizeformat(self.kept.size),
        )

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def use_required_attribute(self, initial):
        return False  # the kept file counts as chosen
