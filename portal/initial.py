"""What every installation starts with from portal (`manage.py init_site`): the usual
single pages, published with placeholder text marked 【待编辑】 so the menu works on the
first visit, and the two editorial roles. Existing pages are left as editors made them.
"""

from editorial.roles import sync_roles
from portal.models import Page

PLACEHOLDER = "【待编辑】"

# (slug, title, order, in main menu)
PAGES = [
    ("about", "协会简介", 10, True),
    ("charter", "协会章程", 20, False),
    ("organization", "组织机构", 30, False),
    ("services", "协会服务", 40, True),
    ("membership", "入会指南", 50, False),
    ("membership-rules", "会员管理办法", 55, False),
    ("contact", "联系我们", 60, True),
]


def placeholder_body(title: str) -> str:
    return (
        f"<p>{PLACEHOLDER}“{title}”页面的内容尚未填写。请在管理后台“单页”中改写本页正文后保存。</p>"
    )


def create() -> str:
    sync_roles()
    created = 0
    for slug, title, order, nav in PAGES:
        _, was_created = Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "order": order,
                "show_in_nav": nav,
                "is_published": True,
                "body": placeholder_body(title),
            },
        )
        created += was_created
    return (
        f"单页：新建 {created} 个（正文标有“{PLACEHOLDER}”，请编辑）；角色“编辑”“审核发布”已就绪。"
    )
