"""The association and development-zone directories and the footer links.

Texts: demo/directory.json. Every zone name is composed from real city names and
invented qualifiers with a fixed random seed; the zones themselves, their figures and
texts are invented. Only missing rows are created.
"""

import random
from decimal import Decimal

from associations.models import Association, Industry, Link, LinkGroup, Zone
from associations.regions import PROVINCES
from demo.data import read
from search import reindex

DIRECTORY = read("directory")
INDUSTRIES: list[str] = DIRECTORY["industries"]
# A few prefecture-level cities of each province (real places; the zones are invented).
CITIES: dict[str, list[str]] = DIRECTORY["cities"]


def _load_associations() -> int:
    provincial = DIRECTORY["provincial_association"]
    branch = DIRECTORY["branch_association"]
    existing = set(Association.objects.values_list("name", "province"))
    rows = []
    for index, (code, province, _region) in enumerate(PROVINCES):
        name = provincial["name"].format(province=province)
        if (name, province) in existing:
            continue
        rows.append(
            Association(
                name=name,
                kind=Association.Kind.PROVINCIAL,
                province=province,
                contact=provincial["contact"],
                phone=provincial["phone"].format(
                    area_code=DIRECTORY["area_codes"][code], index=index
                ),
                email=provincial["email"].format(code=code),
                address=provincial["address"].format(
                    province=province, city=CITIES[province][0], number=index + 1
                ),
                website=provincial["website"].format(code=code),
                is_member=index % 3 != 2,
                order=10,
                introduction=provincial["introduction"].format(name=name, province=province),
            )
        )
    for index, row in enumerate(DIRECTORY["branches"]):
        name, kind = row["name"], row["kind"]
        if (name, "") in existing:
            continue
        rows.append(
            Association(
                name=name,
                kind=kind,
                contact=branch["contact"],
                phone=branch["phone"].format(index=index),
                email=branch["email"].format(index=index),
                address=branch["address"],
                is_member=kind != Association.Kind.PARTNER,
                order=20 if kind != Association.Kind.PARTNER else 30,
                introduction=branch["introduction"].format(name=name),
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
    suffixes = DIRECTORY["zone_suffixes"]
    existing = set(Zone.objects.values_list("name", "province"))
    planned: list[tuple[Zone, list[Industry]]] = []
    seen: set[tuple[str, str]] = set()
    for _code, province, _region in PROVINCES:
        count = 10 + len(CITIES[province])
        types = [Zone.Type.ECONOMIC, Zone.Type.HIGH_TECH, Zone.Type.BONDED, Zone.Type.OTHER]
        if province in DIRECTORY["border_provinces"]:
            types.append(Zone.Type.BORDER)
        attempts = 0
        made = 0
        while made < count and attempts < count * 10:
            attempts += 1
            city = rng.choice(CITIES[province])
            zone_type = rng.choice(types)
            name = f"{city}{rng.choice(DIRECTORY['qualifiers'])}{rng.choice(suffixes[zone_type])}"
            if (name, province) in seen:
                continue
            seen.add((name, province))
            made += 1
            picked = rng.sample(INDUSTRIES, rng.randint(2, 4))
            level = Zone.Level.NATIONAL if rng.random() < 0.4 else Zone.Level.PROVINCIAL
            year = rng.randint(1984, 2022)
            area = Decimal(rng.randint(300, 30000)) / 100
            street = rng.choice(DIRECTORY["zone_streets"])
            zone = Zone(
                name=name,
                province=province,
                city=f"{city}区" if province in DIRECTORY["municipalities"] else f"{city}市",
                level=level,
                zone_type=zone_type,
                year_approved=year,
                planned_area=area,
                address=DIRECTORY["zone_address"].format(
                    province=province, city=city, street=street, number=rng.randint(1, 999)
                ),
                website=DIRECTORY["zone_website"].format(number=len(seen)),
                introduction=DIRECTORY["zone_introduction"].format(
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
    """The example links, after the real ones `init_site` put in the same groups."""
    created = 0
    for group_name, links in DIRECTORY["footer"].items():
        group = LinkGroup.objects.get(name=group_name)
        have = set(group.links.values_list("name", flat=True))
        new = [
            Link(group=group, name=link["name"], url=link["url"], order=(len(have) + i + 1) * 10)
            for i, link in enumerate(links)
            if link["name"] not in have
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
