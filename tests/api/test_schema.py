"""The OpenAPI schema is valid, and every endpoint answers as it says (successes and
errors alike)."""

import re

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def _check(spec, template, method, response):
    declared = spec["paths"][template][method]["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    validator = OAS31Validator({**schema, "components": spec["components"]})
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())
    ]
    assert errors == [], f"{template} {response.status_code}: {errors[:5]}"


def test_every_endpoint_answers_as_the_schema_says(client, spec, content):
    ids = {"article_id": content["articles"][0].pk, "issue_id": content["issue"].pk}
    checked = set()
    for template, operations in spec["paths"].items():
        for method in operations:
            url = template.format(**ids)
            for query in ({}, {"page": 2}):
                if "page" in query and "page" not in str(operations[method]["parameters"]):
                    continue
                response = client.get(url, query)
                assert response.status_code == 200, (url, response.content[:200])
                _check(spec, template, method, response)
            checked.add(template)
    assert len(checked) == 10


@pytest.mark.parametrize(
    ("template", "url", "status"),
    [
        ("/api/v1/articles", "/api/v1/articles?page=0", 400),
        ("/api/v1/articles", "/api/v1/articles?from=2026-13-01", 400),
        ("/api/v1/articles", "/api/v1/articles?section=nowhere", 404),
        ("/api/v1/articles", "/api/v1/articles?colour=red", 400),
        ("/api/v1/articles/{article_id}", "/api/v1/articles/999999", 404),
        ("/api/v1/magazine/{issue_id}", "/api/v1/magazine/999999", 404),
        ("/api/v1/zones", "/api/v1/zones?level=cosmic", 400),
        ("/api/v1/events", "/api/v1/events?when=tomorrow", 400),
    ],
)
def test_errors_answer_as_the_schema_says_in_chinese(client, spec, content, template, url, status):
    response = client.get(url)
    assert response.status_code == status
    _check(spec, template, "get", response)
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail


def test_the_documentation_page_uses_only_our_own_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
