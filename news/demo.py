"""Demo content of the news app: the section tree, 60+ articles, two magazine issues.

Every text was written for this demo about fictional but plausible zones and events.
Covers are drawn with Pillow (gradient and shapes); the attached PDFs are made with
Pillow's PDF writer. Running it again creates nothing new.
"""

import io
import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section

SECTIONS = [
    # slug, name, parent slug, order, kind, show_in_nav, description, url
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
    ("cases", "园区案例", None, 20, "list", True, "开发区改革创新与产业发展的典型案例。", ""),
    ("magazine", "中国开发区", None, 30, "link", True, "协会会刊《中国开发区》。", "/magazine/"),
    ("guide", "办事指南", None, 40, "page", False, "会员服务常见问题。", ""),
]

GUIDE_BODY = """
<h2>会员证书补办</h2>
<p>会员证书遗失或损毁的，请以单位名义向秘书处会员服务部提出书面申请，注明会员编号和联系人，秘书处核实后十个工作日内补发。</p>
<h2>会员信息变更</h2>
<p>单位名称、负责人或联系人发生变化的，请在变更后一个月内登录网站“投稿”栏目上传变更说明，或直接与会员服务部联系。</p>
<h2>会费缴纳</h2>
<p>会费按年度缴纳，标准依会员代表大会审议通过的办法执行。缴费后秘书处将开具正式票据。</p>
"""

ZONES = [
    ("苏州工业园区", "江苏"),
    ("天津经济技术开发区", "天津"),
    ("广州开发区", "广东"),
    ("合肥高新技术产业开发区", "安徽"),
    ("成都经济技术开发区", "四川"),
    ("青岛西海岸新区", "山东"),
    ("武汉东湖新技术开发区", "湖北"),
    ("西安高新技术产业开发区", "陕西"),
    ("长沙经济技术开发区", "湖南"),
    ("昆明经济技术开发区", "云南"),
    ("宁波保税区", "浙江"),
    ("南宁高新技术产业开发区", "广西"),
]
LOCAL_ZONES = [
    ("桐乡经济开发区", "浙江"),
    ("宿迁经济技术开发区", "江苏"),
    ("芜湖三山经济开发区", "安徽"),
    ("平度经济开发区", "山东"),
    ("眉山甘眉工业园区", "四川"),
    ("赣州章贡经济开发区", "江西"),
    ("衡阳松木经济开发区", "湖南"),
    ("玉溪高新区", "云南"),
]
TOPICS = [
    ("新能源汽车零部件", "电池材料、电驱系统和汽车电子"),
    ("集成电路", "芯片设计、封装测试与关键材料"),
    ("生物医药", "创新药、医疗器械和合同研发服务"),
    ("智能制造", "工业机器人、数控装备和工业软件"),
    ("现代物流", "多式联运、冷链仓储和跨境电商"),
    ("绿色低碳", "光伏组件、储能系统和节能改造"),
]

ASSOCIATION_TITLES = [
    "协会召开{y}年度理事会工作会议",
    "协会秘书处赴{zone}开展调研座谈",
    "开发区高质量发展论坛在{prov}举行",
    "协会举办第{n}期开发区招商引资专题培训班",
    "协会与{prov}省商务厅签署战略合作协议",
    "协会专家组为{zone}产业规划提供咨询",
    "{y}年开发区数字化转型研讨会顺利召开",
    "协会发布《开发区营商环境观察报告（{y}）》",
    "协会会员服务部走访{prov}会员单位",
    "协会分会工作交流会在{zone}召开",
    "协会组织会员单位赴{prov}考察学习",
    "协会举办开发区统计工作视频培训",
]
NATIONAL_TITLES = [
    "{zone}{topic}产业集群加快成势",
    "{zone}前三季度实际使用外资稳步增长",
    "{zone}推出优化营商环境“二十条”新举措",
    "{zone}一批{topic}重大项目集中开工",
    "{zone}获批建设国家级{topic}创新平台",
    "{zone}“标准地”改革让项目拿地即开工",
    "{zone}打造{topic}全产业链生态",
    "{zone}深化“放管服”改革实现企业开办一日办结",
    "{zone}举行{topic}产业招商推介会",
    "{zone}首个零碳示范园区通过验收",
    "{zone}人才新政吸引{n}名博士落户",
    "{zone}规上工业总产值再创新高",
]
LOCAL_TITLES = [
    "{zone}全力推进重点项目建设",
    "{zone}召开{topic}产业链企业座谈会",
    "{zone}“亩均论英雄”改革成效明显",
    "{zone}标准厂房建设助力中小企业入园",
    "{zone}开展安全生产大检查",
    "{zone}举办“政企面对面”活动",
    "{zone}{topic}项目签约落户",
    "{zone}园区污水处理提标改造完工",
    "{zone}推动老旧厂房“腾笼换鸟”",
    "{zone}助企纾困专班解决企业难题{n}件",
    "{zone}创建省级特色产业园区",
    "{zone}数字化招商平台正式上线",
]
POLICY_TITLES = [
    "关于促进开发区{topic}产业高质量发展的指导意见（解读）",
    "开发区土地节约集约利用评价办法要点",
    "一图读懂：开发区管理机构职能优化改革",
    "关于进一步做好开发区统计监测工作的通知（解读）",
    "外商投资准入特别管理措施调整要点梳理",
    "开发区安全生产责任体系建设指引",
    "专家解读：开发区“去行政化”改革的方向",
    "综合保税区高质量发展政策要点",
    "关于支持开发区建设绿色低碳园区的若干措施（解读）",
    "开发区公共数据开放与共享管理办法要点",
    "高新区创新能力评价指标体系说明",
    "开发区扩区调区审核工作规范要点",
]
NOTICE_TITLES = [
    "关于召开{y}年会员代表大会的通知",
    "关于开展{y}年度开发区综合发展水平评价的通知",
    "关于举办第{n}期开发区管理干部研修班的通知",
    "关于征集开发区改革创新典型案例的通知",
    "关于报送{y}年度会员信息的通知",
    "关于《中国开发区》征订工作的通知",
    "关于协会秘书处办公地址变更的公告",
    "关于{y}年度优秀会员单位名单的公示",
    "关于举办开发区招商人员能力提升培训的通知",
    "关于春节期间秘书处工作安排的通知",
    "关于征集“开发区高质量发展”论坛议题的通知",
    "关于开展会员单位走访调研的通知",
]
CASE_TITLES = [
    "{zone}：以“链长制”稳链强链",
    "{zone}：园区运营市场化改革的探索",
    "{zone}：从“招商”到“营商”的转变",
    "{zone}：产城融合打造宜居宜业新城",
    "{zone}：数字孪生园区建设实践",
    "{zone}：科创飞地助推跨区域协作",
]

LEADS = [
    "近日，{zone}围绕{topic}产业发展召开专题会议，研究部署下一阶段重点工作。",
    "今年以来，{zone}坚持把项目建设作为头等大事，{topic}领域的一批项目陆续落地。",
    "{month}，{prov}{zone}传来消息：园区{topic}产业的发展又迈出了新的一步。",
    "记者从{zone}管委会获悉，园区正在加快构建以{topic}为特色的现代产业体系。",
]
MIDDLES = [
    "园区相关负责人介绍，围绕{detail}，园区梳理出重点企业清单，实行“一企一策”精准服务，帮助企业解决用地、用工、融资等方面的实际困难。",
    "在要素保障方面，园区统筹推进标准厂房、人才公寓和公共技术服务平台建设，新建的检验检测中心已向区内企业开放，企业送检周期明显缩短。",
    "为提升招商实效，园区组建了产业链招商小分队，坚持以商招商、以链招商，全年共接待考察客商一百余批次，签约项目的平均投资强度高于往年水平。",
    "在改革创新方面，园区推行“拿地即开工”“竣工即投产”等审批服务模式，企业办事“只进一扇门”，多数事项可以在网上办理。",
    "园区还注重绿色发展，对重点用能企业开展节能诊断，推广屋顶分布式光伏和余热回收利用，单位工业增加值能耗持续下降。",
    "与此同时，园区与多所高校和科研院所共建联合实验室和实训基地，推动科技成果就地转化，为{detail}提供人才和技术支撑。",
]
CLOSINGS = [
    "下一步，园区将继续聚焦主导产业，优化服务流程，推动更多项目早投产、早见效。",
    "园区负责人表示，将以更大力度推进改革创新，努力在全省开发区考核中争先进位。",
    "据了解，相关工作将在年内形成可复制、可推广的经验，并在更大范围内推广应用。",
]


def _cover(seed: int, size=(1200, 500)) -> ContentFile:
    """A calm abstract cover: a two-colour gradient with a few translucent shapes."""
    rnd = random.Random(seed)
    palettes = [
        ((11, 61, 145), (64, 140, 200)),
        ((20, 90, 90), (110, 180, 150)),
        ((120, 30, 40), (220, 120, 80)),
        ((40, 50, 100), (150, 110, 190)),
        ((30, 80, 50), (180, 200, 110)),
    ]
    top, bottom = palettes[seed % len(palettes)]
    w, h = size
    gradient = Image.linear_gradient("L").resize((w, h))
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(6):
        x, y, r = rnd.randint(0, w), rnd.randint(0, h), rnd.randint(h // 6, h // 2)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rnd.randint(18, 48)))
    # a skyline of simple blocks: the zone's factories and towers
    x = 0
    while x < w:
        bw, bh = rnd.randint(40, 110), rnd.randint(h // 8, h // 2)
        draw.rectangle((x, h - bh, x + bw, h), fill=(255, 255, 255, rnd.randint(40, 80)))
        x += bw + rnd.randint(4, 20)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return ContentFile(out.getvalue(), name="cover.jpg")


def _pdf(title_lines: int, seed: int) -> ContentFile:
    """A small real PDF (two pages drawn with Pillow)."""
    rnd = random.Random(seed)
    pages = []
    for _ in range(2):
        page = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle((40, 40, 555, 90), fill=(11, 61, 145))
        y = 120
        for _ in range(title_lines + 18):
            draw.rectangle((60, y, 60 + rnd.randint(250, 470), y + 8), fill=(200, 204, 210))
            y += 30
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=72)
    return ContentFile(out.getvalue(), name="document.pdf")


def _body(rnd: random.Random, zone: str, prov: str, topic: str, detail: str) -> str:
    ctx = {
        "zone": zone,
        "prov": prov,
        "topic": topic,
        "detail": detail,
        "month": f"{rnd.randint(1, 12)}月",
    }
    paragraphs = [rnd.choice(LEADS).format(**ctx)]
    middles = rnd.sample(MIDDLES, 3)
    paragraphs += [m.format(**ctx) for m in middles[:2]]
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    if rnd.random() < 0.3:
        html += (
            '<figure class="table"><table><thead><tr><th>指标</th><th>本期</th><th>同比</th>'
            f"</tr></thead><tbody><tr><td>规上工业增加值</td><td>{rnd.randint(80, 900)} 亿元</td>"
            f"<td>+{rnd.randint(3, 15)}.{rnd.randint(0, 9)}%</td></tr>"
            f"<tr><td>新签约项目</td><td>{rnd.randint(12, 90)} 个</td>"
            f"<td>+{rnd.randint(2, 30)}%</td></tr></tbody></table></figure>"
        )
    html += f"<h2>下一步工作</h2><p>{middles[2].format(**ctx)}</p><p>{rnd.choice(CLOSINGS)}</p>"
    return html


def _articles():
    """(section slug, title, source, zone, prov, topic, detail) for every demo article."""
    rnd = random.Random(2024)
    year = timezone.now().year
    rows = []

    def pick(zones):
        zone, prov = rnd.choice(zones)
        topic, detail = rnd.choice(TOPICS)
        return zone, prov, topic, detail

    specs = [
        ("association", ASSOCIATION_TITLES, ZONES, "中国开发区协会"),
        ("national", NATIONAL_TITLES, ZONES, None),
        ("local", LOCAL_TITLES, LOCAL_ZONES, None),
        ("policy", POLICY_TITLES, ZONES, "协会政策研究部"),
        ("notices", NOTICE_TITLES, ZONES, "协会秘书处"),
        ("cases", CASE_TITLES, ZONES + LOCAL_ZONES, "《中国开发区》编辑部"),
    ]
    for slug, titles, zones, source in specs:
        for i, template in enumerate(titles):
            zone, prov, topic, detail = pick(zones)
            title = (
                template.format(y=year, zone=zone, prov=prov, topic=topic, n=rnd.randint(3, 40))
                .replace("江苏省", "江苏")
                .replace("天津省", "天津市")
            )
            rows.append((slug, title, source or zone, zone, prov, topic, detail, i))
    return rows


def load(stdout) -> None:
    by_slug: dict[str, Section] = {}
    created_sections = 0
    for slug, name, parent, order, kind, nav, description, url in SECTIONS:
        section, was_created = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": by_slug.get(parent),
                "order": order,
                "kind": kind,
                "show_in_nav": nav,
                "description": description,
                "external_url": url,
                "body": GUIDE_BODY if kind == "page" else "",
            },
        )
        by_slug[slug] = section
        created_sections += was_created

    if Article.objects.exists():
        linked = _link_zones()
        stdout.write(
            f"资讯：新建 {created_sections} 个栏目，文章已存在，未重复创建；"
            f"关联开发区 {linked} 处。"
        )
        return

    rnd = random.Random(7)
    now = timezone.now()
    articles = []
    for n, (slug, title, source, zone, prov, topic, detail, i) in enumerate(_articles()):
        body = _body(rnd, zone, prov, topic, detail)
        article = Article(
            title=title,
            section=by_slug[slug],
            source=source,
            author=rnd.choice(["王晓明", "李静", "张伟", "陈思远", "刘洋", "周婷", ""]),
            summary=body.split("</p>")[0].removeprefix("<p>")[:120],
            body=body,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(days=i * 3 + n % 3, hours=rnd.randint(0, 9)),
            is_pinned=slug == "notices" and i == 0,
            is_headline=n == 12,
            is_slide=slug in {"national", "association", "cases"} and i < 2,
            view_count=rnd.randint(30, 2400),
        )
        if article.is_slide or rnd.random() < 0.2:
            article.cover = _cover(n)
        article.save()
        articles.append(article)
        if slug in {"notices", "policy"} and i % 3 == 0:
            content = _pdf(i, n)
            att = ArticleAttachment(article=article, title=f"{title[:30]}（附件）.pdf")
            att.file.save(f"demo-{n}.pdf", content, save=False)
            att.size = att.file.size
            att.save()
    # One scheduled article and one draft, to show the workflow in the admin.
    Article.objects.create(
        title="（定时发布示例）协会下周举办开发区数据治理沙龙",
        section=by_slug["association"],
        source="中国开发区协会",
        body="<p>本文设置了将来的发布时间，到点后自动出现在网站上。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=now + timedelta(days=3),
    )
    Article.objects.create(
        title="（草稿示例）开发区产业用地政策汇编",
        section=by_slug["policy"],
        body="<p>这是一篇草稿，只有编辑人员可以预览。</p>",
    )

    cases = [a for a in articles if a.section_id == by_slug["cases"].pk]
    national = [a for a in articles if a.section_id == by_slug["national"].pk]
    for number, (title, picks) in enumerate(
        [
            ("开发区与新质生产力", cases[:3] + national[:3]),
            ("园区改革再出发", cases[3:] + national[3:6]),
        ],
        start=1,
    ):
        year = now.year
        issue = MagazineIssue(
            year=year,
            number=number,
            title=title,
            summary=f"本期聚焦“{title}”，收录园区案例、专家访谈和政策解读。",
            published_on=date(year, min(12, number * 3), 15),
        )
        issue.cover = _cover(100 + number, size=(600, 800))
        issue.pdf.save(f"magazine-{year}-{number}.pdf", _pdf(4, 100 + number), save=False)
        issue.save()
        columns = ["特别策划", "园区观察", "园区观察", "案例研究", "政策解读", "政策解读"]
        for order, article in enumerate(picks):
            MagazineEntry.objects.create(
                issue=issue,
                article=article,
                column=columns[order],
                page=4 + order * 6,
                order=order + 1,
            )
        MagazineEntry.objects.create(
            issue=issue, title="卷首语：在变局中开新局", column="卷首语", page=1, order=0
        )
    linked = _link_zones()
    stdout.write(
        f"资讯：新建 {created_sections} 个栏目、{Article.objects.count()} 篇文章、2 期会刊，"
        f"关联开发区 {linked} 处。"
    )


ZONE_LINK_SECTIONS = ("national", "local", "cases")


def _link_zones() -> int:
    """Link the zone news to directory zones of the same city.

    The directory's demo zones are loaded first (associations comes before news). Runs
    once: when any article already has a zone, or there are no zones, nothing happens.
    """
    through = Article.zones.through
    zone_model = Article._meta.get_field("zones").related_model
    if through.objects.exists():
        return 0
    zones = list(
        zone_model.objects.visible().order_by("pk").values_list("pk", "name", "province", "city")
    )
    if not zones:
        return 0
    place = {title: (zone, prov) for slug, title, _s, zone, prov, *_ in _articles()}
    links = []
    articles = Article.objects.published().filter(section__slug__in=ZONE_LINK_SECTIONS)
    for article in articles.order_by("pk").only("pk", "title"):
        zone_name, prov = place.get(article.title, ("", ""))
        if not prov:
            continue
        # Same city only (a zone page must not show another city's news); among those
        # the zone whose name ends most like the one in the title (…经济技术开发区).
        candidates = [
            (_common_suffix(name, zone_name), -pk, pk)
            for pk, name, p, city in zones
            if p.startswith(prov) and city[:2] == zone_name[:2]
        ]
        if candidates:
            links.append(through(article_id=article.pk, zone_id=max(candidates)[2]))
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n
