"""Admin parts for rows the public sent with private files: the files as an inline or as
links, and a download view that checks the viewer may see the rows."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from publicforms.storage import download_response


class PrivateAttachmentInline(admin.TabularInline):
    """Files the public sent (`models.PrivateAttachment`), each linked to the admin view
    named `download_url_name`, which streams it to staff under its original name."""

    download_url_name = "admin:submissions_attachment_download"
    extra = 0
    can_delete = False
    fields = ("download", "kind", "human_size", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="附件（原文件名）")
    def download(self, obj):
        url = reverse(self.download_url_name, args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description="大小")
    def human_size(self, obj):
        return filesizeformat(obj.size)


def attachment_links(attachments, *, download_url_name: str):
    """The files as download links with their sizes, one a line, for a read-only field."""
    if not attachments:
        return "无"
    return format_html_join(
        "",
        '<div><a href="{}">{}</a>（{}）</div>',
        (
            (reverse(download_url_name, args=[a.pk]), a.original_name, filesizeformat(a.size))
            for a in attachments
        ),
    )


class PrivateAttachmentsAdmin:
    """For the admin of rows the public sent with private files (投稿, 入会申请): counts
    them for the list (`n_attachments`) and serves each file at
    attachments/<pk>/download/ (URL name `download_url_name`) to staff who may view the
    rows: the sender's file name with the extension of what the file really is
    (投稿说明.bat holding a PDF downloads as 投稿说明.pdf)."""

    attachment_model: type
    download_url_name: str

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_attachments=Count("attachments"))

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_attachment)
        return [
            path("attachments/<int:pk>/download/", download, name=self.download_url_name),
            *super().get_urls(),
        ]

    def download_attachment(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download_response(get_object_or_404(self.attachment_model, pk=pk))
