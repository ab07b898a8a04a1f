"""Files chosen in a form survive a validation error.

A browser never re-sends a file input: after any error on the page the files a person
picked were gone. When a form comes back with an error, every file it received is kept
here, in the folder of its owner, and the form offers it again with a token; the next
submit uses the kept file. An owner is a folder name: an editor's user id in the admin
(`restore`, `offer`, `discard` below), a random name held in a reader's session for the
public forms (`publicforms.kept`), so a token only finds files in its own owner's folder.
Kept files expire (`MAX_AGE` for editors, each entry records its own end) and each owner
may keep `max_bytes`; older ones are deleted as new ones are kept, and `purge` (run by
`manage.py housekeeping`) deletes every expired one.

They are kept in the private storage (`STORAGES["private"]`: `PRIVATE_MEDIA_ROOT`, or the
object storage's private bucket when `S3_BUCKET` is set), under `stash/<owner>/`: never
served, and shared by every app server, so the next submit may reach another server.
"""

import contextlib
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
_OWNER_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ROOT = "stash"


def _storage():
    return storages["private"]


@dataclass
class Kept:
    token: str
    name: str
    size: int


def _owner_dir(owner: str) -> str:
    if not _OWNER_RE.match(owner):
        raise ValueError(f"not an owner folder: {owner!r}")
    return f"{ROOT}/{owner}"


def _user_owner(user) -> str:
    return str(int(user.pk))


def _expires(meta: dict) -> float:
    # entries kept before each recorded its own end expire MAX_AGE after they were kept
    return meta.get("expires_at", meta.get("kept_at", 0) + MAX_AGE)


def _entries(owner_dir: str) -> list[tuple[float, int, str]]:
    """(expires at, size, token) of each entry in `owner_dir`; an unreadable one expires."""
    storage = _storage()
    try:
        tokens, _ = storage.listdir(owner_dir)
    except FileNotFoundError:
        return []
    entries = []
    for token in tokens:
        try:
            meta = json.loads(storage.open(f"{owner_dir}/{token}/meta.json").read())
        except (OSError, ValueError):
            meta = {}
        entries.append((_expires(meta), meta.get("size", 0), token))
    return entries


def _expire(owner_dir: str, max_bytes: int) -> None:
    now, total = time.time(), 0
    for expires, size, token in sorted(_entries(owner_dir), reverse=True):  # newest first
        total += size
        if expires < now or total > max_bytes:
            _delete(f"{owner_dir}/{token}")


def _delete(entry: str) -> None:
    storage = _storage()
    for name in ("data", "meta.json"):
        storage.delete(f"{entry}/{name}")
    with contextlib.suppress(OSError):
        storage.delete(entry)  # the emptied folder (object storage has none)


def purge() -> int:
    """Delete every expired kept file, of every owner; returns how many."""
    storage, now, removed = _storage(), time.time(), 0
    try:
        owners, _ = storage.listdir(ROOT)
    except FileNotFoundError:
        return 0
    for owner in owners:
        owner_dir = f"{ROOT}/{owner}"
        entries = _entries(owner_dir)
        for expires, _size, token in entries:
            if expires < now:
                _delete(f"{owner_dir}/{token}")
                removed += 1
        if all(expires < now for expires, _size, _token in entries):
            with contextlib.suppress(OSError):
                storage.delete(owner_dir)
    return removed


def keep(
    owner: str,
    upload: UploadedFile,
    name: str,
    *,
    max_age: int = MAX_AGE,
    max_bytes: int = MAX_USER_BYTES,
) -> Kept | None:
    """Stores `upload` for `owner` for `max_age` seconds; None when it is larger than an
    owner may keep (`max_bytes`)."""
    if upload.size is None or upload.size > max_bytes:
        return None
    storage = _storage()
    token = secrets.token_urlsafe(16)
    owner_dir = _owner_dir(owner)
    entry = f"{owner_dir}/{token}"
    upload.seek(0)
    meta = {
        "name": name,
        "content_type": upload.content_type or "",
        "size": upload.size,
        "expires_at": time.time() + max_age,
    }
    with delete_on_failure() as written:  # both files or neither (a full disk)
        written.append((storage, storage.save(f"{entry}/data", upload)))
        storage.save(
            f"{entry}/meta.json", ContentFile(json.dumps(meta, ensure_ascii=False).encode())
        )
    _expire(owner_dir, max_bytes)
    return Kept(token, name, upload.size)


def load(owner: str, token: str) -> tuple[UploadedFile, Kept] | None:
    """The file `owner` kept under `token` (someone else's token finds nothing, nor does
    an expired one)."""
    if not _TOKEN_RE.match(token or ""):
        return None
    entry = f"{_owner_dir(owner)}/{token}"
    storage = _storage()
    try:
        meta = json.loads(storage.open(f"{entry}/meta.json").read())
        if _expires(meta) < time.time():
            return None
        handle = storage.open(f"{entry}/data", "rb")
    except (OSError, ValueError, AttributeError):
        return None
    upload = UploadedFile(handle, meta["name"], meta["content_type"], meta["size"])
    return upload, Kept(token, meta["name"], meta["size"])


def delete(owner: str, tokens) -> None:
    """Deletes kept files once a save has used them."""
    for token in tokens:
        if _TOKEN_RE.match(token or ""):
            _delete(f"{_owner_dir(owner)}/{token}")


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
        found = load(_user_owner(request.user), token)
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
                _user_owner(request.user), upload, original_names.get(key, upload.name)
            )
            if kept is None:
                too_big.append(original_names.get(key, upload.name))
            else:
                field.widget = KeptFileWidget(field.widget, kept)
    return too_big


def discard(user, kept: dict) -> None:
    """Deletes an editor's kept files once a save has used them."""
    delete(_user_owner(user), [item.token for item in kept.values()])


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
