"""The 栏目 admin: the section tree, with slugs made from names."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import (
    JsonResponse,
)
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from editorial.admin import (
    AuditedAdmin,
    RevisionsAdmin,
)
from editorial.slugs import unique_slug
from news.models import Section


class SectionForm(forms.ModelForm):
    """网址名 may be left empty: it is made from the name's pinyin (and the add form
    fills it while the name is typed, static/js/section-slug.js)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is None:  # the read-only view (a 编辑 may look, not change) has no inputs
            return
        slug.required = False
        slug.help_text = "留空则按栏目名称的拼音生成，可以修改。" + str(slug.help_text)
        slug.widget.attrs["data-pinyin-url"] = reverse("admin:news_section_slug")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        name = self.cleaned_data.get("name")
        if not slug and name:
            slug = unique_slug(Section, name, exclude_pk=self.instance.pk)
        if not slug:
            raise forms.ValidationError("请填写网址名（小写字母、数字和连字符）。")
        return slug


BRANCH = mark_safe('<span class="tree-branch" aria-hidden="true">└ </span>')


def section_tree_positions() -> dict[int, tuple[int, int]]:
    """{section id: (position in tree order, depth)} of every section: one query."""
    rows = list(Section.objects.order_by("order", "id").values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for pk, parent in rows:
        children.setdefault(parent, []).append(pk)
    positions: dict[int, tuple[int, int]] = {}

    def walk(parent, depth):
        for pk in children.get(parent, []):
            if pk in positions:  # a loop the model refuses; never walk it twice
                continue
            positions[pk] = (len(positions), depth)
            walk(pk, depth + 1)

    walk(None, 0)
    for pk, _ in rows:  # a section whose parent chain does not reach the top
        positions.setdefault(pk, (len(positions), 0))
    return positions


class SectionTreeList(ChangeList):
    """The section list in tree order unless a column header asks for another."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["tree_position", "pk"]

    def get_ordering_field_columns(self):
        # Django would mark the model's default ordering (排序) as the sorted column.
        return super().get_ordering_field_columns() if ORDER_VAR in self.params else {}


@admin.register(Section)
class SectionAdmin(RevisionsAdmin, AuditedAdmin):
    form = SectionForm
    list_display = (
        "name_in_tree",
        "slug",
        "kind",
        "order",
        "show_in_nav",
        "show_on_home",
        "add_child",
    )
    list_display_links = ("name_in_tree",)
    list_editable = ("order", "show_in_nav", "show_on_home")
    list_filter = ("kind", "show_in_nav", "parent")
    list_per_page = 500  # the whole tree on one page
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "parent", "order", "kind", "show_in_nav", "show_on_home")},
        ),
        ("内容", {"fields": ("description", "external_url", "body")}),
    )

    class Media:
        js = ["js/section-slug.js"]

    def get_queryset(self, request):
        """Sections in tree order (each parent followed by its children), with depth."""
        positions = section_tree_positions()
        return (
            super()
            .get_queryset(request)
            .annotate(
                tree_position=Case(
                    *(When(pk=pk, then=Value(p)) for pk, (p, _d) in positions.items()),
                    default=Value(len(positions)),
                ),
                tree_depth=Case(
                    *(When(pk=pk, then=Value(d)) for pk, (_p, d) in positions.items() if d),
                    default=Value(0),
                ),
            )
            .order_by("tree_position")
        )

    def get_changelist(self, request, **kwargs):
        return SectionTreeList

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self.has_add_permission(request):
            columns = tuple(c for c in columns if c != "add_child")
        return columns

    @admin.display(description="栏目名称", ordering="tree_position")
    def name_in_tree(self, obj):
        depth = getattr(obj, "tree_depth", 0)
        return format_html(
            '<span class="tree-depth-{}">{}{}</span>',
            min(depth, 4),
            BRANCH if depth else "",
            obj.name,
        )

    @admin.display(description="下级")
    def add_child(self, obj):
        url = reverse("admin:news_section_add") + f"?parent={obj.pk}"
        return format_html(
            '<a class="addlink" href="{}" aria-label="在“{}”下添加子栏目">添加子栏目</a>',
            url,
            obj.name,
        )

    def get_urls(self):
        slug = self.admin_site.admin_view(self.slug_view)
        return [path("slug/", slug, name="news_section_slug"), *super().get_urls()]

    def slug_view(self, request):
        """The 网址名 the add form suggests for a name: {"slug": "…"} (free, unique)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        name = request.GET.get("name", "")[: Section._meta.get_field("name").max_length]
        exclude = request.GET.get("id")
        exclude = int(exclude) if exclude and exclude.isdigit() else None
        return JsonResponse(
            {"slug": unique_slug(Section, name, exclude_pk=exclude) if name.strip() else ""}
        )
