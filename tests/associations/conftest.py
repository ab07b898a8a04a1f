import itertools

import pytest

_counter = itertools.count(1)


@pytest.fixture
def make_industry(db):
    from associations.models import Industry

    def make(**overrides):
        data = {"name": f"测试产业{next(_counter)}"}
        data.update(overrides)
        return Industry.objects.create(**data)

    return make


@pytest.fixture
def make_zone(db):
    from associations.models import Zone

    def make(*, industries=(), **overrides):
        data = {
            "name": f"测试经济技术开发区{next(_counter)}",
            "province": "江苏省",
            "city": "南京市",
            "level": Zone.Level.NATIONAL,
            "zone_type": Zone.Type.ECONOMIC,
            "year_approved": 1992,
            "planned_area": "12.50",
            "website": "https://example.org/zone/",
            "address": "江苏省南京市示例大道 1 号",
            "introduction": "<p>园区简介。</p>",
        }
        data.update(overrides)
        zone = Zone.objects.create(**data)
        if industries:
            zone.industries.set(industries)
        return zone

    return make


@pytest.fixture
def make_association(db):
    from associations.models import Association

    def make(**overrides):
        data = {
            "name": f"测试开发区协会{next(_counter)}",
            "kind": Association.Kind.PROVINCIAL,
            "province": "浙江省",
            "contact": "秘书处",
            "phone": "0571-0000 0000",
            "website": "https://example.org/assoc/",
        }
        data.update(overrides)
        return Association.objects.create(**data)

    return make


@pytest.fixture
def make_link(db):
    from associations.models import Link, LinkGroup

    def make(*, group=None, **overrides):
        if group is None:
            group, _ = LinkGroup.objects.get_or_create(name="政府部门", defaults={"order": 10})
        data = {"group": group, "name": f"测试链接{next(_counter)}", "url": "https://example.org/"}
        data.update(overrides)
        return Link.objects.create(**data)

    return make
