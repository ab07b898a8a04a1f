import pytest

from associations.models import Association

pytestmark = pytest.mark.django_db

LIST = "/associations/"


def names(response) -> set[str]:
    return {a.name for a in response.context["associations"]}


@pytest.fixture
def entries(make_association):
    return {
        "js": make_association(name="江苏省开发区协会", province="江苏省", is_member=True),
        "sc": make_association(name="四川省开发区协会", province="四川省"),
        "branch": make_association(
            name="高新技术园区分会", kind=Association.Kind.BRANCH, province="", is_member=True
        ),
        "committee": make_association(
            name="智慧园区专业委员会", kind=Association.Kind.COMMITTEE, province=""
        ),
        "hidden": make_association(name="已撤下协会", province="河南省", is_published=False),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"江苏省开发区协会", "四川省开发区协会", "高新技术园区分会", "智慧园区专业委员会"}),
        ({"kind": "provincial"}, {"江苏省开发区协会", "四川省开发区协会"}),
        ({"kind": "branch"}, {"高新技术园区分会"}),
        ({"region": "west"}, {"四川省开发区协会"}),
        ({"province": "江苏省"}, {"江苏省开发区协会"}),
        ({"member": "1"}, {"江苏省开发区协会", "高新技术园区分会"}),
        ({"member": "0", "kind": "committee"}, {"智慧园区专业委员会"}),
        ({"q": "四川"}, {"四川省开发区协会"}),
        ({"kind": "partner"}, set()),
    ],
)
def test_filters_narrow_and_combine(client, entries, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["total"] == len(expected)


def test_kind_counts_match(client, entries):
    response = client.get(LIST)
    counts = {
        o.value: o.count
        for f in response.context["facets"]
        if f.facet.param == "kind"
        for o in f.options
    }
    assert counts == {"provincial": 2, "branch": 1, "committee": 1}


def test_unknown_values_are_ignored_with_a_message(client, entries):
    response = client.get(LIST, {"kind": "club", "member": "maybe"})
    assert response.status_code == 200
    assert len(names(response)) == 4
    assert "无法识别，已忽略" in response.content.decode()


def test_detail_page_shows_contact_and_safe_website_link(client, entries):
    response = client.get(entries["js"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert entries["js"].get_absolute_url() == f"/associations/{entries['js'].pk}/"
    for text in ("江苏省开发区协会", "省级开发区协会", "秘书处", "0571-0000 0000", "会员单位"):
        assert text in html
    assert 'href="https://example.org/assoc/" rel="noopener noreferrer" target="_blank"' in html
    assert "/zones/?province=%E6%B1%9F%E8%8B%8F%E7%9C%81" in html


def test_hidden_association_is_404(client, entries):
    assert client.get(entries["hidden"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("n", [10, 200])
def test_list_query_count_is_fixed(client, make_association, django_assert_max_num_queries, n):
    provinces = ["江苏省", "四川省", "广东省"]
    for i in range(n):
        make_association(name=f"规模协会{n}-{i}", province=provinces[i % 3])
    client.get("/")
    with django_assert_max_num_queries(5):  # four facet counts and the page
        assert client.get(LIST, {"region": "east"}).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(LIST, {"region": "east"}).status_code == 200


@pytest.mark.parametrize("n", [10, 200])
def test_detail_query_count_is_fixed(client, make_association, django_assert_max_num_queries, n):
    for i in range(n):
        make_association(name=f"详情规模协会{n}-{i}")
    association = make_association(name="被查看的协会")
    client.get("/")
    with django_assert_max_num_queries(1):
        assert client.get(association.get_absolute_url()).status_code == 200
