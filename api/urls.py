"""/api/v1/: every endpoint of `api.root.api`, each wrapped by `api.http.endpoint` with
the query parameters its schema declares (the page cache keys on them and nginx's list
of parameters includes them; tests/portal/test_deploy_config.py checks both)."""

from django.urls import path, re_path

from api import views
from api.http import endpoint
from api.root import api

PREFIX = "/api/v1/"


def _declared_params() -> dict[str, tuple[str, ...]]:
    """{operationId (= URL name): its query parameters}, read off the OpenAPI schema."""
    declared = {}
    for operations in api.get_openapi_schema(path_prefix=PREFIX)["paths"].values():
        for operation in operations.values():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            declared[operation["operationId"]] = tuple(names)
    return declared


def _patterns():
    declared = {**_declared_params(), "openapi-json": ()}
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            yield path("", endpoint(views.index, ()), name="api-root")
        elif pattern.name in declared:
            view = endpoint(pattern.callback, declared[pattern.name])
            yield path(str(pattern.pattern), view, name=pattern.name)
        else:  # the documentation page, HTML for people
            yield pattern
    yield path("example/", views.example, name="example")
    yield re_path(r"^.+$", endpoint(views.unknown, ()), name="unknown")


app_name = "api"
urlpatterns = list(_patterns())
