"""The API's own small pages: its index, the answer to an unknown address, and the
example client a partner site can copy."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from api.http import absolute, error


def index(request):
    """Where everything is: the schema, the documentation and the collections."""
    names = ("sections", "articles", "notices", "magazine", "events", "zones", "associations")
    links = {name: absolute(request, f"/api/v1/{name}") for name in names}
    links["site"] = absolute(request, "/api/v1/site")
    links["openapi"] = absolute(request, reverse("api:openapi-json"))
    links["docs"] = absolute(request, reverse("api:openapi-view"))
    return JsonResponse(links, json_dumps_params={"ensure_ascii": False})


def unknown(request, *args, **kwargs):
    return error(404, "没有这个接口。可用的接口见 /api/v1/docs。")


def example(request):
    """The latest notices, fetched by the page's own script from the API, as a partner's
    site would embed them (static/api/example.js)."""
    return render(request, "api/example.html")
