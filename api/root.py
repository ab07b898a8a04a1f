"""The API object: its routers, its schema's description, and its errors as JSON with a
Chinese `detail`."""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from api import content, directory
from api.http import BadPage, error

log = logging.getLogger(__name__)

DESCRIPTION = """网站公开内容的只读接口，供微信小程序和合作网站使用。

- 只给出匿名读者在网站上能看到的内容；会员可见的文章只给出标题和摘要。
- 时间为 ISO 8601，东八区（+08:00）。
- 列表分页：`page` 参数，每页 20 条，`next` / `previous` 为完整地址。
- 不支持的参数返回 400；错误为 JSON：`{"detail": "中文说明"}`。
- 每个回答带 `ETag` 和 `Last-Modified`；带 `If-None-Match` 的请求在内容未变时得到 304。
- 每个客户端地址有请求频率限制，超过时返回 429 和 `Retry-After`（秒）。
"""


class ChineseJSON(JSONRenderer):
    # Chinese as UTF-8 rather than \uXXXX escapes: a third smaller, and readable in curl.
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # The view's name, which is also its URL name (api/urls.py pairs them).
        return operation.view_func.__name__


api = PortalAPI(
    title="中国开发区协会 内容接口",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=ChineseJSON(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", content.router)
api.add_router("", directory.router)


def _field(loc) -> str:
    names = [str(part) for part in loc if part not in ("query", "path")]
    return names[-1] if names else "参数"


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    fields = sorted({_field(e.get("loc", ())) for e in exc.errors})
    return error(400, f"参数格式不正确：{'、'.join(fields)}。")


@api.exception_handler(BadPage)
def bad_page(request, exc: BadPage):
    return error(400, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return error(404, str(exc) or "没有找到。")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return error(exc.status_code, str(exc))


@api.exception_handler(Exception)
def failed(request, exc: Exception):
    log.exception("API error at %s", request.path)
    return error(500, "服务器出错了，请稍后再试。")
