"""Events, the two directories and the site's settings, as JSON: what events/,
associations/ and portal's site settings show readers."""

from __future__ import annotations

from typing import Literal

from django.http import QueryDict
from ninja import Query, Router
from ninja.errors import HttpError

from api import schemas
from api.http import MAX_PAGE, PAGE_SIZE, absolute, file_url, local, paged, window
from associations import facets
from associations.models import Association, Zone
from events.models import Event
from portal.models import SiteSettings

router = Router(tags=["活动、名录与站点"])
PageParam = Query(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
FilterText = Query(None, max_length=50)


def event_item(request, event: Event) -> dict:
    confirmed = event.n_confirmed
    state = event.registration_state(confirmed)
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "starts_at": local(event.starts_at),
        "ends_at": local(event.ends_at),
        "registration_opens_at": local(event.registration_opens_at),
        "registration_closes_at": local(event.registration_closes_at),
        "capacity": event.capacity,
        "places_left": max(0, event.capacity - confirmed),
        "waiting_list": event.waiting_list,
        "registration_state": state.value,
        "registration_state_label": state.label,
        "cover": file_url(request, event.cover),
        "url": absolute(request, event.get_absolute_url()),
    }


@router.get(
    "/events", response=schemas.answers(schemas.EventPage), summary="活动（剩余名额与报名状态）"
)
def list_events(
    request,
    when: Literal["upcoming", "past"] = Query(
        "upcoming", description="upcoming 未结束的（最近的在前）/ past 已结束的（最新的在前）"
    ),
    page: int = PageParam,
):
    events = Event.objects.published().defer("body", "search_vector", "search_rank")
    events = events.upcoming() if when == "upcoming" else events.past()
    rows = window(events.with_counts(), page)
    return paged(request, [event_item(request, e) for e in rows], page)


def _directory_page(request, directory, page: int, item) -> dict:
    if directory.ignored:
        raise HttpError(400, f"筛选值不正确：{'、'.join(directory.ignored[:5])}。")
    counts = directory.counts()
    groups = [
        {
            "param": result.facet.param,
            "label": result.facet.label,
            "options": [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in result.options
            ],
        }
        for result in directory.facet_results(counts)
    ]
    rows = window(directory.results(), page)
    extra = {"count": directory.total(counts), "facets": groups}
    return paged(request, [item(request, row) for row in rows[: PAGE_SIZE + 1]], page, **extra)


def _params(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            query.setlist(name, value)
        elif value is not None:
            query[name] = value
    return query


def zone_item(request, zone: Zone) -> dict:
    return {
        "id": zone.id,
        "name": zone.name,
        "level": zone.level,
        "level_label": zone.get_level_display(),
        "zone_type": zone.zone_type,
        "zone_type_label": zone.get_zone_type_display(),
        "province": zone.province,
        "city": zone.city,
        "year_approved": zone.year_approved,
        "industries": [i.name for i in zone.industries.all()],
        "url": absolute(request, zone.get_absolute_url()),
    }


@router.get(
    "/zones",
    response=schemas.answers(schemas.ZonePage),
    summary="开发区名录（与 /zones/ 相同的筛选和计数）",
)
def list_zones(
    request,
    region: str | None = FilterText,
    province: str | None = FilterText,
    level: str | None = FilterText,
    type: str | None = FilterText,  # noqa: A002 - the reader page's parameter name
    industry: list[str] = Query([], description="主导产业编号，可重复"),
    q: str | None = FilterText,
    page: int = PageParam,
):
    query = _params(
        region=region, province=province, level=level, type=type, industry=industry, q=q
    )
    return _directory_page(request, facets.zone_directory(query), page, zone_item)


def association_item(request, association: Association) -> dict:
    return {
        "id": association.id,
        "name": association.name,
        "kind": association.kind,
        "kind_label": association.get_kind_display(),
        "province": association.province,
        "website": association.website,
        "phone": association.phone,
        "is_member": association.is_member,
        "logo": file_url(request, association.logo),
        "url": absolute(request, association.get_absolute_url()),
    }


@router.get("/associations", response=schemas.answers(schemas.AssociationPage), summary="协会名录")
def list_associations(
    request,
    kind: str | None = FilterText,
    region: str | None = FilterText,
    province: str | None = FilterText,
    member: str | None = Query(None, max_length=1, description="1 会员单位 / 0 非会员单位"),
    q: str | None = FilterText,
    page: int = PageParam,
):
    query = _params(kind=kind, region=region, province=province, member=member, q=q)
    return _directory_page(request, facets.association_directory(query), page, association_item)


@router.get(
    "/site", response=schemas.answers(schemas.Site), summary="站点信息（名称、标志、公众号二维码）"
)
def get_site(request):
    site = SiteSettings.load()
    return {
        "name": site.site_name,
        "subtitle": site.site_subtitle,
        "description": site.description,
        "brand_color": site.brand_color,
        "logo": file_url(request, site.logo),
        "wechat_name": site.wechat_name,
        "wechat_qr": file_url(request, site.wechat_qr),
        "qq_group": site.qq_group,
        "contact_address": site.contact_address,
        "contact_phone": site.contact_phone,
        "contact_email": site.contact_email,
        "icp_number": site.icp_number,
        "police_number": site.police_number,
        "copyright": site.copyright,
        "grayscale": site.grayscale_active(),
        "url": absolute(request, "/"),
    }
