"""Files chosen in a public form survive a refused submit, a mistyped captcha included.

入会申请 needs one to three scans and 投稿 takes up to five files; a browser never sends a
file again, so after any error they were gone. Here, as in the admin (`editorial.stash`,
which stores them), every file of a refused submit that passed its own check is kept
for the reader's session, and the form lists the kept files with a box to tick off each
one (`KeptFilesWidget`); the next submit uses the ticked ones with any new choice.

Whose files: the kept files live in a folder named by a random value held in the
reader's session (never in the page), and a token only finds files in the folder of the
session that sends it, so a token copied from someone else's page finds nothing. A submit
that fills the honeypot keeps nothing. Kept files expire after `KEPT_FILES_MAX_AGE`
seconds (`manage.py housekeeping` deletes them), a session keeps at most
`KEPT_FILES_SESSION_BYTES`, and one client address at most `KEPT_FILES_CLIENT_BYTES`
within that time, whatever sessions it makes (a counter in the cache keyed on the
address), so a client that never solves a captcha cannot fill the disk.
"""

import hashlib
import secrets

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from editorial import stash
from editorial.stash import SUFFIX, Kept
from portal.clientip import client_ip

SESSION_KEY = "publicforms.kept_owner"
# More tokens than a form takes files are never read (each one is a storage read).
MAX_TOKENS = 10


def _owner(request, *, create: bool = False) -> str | None:
    owner = request.session.get(SESSION_KEY)
    if owner is None and create:
        owner = request.session[SESSION_KEY] = "p" + secrets.token_hex(16)
    return owner


def _file_fields(form_class) -> list[str]:
    return [
        name for name, field in form_class.base_fields.items() if isinstance(field, forms.FileField)
    ]


Restored = dict[str, list[tuple[UploadedFile, Kept]]]


def restore(request, form_class) -> Restored:
    """Puts the kept files the form still ticks back into request.FILES, before any file
    chosen anew. Returns what was restored, by field name."""
    owner, restored = _owner(request), {}
    if owner is None:
        return restored
    for name in _file_fields(form_class):
        tokens = dict.fromkeys(request.POST.getlist(f"{name}{SUFFIX}")[:MAX_TOKENS])
        found = [item for item in (stash.load(owner, token) for token in tokens) if item]
        if found:
            request.FILES.setlist(
                name, [upload for upload, _ in found] + request.FILES.getlist(name)
            )
            restored[name] = found
    return restored


def discard(request, restored: Restored) -> None:
    """Deletes the kept files a stored row now holds."""
    owner = _owner(request)
    if owner is not None:
        stash.delete(owner, [kept.token for items in restored.values() for _, kept in items])


def offer(request, form, restored: Restored) -> list[str]:
    """After a refused submit: keeps each file that passed its own check (the field's
    `accepted`; a refused file is not offered again) and sets the field's widget to list
    them. Returns the names of files that could not be kept."""
    if form.has_error("website"):
        return []  # a bot filled the honeypot: it gets nothing kept
    lost = []
    for name in _file_fields(type(form)):
        field = form.fields[name]
        again = {id(upload): kept for upload, kept in restored.get(name, [])}
        kept_now = []
        for upload in getattr(field, "accepted", []):
            kept = again.get(id(upload)) or _keep(request, upload)
            if kept is None:
                lost.append(upload.name)
            else:
                kept_now.append(kept)
        if kept_now:
            field.widget = KeptFilesWidget(field.widget, kept_now)
    return lost


def _keep(request, upload) -> Kept | None:
    size = upload.size or 0
    key = "kept-bytes:" + hashlib.sha256((client_ip(request) or "").encode()).hexdigest()
    cache.add(key, 0, settings.KEPT_FILES_MAX_AGE)
    try:
        if cache.incr(key, size) > settings.KEPT_FILES_CLIENT_BYTES:
            return None
    except ValueError:  # the counter expired in between: count afresh
        cache.add(key, size, settings.KEPT_FILES_MAX_AGE)
    try:
        return stash.keep(
            _owner(request, create=True),
            upload,
            upload.name,
            max_age=settings.KEPT_FILES_MAX_AGE,
            max_bytes=settings.KEPT_FILES_SESSION_BYTES,
        )
    except OSError:  # a full disk: the reader chooses the file again, nothing breaks
        return None


class KeptFilesWidget(forms.Widget):
    """The form's own file input, followed by the kept files, each with a ticked box."""

    template_name = "publicforms/widgets/kept_files.html"

    def __init__(self, widget, kept: list[Kept]):
        super().__init__(widget.attrs)
        self.widget, self.kept = widget, kept
        self.is_required = widget.is_required
        self.needs_multipart_form = True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["file_input"] = self.widget.render(name, value, attrs)
        context["kept_name"] = f"{name}{SUFFIX}"
        context["kept"] = [(item, filesizeformat(item.size)) for item in self.kept]
        return context

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def use_required_attribute(self, initial):
        return False  # the kept files count as chosen
