"""The parts of the article admin: attachment and article forms, list filters, the 置顶/头条/幻灯片 toggles and the reads export form."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from editorial.files import check_upload
from news import reads
from news.models import Article, ArticleAttachment, Section

ATTACHMENT_KINDS = {"pdf", "doc", "docx", "xls", "xlsx", "pptx", "zip", "jpg", "png"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ArticleAttachment
        fields = ("title", "file", "order")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            checked = check_upload(upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
            upload.name = checked.generated_name()
            self.instance.size = checked.size
        return upload


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    form = AttachmentForm
    extra = 1
    fields = ("title", "file", "order", "size_display")
    readonly_fields = ("size_display",)

    @admin.display(description="大小")
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


class ArticleActionForm(ActionForm):
    section = forms.ModelChoiceField(
        queryset=Section.objects.filter(kind=Section.Kind.LIST),
        required=False,
        label="目标栏目",
        help_text="仅“移动到栏目”操作使用。",
    )


class ArticleForm(forms.ModelForm):
    """Refuses a 退回修改 without a note: the writer must learn what to change.
    (`ArticleAdmin` makes the form for its fields; no Meta here.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "section" in self.fields:
            self.fields["section"].error_messages["invalid_choice"] = (
                "只能选择类型为“文章列表”的栏目：单页和外部链接栏目不能放文章。"
            )

    def clean(self):
        cleaned = super().clean()
        if RETURN in self.data and "review_note" in self.fields:
            if not cleaned.get("review_note", "").strip():
                self.add_error("review_note", "退回修改时请填写退回意见，告诉作者要改什么。")
        return cleaned


class StatusFilter(admin.SimpleListFilter):
    """状态 with how many articles each has (待审核 (3)): the review queue's length is
    in sight, in one GROUP BY query. Its address is Django's own, ?status__exact=review."""

    title = "状态"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        counts = dict(Article.objects.order_by().values_list("status").annotate(n=Count("pk")))
        return [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in Article.Status.choices
        ]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class MineFilter(admin.SimpleListFilter):
    title = "我的稿件"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return (("created", "我创建的"), ("returned", "我被退回的"))

    def queryset(self, request, queryset):
        if self.value() == "created":
            return queryset.filter(created_by=request.user)
        if self.value() == "returned":
            return queryset.filter(created_by=request.user, status=Article.Status.DRAFT).exclude(
                review_note=""
            )
        return queryset


# The change form's review buttons (templates/admin/news/article/submit_line.html).
SUBMIT, APPROVE, RETURN = "_submit_review", "_approve", "_return"
# The home-page switches a publisher flips in the list with one click.
TOGGLES = {"is_pinned": "置顶", "is_headline": "头条", "is_slide": "幻灯片"}


def toggle_column(field: str, label: str):
    """A list column showing `field` as a button that flips it (publishers only; the
    button posts the change list's form, with its CSRF token, to `toggle_view`)."""

    @admin.display(description=label, ordering=field)
    def column(self, obj):
        on = getattr(obj, field)
        url = reverse("admin:news_article_toggle", args=[obj.pk, field])
        return format_html(
            '<button type="submit" class="flip{}" formaction="{}" formmethod="post"'
            ' aria-pressed="{}" aria-label="{}" title="{}">{}</button>',
            " is-on" if on else "",
            url,
            "true" if on else "false",
            f"{label}：{obj.title}",
            f"点击取消{label}" if on else f"点击设为{label}",
            "是" if on else "否",
        )

    column.__name__ = f"{field}_toggle"
    return column


class ReadsExportForm(forms.Form):
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("结束日期不能早于开始日期。")
            if (end - start).days >= reads.MAX_EXPORT_DAYS:
                raise forms.ValidationError(
                    f"一次最多导出 {reads.MAX_EXPORT_DAYS} 天，请缩短日期范围。"
                )
        return data
