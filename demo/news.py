"""The section tree, 60+ articles about fictional but plausible zones and events, two
magazine issues, and the links from zone news to the directory's zones.

Texts: demo/sections.json, demo/articles.json (title lists and the sentence parts the
bodies are composed of), demo/magazine.json. Runs after demo.directory, whose zones the
articles link to. Creates nothing when articles already exist.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from demo.data import html, read
from demo.pictures import cover, document_pdf
from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section

ZONE_LINK_SECTIONS = ("national", "local", "cases")


def _body(rnd: random.Random, zone: str, prov: str, topic: str, detail: str) -> str:
    words = read("articles")
    ctx = {
        "zone": zone,
        "prov": prov,
        "topic": topic,
        "detail": detail,
        "month": f"{rnd.randint(1, 12)}月",
    }
    paragraphs = [rnd.choice(words["leads"]).format(**ctx)]
    middles = rnd.sample(words["middles"], 3)
    paragraphs += [m.format(**ctx) for m in middles[:2]]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if rnd.random() < 0.3:
        figures = {}
        for name, low, high in (
            ("output", 80, 900),
            ("output_growth", 3, 15),
            ("output_growth_tenths", 0, 9),
            ("projects", 12, 90),
            ("projects_growth", 2, 30),
        ):
            figures[name] = rnd.randint(low, high)
        body += words["figures"].format(**figures)
    body += (
        f"<h2>{words['next_steps']}</h2><p>{middles[2].format(**ctx)}</p>"
        f"<p>{rnd.choice(words['closings'])}</p>"
    )
    return body


def _articles():
    """(section slug, title, source, zone, prov, topic, detail, index) for every article."""
    words = read("articles")
    rnd = random.Random(2024)
    year = timezone.now().year
    rows = []
    for spec in words["sections"]:
        zones = [place for group in spec["zones"] for place in words["zones"][group]]
        for i, template in enumerate(spec["titles"]):
            zone, prov = rnd.choice(zones)
            topic, detail = rnd.choice(words["topics"])
            title = template.format(y=year, zone=zone, prov=prov, topic=topic, n=rnd.randint(3, 40))
            for wrong, right in words["title_fixes"]:
                title = title.replace(wrong, right)
            source = spec["source"] or zone
            rows.append((spec["section"], title, source, zone, prov, topic, detail, i))
    return rows


def _load_sections() -> tuple[dict[str, Section], int]:
    """The demo's own sections, beside the standard tree `init_site` made."""
    by_slug = {section.slug: section for section in Section.objects.all()}
    created = 0
    for row in read("sections"):
        section, was_created = Section.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "parent": by_slug.get(row["parent"]),
                "order": row["order"],
                "kind": row["kind"],
                "show_in_nav": row["show_in_nav"],
                "description": row["description"],
                "external_url": row["external_url"],
                "body": html(row["body"]) if "body" in row else "",
            },
        )
        by_slug[row["slug"]] = section
        created += was_created
    return by_slug, created


def _load_articles(by_slug: dict[str, Section], now) -> list[Article]:
    words = read("articles")
    rnd = random.Random(7)
    articles = []
    for n, (slug, title, source, zone, prov, topic, detail, i) in enumerate(_articles()):
        body = _body(rnd, zone, prov, topic, detail)
        article = Article(
            title=title,
            section=by_slug[slug],
            source=source,
            author=rnd.choice(words["authors"]),
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
            article.cover = cover(n)
        article.save()
        articles.append(article)
        if slug in {"notices", "policy"} and i % 3 == 0:
            content = document_pdf(i, n)
            name = words["attachment_title"].format(title=title[:30])
            att = ArticleAttachment(article=article, title=name)
            att.file.save(f"demo-{n}.pdf", content, save=False)
            att.size = att.file.size
            att.save()
    # One scheduled article and one draft, to show the workflow in the admin.
    scheduled = words["scheduled"]
    Article.objects.create(
        title=scheduled["title"],
        section=by_slug[scheduled["section"]],
        source=scheduled["source"],
        body=scheduled["body"],
        status=Article.Status.PUBLISHED,
        publish_at=now + timedelta(days=scheduled["days_ahead"]),
    )
    draft = words["draft"]
    Article.objects.create(
        title=draft["title"], section=by_slug[draft["section"]], body=draft["body"]
    )
    return articles


def _load_magazine(by_slug: dict[str, Section], articles: list[Article], now) -> None:
    """Two issues, each listing three cases and three national news (and a foreword)."""
    words = read("magazine")
    cases = [a for a in articles if a.section_id == by_slug["cases"].pk]
    national = [a for a in articles if a.section_id == by_slug["national"].pk]
    year = now.year
    for number, title in enumerate(words["issues"], start=1):
        part = slice((number - 1) * 3, number * 3)
        issue = MagazineIssue(
            year=year,
            number=number,
            title=title,
            summary=words["summary"].format(title=title),
            published_on=date(year, min(12, number * 3), 15),
        )
        issue.cover = cover(100 + number, size=(600, 800))
        issue.pdf.save(f"magazine-{year}-{number}.pdf", document_pdf(4, 100 + number), save=False)
        issue.save()
        for order, article in enumerate(cases[part] + national[part]):
            MagazineEntry.objects.create(
                issue=issue,
                article=article,
                column=words["columns"][order],
                page=4 + order * 6,
                order=order + 1,
            )
        foreword = words["foreword"]
        MagazineEntry.objects.create(
            issue=issue, title=foreword["title"], column=foreword["column"], page=1, order=0
        )


def load(stdout) -> None:
    by_slug, created_sections = _load_sections()
    if Article.objects.exists():
        linked = _link_zones()
        stdout.write(
            f"资讯：新建 {created_sections} 个栏目，文章已存在，未重复创建；"
            f"关联开发区 {linked} 处。"
        )
        return
    now = timezone.now()
    articles = _load_articles(by_slug, now)
    _load_magazine(by_slug, articles, now)
    linked = _link_zones()
    stdout.write(
        f"资讯：新建 {created_sections} 个栏目、{Article.objects.count()} 篇文章、2 期会刊，"
        f"关联开发区 {linked} 处。"
    )


def _link_zones() -> int:
    """Link the zone news to directory zones of the same city.

    The directory's demo zones are loaded first (demo.directory runs before this). Runs
    once: when any article already has a zone, or there are no zones, nothing happens.
    """
    through = Article.zones.through
    zone_model = Article._meta.get_field("zones").related_model
    if through.objects.exists():
        return 0
    zones = list(
        zone_model.objects.published().order_by("pk").values_list("pk", "name", "province", "city")
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
