"""How long django-import-export takes to import 2,500 development zones.

Builds a spreadsheet of 2,500 invented zones (CSV and XLSX), then times, against the
database in DATABASE_URL: the admin's preview (dry run), the real import, and the
re-import of the same file (every row matched on 名称 + 省份 and skipped as unchanged).
Everything runs inside one transaction that is rolled back: the database is unchanged.

    DATABASE_URL=postgres://… DEBUG=true python scripts/bench_zone_import.py [rows]
"""

import csv
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import transaction  # noqa: E402

from associations.models import Zone  # noqa: E402
from associations.resources import ZoneResource  # noqa: E402
from associations.services import import_spreadsheet  # noqa: E402
from demo.directory import CITIES, INDUSTRIES  # noqa: E402
from editorial.spreadsheets import row_problems  # noqa: E402

HEADER = [
    "名称",
    "省份",
    "城市",
    "级别",
    "类型",
    "主导产业",
    "批准年份",
    "规划面积（平方公里）",
    "网站",
    "地址",
    "简介",
]
TYPES = ["经济技术开发区", "高新技术产业开发区", "海关特殊监管区域", "其他"]


def rows(n: int) -> list[list[str]]:
    rng = random.Random(7)
    provinces = list(CITIES)
    out = []
    for i in range(n):
        province = provinces[i % len(provinces)]
        city = rng.choice(CITIES[province])
        out.append(
            [
                f"{city}基准测试园区{i:04d}",
                province,
                f"{city}市",
                rng.choice(["国家级", "省级"]),
                rng.choice(TYPES),
                "、".join(rng.sample(INDUSTRIES, 3)),
                str(rng.randint(1984, 2023)),
                f"{rng.randint(100, 9000) / 10:.1f}",
                f"https://example.org/bench/{i}/",
                f"{province}{city}示例路 {i} 号",
                "园区简介第一段。\n园区简介第二段。",
            ]
        )
    return out


def as_csv(data) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(data)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(data) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label: str, **kwargs):
    start = time.perf_counter()
    result = import_spreadsheet(resource_class=ZoneResource, **kwargs)
    seconds = time.perf_counter() - start
    problems = row_problems(result)
    if problems:
        raise SystemExit(f"{label}: {problems[:3]}")
    totals = ", ".join(f"{k} {v}" for k, v in result.totals.items() if v)
    print(f"{label:<34} {seconds:7.2f} s   ({totals})")
    return seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
    data = rows(n)
    files = {"csv": as_csv(data), "xlsx": as_xlsx(data)}
    print(f"{n} zones; CSV {len(files['csv']) // 1024} KB, XLSX {len(files['xlsx']) // 1024} KB")
    for fmt, content in files.items():
        with transaction.atomic():
            before = Zone.objects.count()
            timed(f"{fmt}: preview (dry run)", content=content, file_format=fmt, dry_run=True)
            timed(f"{fmt}: import (new rows)", content=content, file_format=fmt)
            assert Zone.objects.count() == before + n
            timed(f"{fmt}: re-import (same file)", content=content, file_format=fmt)
            assert Zone.objects.count() == before + n
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
