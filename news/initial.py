"""The standard section tree every installation starts with (`manage.py init_site`).

资讯中心 (`news`) and 通知公告 (`notices`) are slugs the code relies on; the rest is what
an association's site usually has. The main menu is the top-level sections ticked
显示在主导航, in their 排序: the two directories and 通知公告 (a sub-section, which the
menu would not show) are link sections, so editors reorder or hide them like any other.
Existing sections are left as editors made them.
"""

from news.models import Section

# (slug, name, parent slug, order, kind, in main menu, description, link)
SECTIONS = [
    ("news", "资讯中心", None, 10, "list", True, "协会与全国开发区的最新资讯。", ""),
    ("association", "协会动态", "news", 10, "list", False, "协会会议、活动与工作进展。", ""),
    (
        "national",
        "国家级开发区动态",
        "news",
        20,
        "list",
        False,
        "国家级经开区、高新区等的发展动态。",
        "",
    ),
    ("local", "地方开发区动态", "news", 30, "list", False, "省级及以下开发区的建设与招商。", ""),
    ("policy", "政策法规", "news", 40, "list", False, "与开发区相关的法律法规和政策文件解读。", ""),
    ("notices", "通知公告", "news", 50, "list", False, "协会发布的通知、公告与公示。", ""),
    (
        "notices-menu",
        "通知公告",
        None,
        12,
        "link",
        True,
        "协会的通知、公告与公示。",
        "/news/notices/",
    ),
    ("zones", "中国开发区", None, 14, "link", True, "全国开发区名录。", "/zones/"),
    (
        "associations",
        "协会名录",
        None,
        16,
        "link",
        True,
        "各地开发区协会与相关机构。",
        "/associations/",
    ),
    ("cases", "园区案例", None, 20, "list", True, "开发区改革创新与产业发展的典型案例。", ""),
    (
        "magazine",
        "《中国开发区》",
        None,
        30,
        "link",
        True,
        "协会会刊《中国开发区》。",
        "/magazine/",
    ),
]


def create() -> str:
    created = 0
    by_slug: dict[str, Section] = {}
    for slug, name, parent, order, kind, nav, description, link in SECTIONS:
        section, was_created = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": by_slug.get(parent),
                "order": order,
                "kind": kind,
                "show_in_nav": nav,
                # New sections start off the home page; the standard lists are on it.
                "show_on_home": kind == "list",
                "description": description,
                "external_url": link,
            },
        )
        by_slug[slug] = section
        created += was_created
    return f"栏目：新建 {created} 个（共 {len(SECTIONS)} 个标准栏目）。"
