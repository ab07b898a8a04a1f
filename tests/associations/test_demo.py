import io

import pytest
from django.core.management import call_command

from associations.models import Association, Link, LinkGroup, Zone
from associations.regions import PROVINCES
from demo import directory as demo

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_fills_every_province_and_is_idempotent():
    call_command("init_site", stdout=io.StringIO())  # what demo.load runs first
    demo.load(io.StringIO())
    counts = (Zone.objects.count(), Association.objects.count(), Link.objects.count())
    provincial = Association.objects.filter(kind=Association.Kind.PROVINCIAL)
    assert set(provincial.values_list("province", flat=True)) == {p for _, p, _ in PROVINCES}
    assert Association.objects.exclude(kind=Association.Kind.PROVINCIAL).exists()
    assert counts[0] >= 300
    assert Zone.objects.values("province").distinct().count() == 31
    assert set(Zone.objects.values_list("level", flat=True)) == set(Zone.Level.values)
    assert set(Zone.objects.values_list("zone_type", flat=True)) == set(Zone.Type.values)
    assert not Zone.objects.filter(region="").exists()
    assert set(LinkGroup.objects.values_list("name", flat=True)) == {
        "政府部门",
        "行业协会",
        "新闻媒体",
        "友情链接",
    }
    demo.load(io.StringIO())
    assert (Zone.objects.count(), Association.objects.count(), Link.objects.count()) == counts
