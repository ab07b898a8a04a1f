"""The article list's bulk actions beside review: 撤下, 置顶, 头条, 幻灯片 and moving to
another section; each needs the publish permission."""

from django import forms
from django.contrib import admin, messages

from editorial.admin import (
    update_action,
)
from news.admin.article_parts import (
    ArticleActionForm,
)
from news.models import Article


class ArticleBulkActions:
    unpublish = update_action(
        "unpublish",
        "撤下所选文章（改为草稿）",
        "已撤下 {n} 篇文章。",
        permission="publish",
        status=Article.Status.DRAFT,
    )
    pin = update_action(
        "pin", "置顶所选文章", "已置顶 {n} 篇文章。", permission="publish", is_pinned=True
    )
    unpin = update_action(
        "unpin", "取消置顶", "已取消置顶 {n} 篇文章。", permission="publish", is_pinned=False
    )
    headline = update_action(
        "headline", "设为头条", "已将 {n} 篇文章设为头条。", permission="publish", is_headline=True
    )
    unheadline = update_action(
        "unheadline",
        "取消头条",
        "已取消 {n} 篇文章的头条。",
        permission="publish",
        is_headline=False,
    )

    @admin.action(description="设为幻灯片（需有封面图）", permissions=["publish"])
    def slide(self, request, queryset):
        n = queryset.exclude(cover="").update(is_slide=True)
        missing = queryset.filter(cover="").count()
        note = f"；{missing} 篇没有封面图，未设置" if missing else ""
        self.message_user(request, f"已将 {n} 篇文章设为幻灯片{note}。")

    unslide = update_action(
        "unslide", "取消幻灯片", "已取消 {n} 篇文章的幻灯片。", permission="publish", is_slide=False
    )

    @admin.action(description="移动到栏目（在上方选择目标栏目）", permissions=["publish"])
    def move_section(self, request, queryset):
        try:
            target = ArticleActionForm.base_fields["section"].clean(request.POST.get("section"))
        except forms.ValidationError:
            target = None
        if target is None:
            self.message_user(request, "请先在“目标栏目”中选择一个栏目。", messages.ERROR)
            return
        n = queryset.update(section=target)
        self.message_user(request, f"已将 {n} 篇文章移动到“{target.name}”。")
