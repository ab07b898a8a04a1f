"""The 会刊 admin: issues with their tables of contents and PDFs."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count

from editorial.admin import (
    AuditedAdmin,
    RecycleBinAdmin,
)
from editorial.files import check_upload
from news.models import MagazineEntry, MagazineIssue

MAX_MAGAZINE_PDF_BYTES = 50 * 1024 * 1024


class MagazineIssueForm(forms.ModelForm):
    class Meta:
        model = MagazineIssue
        fields = (
            "year",
            "number",
            "title",
            "published_on",
            "cover",
            "pdf",
            "summary",
            "is_published",
        )

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if isinstance(upload, UploadedFile):
            checked = check_upload(upload, allowed={"pdf"}, max_bytes=MAX_MAGAZINE_PDF_BYTES)
            upload.name = checked.generated_name()
        return upload


class MagazineEntryInline(admin.TabularInline):
    model = MagazineEntry
    extra = 3
    fields = ("order", "column", "title", "article", "page")
    autocomplete_fields = ("article",)


@admin.register(MagazineIssue)
class MagazineIssueAdmin(RecycleBinAdmin, AuditedAdmin):
    form = MagazineIssueForm
    list_display = ("__str__", "title", "published_on", "is_published", "entry_count")
    list_filter = ("is_published", "year")
    search_fields = ("title", "summary", "entries__title")
    date_hierarchy = "published_on"
    inlines = (MagazineEntryInline,)
    fields = ("year", "number", "title", "published_on", "cover", "pdf", "summary", "is_published")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_entries=Count("entries"))

    @admin.display(description="目录条数", ordering="n_entries")
    def entry_count(self, obj):
        return obj.n_entries
