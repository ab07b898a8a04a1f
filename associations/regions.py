"""The 31 provincial-level regions of mainland China and their economic region.

One list, in the order of the national administrative division codes (GB/T 2260), used
for choices, for deriving a zone's region and for sorting by province.
"""

from django.db import models


class Region(models.TextChoices):
    EAST = "east", "东部"
    CENTRAL = "central", "中部"
    WEST = "west", "西部"
    NORTHEAST = "northeast", "东北"


# (code, full name, economic region) — the four-region split of the National Bureau of Statistics.
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("11", "北京市", Region.EAST),
    ("12", "天津市", Region.EAST),
    ("13", "河北省", Region.EAST),
    ("14", "山西省", Region.CENTRAL),
    ("15", "内蒙古自治区", Region.WEST),
    ("21", "辽宁省", Region.NORTHEAST),
    ("22", "吉林省", Region.NORTHEAST),
    ("23", "黑龙江省", Region.NORTHEAST),
    ("31", "上海市", Region.EAST),
    ("32", "江苏省", Region.EAST),
    ("33", "浙江省", Region.EAST),
    ("34", "安徽省", Region.CENTRAL),
    ("35", "福建省", Region.EAST),
    ("36", "江西省", Region.CENTRAL),
    ("37", "山东省", Region.EAST),
    ("41", "河南省", Region.CENTRAL),
    ("42", "湖北省", Region.CENTRAL),
    ("43", "湖南省", Region.CENTRAL),
    ("44", "广东省", Region.EAST),
    ("45", "广西壮族自治区", Region.WEST),
    ("46", "海南省", Region.EAST),
    ("50", "重庆市", Region.WEST),
    ("51", "四川省", Region.WEST),
    ("52", "贵州省", Region.WEST),
    ("53", "云南省", Region.WEST),
    ("54", "西藏自治区", Region.WEST),
    ("61", "陕西省", Region.WEST),
    ("62", "甘肃省", Region.WEST),
    ("63", "青海省", Region.WEST),
    ("64", "宁夏回族自治区", Region.WEST),
    ("65", "新疆维吾尔自治区", Region.WEST),
)

PROVINCE_CHOICES = [(name, name) for _, name, _ in PROVINCES]
PROVINCE_NAMES = frozenset(name for _, name, _ in PROVINCES)
PROVINCE_CODE = {name: code for code, name, _ in PROVINCES}
PROVINCE_REGION = {name: region for _, name, region in PROVINCES}

# Short forms people type in spreadsheets ("江苏", "广西", "新疆") map to the full name.
_SHORT = {}
for _code, _name, _region in PROVINCES:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if _name.endswith(suffix):
            _SHORT[_name.removesuffix(suffix)] = _name
            break


def normalize_province(value: str) -> str | None:
    """The full name of a province written in full or short form, or None."""
    value = (value or "").strip()
    if value in PROVINCE_NAMES:
        return value
    return _SHORT.get(value)
