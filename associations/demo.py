"""Demo directories and footer links.

Every zone name is generated from real city names and invented qualifiers with a fixed
random seed, so the demo is the same on every machine; the zones themselves, their
figures and texts are invented. Safe to run again: only missing rows are created.
"""

import random
from decimal import Decimal

from associations.models import (
    Association,
    Industry,
    Link,
    LinkGroup,
    Zone,
)
from associations.regions import PROVINCES
from portal.search import reindex

INDUSTRIES = [
    "电子信息",
    "高端装备制造",
    "新能源汽车",
    "生物医药",
    "新材料",
    "集成电路",
    "人工智能",
    "现代物流",
    "跨境电商",
    "绿色化工",
    "食品加工",
    "纺织服装",
    "新能源",
    "节能环保",
    "航空航天",
    "数字经济",
    "现代农业",
    "文化旅游",
    "商贸服务",
    "冶金建材",
]

# A few prefecture-level cities of each province (real places; the zones are invented).
CITIES = {
    "北京市": ["海淀", "朝阳", "大兴", "顺义", "昌平"],
    "天津市": ["滨海", "西青", "武清", "东丽"],
    "河北省": ["石家庄", "唐山", "保定", "廊坊", "沧州"],
    "山西省": ["太原", "大同", "长治", "晋中"],
    "内蒙古自治区": ["呼和浩特", "包头", "鄂尔多斯", "满洲里", "赤峰"],
    "辽宁省": ["沈阳", "大连", "鞍山", "营口", "丹东"],
    "吉林省": ["长春", "吉林", "延吉", "珲春", "四平"],
    "黑龙江省": ["哈尔滨", "大庆", "齐齐哈尔", "牡丹江", "绥芬河"],
    "上海市": ["浦东", "闵行", "嘉定", "松江", "青浦"],
    "江苏省": ["南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州"],
    "浙江省": ["杭州", "宁波", "温州", "嘉兴", "绍兴", "金华"],
    "安徽省": ["合肥", "芜湖", "蚌埠", "马鞍山", "安庆"],
    "福建省": ["福州", "厦门", "泉州", "漳州", "莆田"],
    "江西省": ["南昌", "赣州", "九江", "上饶", "宜春"],
    "山东省": ["济南", "青岛", "烟台", "潍坊", "淄博", "威海"],
    "河南省": ["郑州", "洛阳", "新乡", "许昌", "南阳"],
    "湖北省": ["武汉", "襄阳", "宜昌", "荆州", "黄石"],
    "湖南省": ["长沙", "株洲", "湘潭", "岳阳", "衡阳"],
    "广东省": ["广州", "深圳", "佛山", "东莞", "珠海", "惠州", "中山"],
    "广西壮族自治区": ["南宁", "柳州", "桂林", "钦州", "凭祥", "东兴"],
    "海南省": ["海口", "三亚", "儋州", "琼海"],
    "重庆市": ["两江", "渝北", "江津", "永川"],
    "四川省": ["成都", "绵阳", "德阳", "宜宾", "泸州"],
    "贵州省": ["贵阳", "遵义", "六盘水", "安顺"],
    "云南省": ["昆明", "曲靖", "玉溪", "瑞丽", "河口", "红河"],
    "西藏自治区": ["拉萨", "日喀则", "林芝"],
    "陕西省": ["西安", "宝鸡", "咸阳", "榆林", "渭南"],
    "甘肃省": ["兰州", "天水", "酒泉", "金昌"],
    "青海省": ["西宁", "海东", "格尔木"],
    "宁夏回族自治区": ["银川", "石嘴山", "吴忠"],
    "新疆维吾尔自治区": ["乌鲁木齐", "喀什", "霍尔果斯", "伊宁", "石河子", "库尔勒"],
}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
BORDER_PROVINCES = {
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "广西壮族自治区",
    "云南省",
    "西藏自治区",
    "新疆维吾尔自治区",
}
QUALIFIERS = [
    "",
    "",
    "",
    "临港",
    "江北",
    "滨湖",
    "东部",
    "西部新城",
    "南岸",
    "北部",
    "空港",
    "高铁新城",
]
SUFFIXES = {
    Zone.Type.ECONOMIC: ["经济技术开发区"],
    Zone.Type.HIGH_TECH: ["高新技术产业开发区"],
    Zone.Type.BONDED: ["综合保税区", "保税港区", "保税物流园区"],
    Zone.Type.BORDER: ["边境经济合作区", "跨境经济合作区"],
    Zone.Type.OTHER: ["工业园区", "产业园", "经济开发区", "现代产业园"],
}
INTRO = (
    "<p>{name}位于{province}{city}，{year}年经批准设立，规划面积约{area}平方公里，"
    "是当地对外开放和产业发展的重要平台。</p>"
    "<p>园区重点发展{industries}等产业，配套建设了标准厂房、人才公寓、检验检测和创新孵化平台，"
    "为入驻企业提供项目审批、投融资对接和人才招引等一站式服务。</p>"
)

BRANCHES = [
    ("中国开发区协会经济技术开发区分会", Association.Kind.BRANCH),
    ("中国开发区协会高新技术园区分会", Association.Kind.BRANCH),
    ("中国开发区协会海关特殊监管区域分会", Association.Kind.BRANCH),
    ("中国开发区协会边境经济合作区分会", Association.Kind.BRANCH),
    ("园区规划与建设专业委员会", Association.Kind.COMMITTEE),
    ("招商引资与产业促进专业委员会", Association.Kind.COMMITTEE),
    ("智慧园区专业委员会", Association.Kind.COMMITTEE),
    ("绿色低碳园区专业委员会", Association.Kind.COMMITTEE),
    ("开发区人才发展专业委员会", Association.Kind.COMMITTEE),
    ("开发区发展研究院（示例）", Association.Kind.PARTNER),
    ("园区投资服务中心（示例）", Association.Kind.PARTNER),
    ("产业园区标准化研究中心（示例）", Association.Kind.PARTNER),
]

FOOTER = {
    "政府部门": [
        ("中国政府网", "https://www.gov.cn/"),
        ("国家发展和改革委员会", "https://www.ndrc.gov.cn/"),
        ("商务部", "https://www.mofcom.gov.cn/"),
        ("科学技术部", "https://www.most.gov.cn/"),
        ("工业和信息化部", "https://www.miit.gov.cn/"),
        ("海关总署", "http://www.customs.gov.cn/"),
    ],
    "行业协会": [
        ("中国国际贸易促进委员会", "https://www.ccpit.org/"),
        ("江苏省开发区协会（示例）", "https://example.org/js-zones/"),
        ("广东省开发区协会（示例）", "https://example.org/gd-zones/"),
        ("四川省开发区协会（示例）", "https://example.org/sc-zones/"),
        ("全国园区服务联盟（示例）", "https://example.org/parks/"),
    ],
    "新闻媒体": [
        ("新华网", "http://www.xinhuanet.com/"),
        ("人民网", "http://www.people.com.cn/"),
        ("中国经济网", "http://www.ce.cn/"),
        ("中国日报网", "https://www.chinadaily.com.cn/"),
        ("央视网", "https://www.cctv.com/"),
    ],
    "友情链接": [
        ("国家统计局", "https://www.stats.gov.cn/"),
        ("中国投资指南（示例）", "https://example.org/invest/"),
        ("园区招商网（示例）", "https://example.org/zhaoshang/"),
        ("开发区发展研究院（示例）", "https://example.org/research/"),
    ],
}


# Telephone area code of each provincial capital, for plausible demo numbers.
AREA_CODES = {
    "11": "010", "12": "022", "13": "0311", "14": "0351", "15": "0471", "21": "024",
    "22": "0431", "23": "0451", "31": "021", "32": "025", "33": "0571", "34": "0551",
    "35": "0591", "36": "0791", "37": "0531", "41": "0371", "42": "027", "43": "0731",
    "44": "020", "45": "0771", "46": "0898", "50": "023", "51": "028", "52": "0851",
    "53": "0871", "54": "0891", "61": "029", "62": "0931", "63": "0971", "64": "0951",
    "65": "0991",
}  # fmt: skip


def _association_name(province: str) -> str:
    return f"{province}开发区协会"


def _load_associations() -> int:
    existing = set(Association.objects.values_list("name", "province"))
    rows = []
    for index, (code, province, _region) in enumerate(PROVINCES):
        name = _association_name(province)
        if (name, province) in existing:
            continue
        rows.append(
            Association(
                name=name,
                kind=Association.Kind.PROVINCIAL,
                province=province,
                contact="秘书处",
                phone=f"{AREA_CODES[code]}-8{index:03d} 6600",
                email=f"office{code}@example.org",
                address=f"{province}{CITIES[province][0]}示例大道 {index + 1} 号",
                website=f"https://example.org/associations/{code}/",
                is_member=index % 3 != 2,
                order=10,
                introduction=(
                    f"<p>{name}是{province}开发区及相关单位自愿结成的地方性行业组织，"
                    "在省级主管部门指导下开展政策研究、培训交流和招商推介等工作。</p>"
                ),
            )
        )
    for index, (name, kind) in enumerate(BRANCHES):
        if (name, "") in existing:
            continue
        rows.append(
            Association(
                name=name,
                kind=kind,
                contact="联络处",
                phone=f"010-6100 {index:04d}",
                email=f"branch{index}@example.org",
                address="北京市西城区示例路 88 号",
                is_member=kind != Association.Kind.PARTNER,
                order=20 if kind != Association.Kind.PARTNER else 30,
                introduction=f"<p>{name}围绕本领域的共性问题组织调研、交流和培训，服务相关会员单位。</p>",
            )
        )
    for row in rows:
        row.derive_fields()
    Association.objects.bulk_create(rows)
    # bulk_create skips save(): index the new rows for site search.
    reindex(Association.objects.filter(pk__in=[row.pk for row in rows]))
    return len(rows)


def _load_zones(rng: random.Random) -> int:
    industries = {}
    for order, name in enumerate(INDUSTRIES):
        industries[name], _ = Industry.objects.get_or_create(
            name=name, defaults={"order": order * 10}
        )
    existing = set(Zone.objects.values_list("name", "province"))
    planned: list[tuple[Zone, list[Industry]]] = []
    seen: set[tuple[str, str]] = set()
    for _code, province, _region in PROVINCES:
        count = 10 + len(CITIES[province])
        types = [Zone.Type.ECONOMIC, Zone.Type.HIGH_TECH, Zone.Type.BONDED, Zone.Type.OTHER]
        if province in BORDER_PROVINCES:
            types.append(Zone.Type.BORDER)
        attempts = 0
        made = 0
        while made < count and attempts < count * 10:
            attempts += 1
            city = rng.choice(CITIES[province])
            zone_type = rng.choice(types)
            name = f"{city}{rng.choice(QUALIFIERS)}{rng.choice(SUFFIXES[zone_type])}"
            if (name, province) in seen:
                continue
            seen.add((name, province))
            made += 1
            picked = rng.sample(INDUSTRIES, rng.randint(2, 4))
            level = Zone.Level.NATIONAL if rng.random() < 0.4 else Zone.Level.PROVINCIAL
            year = rng.randint(1984, 2022)
            area = Decimal(rng.randint(300, 30000)) / 100
            zone = Zone(
                name=name,
                province=province,
                city=f"{city}区" if province in MUNICIPALITIES else f"{city}市",
                level=level,
                zone_type=zone_type,
                year_approved=year,
                planned_area=area,
                address=f"{province}{city}{rng.choice(['创新', '开发', '发展', '振兴', '科技'])}大道{rng.randint(1, 999)}号",
                website=f"https://example.org/zones/{len(seen)}/",
                introduction=INTRO.format(
                    name=name,
                    province=province,
                    city=city,
                    year=year,
                    area=area,
                    industries="、".join(picked),
                ),
            )
            if (name, province) not in existing:
                planned.append((zone, [industries[n] for n in picked]))
    for zone, _ in planned:
        zone.derive_fields()
    Zone.objects.bulk_create([zone for zone, _ in planned])
    through = Zone.industries.through
    through.objects.bulk_create(
        [through(zone_id=zone.pk, industry_id=i.pk) for zone, picked in planned for i in picked]
    )
    # bulk_create skips save(): index the new zones, industries included.
    new_zones = Zone.objects.filter(pk__in=[zone.pk for zone, _ in planned])
    reindex(new_zones.prefetch_related("industries"))
    return len(planned)


def _load_footer() -> int:
    created = 0
    for order, (group_name, links) in enumerate(FOOTER.items()):
        group, _ = LinkGroup.objects.get_or_create(
            name=group_name, defaults={"order": (order + 1) * 10}
        )
        have = set(group.links.values_list("name", flat=True))
        new = [
            Link(group=group, name=name, url=url, order=(i + 1) * 10)
            for i, (name, url) in enumerate(links)
            if name not in have
        ]
        Link.objects.bulk_create(new)
        created += len(new)
    return created


def load(stdout) -> None:
    rng = random.Random(20240601)
    associations = _load_associations()
    zones = _load_zones(rng)
    links = _load_footer()
    stdout.write(
        f"名录与友情链接：新建 {associations} 个协会、{zones} 个开发区、{links} 个页脚链接。"
    )
