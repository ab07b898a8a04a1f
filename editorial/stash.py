"""Files chosen in an admin form survive a validation error.

A browser never re-sends a file input: after any error on the page the cover and the
attachments an editor picked were gone. When an admin form comes back with an error,
every file it received is kept here, per user, and the form offers it again with a
hidden token beside the file input; the next submit without a new choice uses the kept
file. Kept files expire after `MAX_AGE` and are limited to `MAX_USER_BYTES` per user;
older ones are deleted as new ones are kept.

They are kept in the private storage (`STORAGES["private"]`: `PRIVATE_MEDIA_ROOT`, or the
object storage's private bucket when `S3_BUCKET` is set), under `stash/<user id>/`: never
served, and shared by every app server, so the next submit may reach another server.
"""

import json
import re
import secrets
import time
from dataclasses import dataclass

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from editorial.files import delete_on_failure

SUFFIX = "__kept"  # the hidden input beside a file input: "<input name>__kept" = token
MAX_AGE = 24 * 3600
MAX_USER_BYTES = 200 * 1024 * 1024
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def _storage():
    return storages["private"]


@dataclass
class Kept:
    token: str
    name: str
    size: int


def _user_dir(user) -> str:
    return f"stash/{int(user.pk)}"


def _expire(user_dir: str) -> None:
    storage = _storage()
    try:
        tokens, _ = storage.listdir(user_dir)
    except FileNotFoundError:
        return
    entries = []
    for token in tokens:
        try:
            meta = json.loads(storage.open(f"{user_dir}/{token}/meta.json").read())
        except (OSError, ValueError):
            meta = {"size": 0, "kept_at": 0}
        entries.append((meta.get("kept_at", 0), meta.get("size", 0), token))
    now, total = time.time(), 0
    for kept_at, size, token in sorted(entries, reverse=True):  # newest first
        total += size
        if now - kept_at > MAX_AGE or total > MAX_USER_BYTES:
            _delete(f"{user_dir}/{token}")


def _delete(entry: str) -> None:
    for name in ("data", "meta.json"):
        _storage().delete(f"{entry}/{name}")


def keep(user, upload: UploadedFile, name: str) -> Kept | None:
    """Stores `upload` for `user`; None when it is larger than a user may keep."""
    if upload.size is None or upload.size > MAX_USER_BYTES:
        return None
    storage = _storage()
    token = secrets.token_urlsafe(16)
    entry = f"{_user_dir(user)}/{token}"
    upload.seek(0)
    meta = {
        "name": name,
        "content_type": upload.content_type or "",
        "size": upload.size,
        "kept_at": time.time(),
    }
    with delete_on_failure() as written:  # both files or neither (a full disk)
        written.append((storage, storage.save(f"{entry}/data", upload)))
        storage.save(f"{entry}/meta.json", ContentFile(json.dumps(meta, ensure_ascii=False)))
    _expire(_user_dir(user))
    return Kept(token, name, upload.size)


def load(user, token: str) -> tuple[UploadedFile, Kept] | None:
    """The file `user` kept under `token` (someone else's token finds nothing)."""
    if not _TOKEN_RE.match(token or ""):
        return None
    entry = f"{_user_dir(user)}/{token}"
    storage = _storage()
    try:
        meta = json.loads(storage.open(f"{entry}/meta.json").read())
        handle = storage.open(f"{entry}/data", "rb")
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
        _delete(f"{_user_dir(user)}/{item.token}")


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
