"""The data steps of the search migrations give rows saved before search existed the
same vector that save() gives them now."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from associations.models import Association, Industry, Zone
from news.models import Article, MagazineEntry, MagazineIssue, Section

pytestmark = pytest.mark.django_db


class _Editor:
    connection = connection


@pytest.mark.parametrize(
    ("module", "models"),
    [
        ("news.migrations.0002_search", (Article, Section, MagazineIssue)),
        ("associations.migrations.0003_search", (Zone, Association)),
    ],
)
def test_data_step_fills_the_vectors_that_save_would_write(make_article, module, models):
    article = make_article(title="数字园区建设", subtitle="副题", source="温州日报")
    Section.objects.create(name="协会章程", slug="charter", kind="page", body="<p>章程</p>")
    issue = MagazineIssue.objects.create(year=2024, number=2, title="专辑", summary="导读")
    MagazineEntry.objects.create(issue=issue, column="特别策划", title="园区更新")
    MagazineEntry.objects.create(issue=issue, article=article)
    zone = Zone.objects.create(
        name="示例开发区", province="浙江省", city="温州市", level="national", zone_type="economic"
    )
    zone.industries.set([Industry.objects.create(name="智能装备")])
    Association.objects.create(name="示例协会", kind="branch", introduction="<p>简介</p>")
    expected = {}
    for model in models:
        for obj in model.objects.all():
            obj.refresh_search_vector()
        expected[model] = dict(model.objects.values_list("pk", "search_vector"))
        model.objects.update(search_vector=None)

    importlib.import_module(module).index_existing_rows(apps, _Editor())

    for model in models:
        assert dict(model.objects.values_list("pk", "search_vector")) == expected[model]
        assert all(expected[model].values()), model
