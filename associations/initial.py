"""The footer's link groups every installation starts with (`manage.py init_site`), with
the public bodies most association sites link to. Editors add, reorder or disable the
rest; existing groups and links are left as they are."""

from associations.models import Link, LinkGroup

FOOTER = {
    "政府部门": [
        ("中国政府网", "https://www.gov.cn/"),
        ("国家发展和改革委员会", "https://www.ndrc.gov.cn/"),
        ("商务部", "https://www.mofcom.gov.cn/"),
        ("科学技术部", "https://www.most.gov.cn/"),
        ("工业和信息化部", "https://www.miit.gov.cn/"),
        ("海关总署", "http://www.customs.gov.cn/"),
    ],
    "行业协会": [("中国国际贸易促进委员会", "https://www.ccpit.org/")],
    "新闻媒体": [
        ("新华网", "http://www.xinhuanet.com/"),
        ("人民网", "http://www.people.com.cn/"),
        ("中国经济网", "http://www.ce.cn/"),
        ("中国日报网", "https://www.chinadaily.com.cn/"),
        ("央视网", "https://www.cctv.com/"),
    ],
    "友情链接": [("国家统计局", "https://www.stats.gov.cn/")],
}


def create() -> str:
    groups = links = 0
    for position, (name, rows) in enumerate(FOOTER.items(), start=1):
        group, was_created = LinkGroup.objects.get_or_create(
            name=name, defaults={"order": position * 10}
        )
        groups += was_created
        if not was_created:
            continue  # a group editors already keep: leave its links alone
        for order, (title, url) in enumerate(rows, start=1):
            Link.objects.create(group=group, name=title, url=url, order=order * 10)
            links += 1
    return f"页脚链接：新建 {groups} 个分组、{links} 个链接。"
