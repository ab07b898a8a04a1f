"""The site search page /search/ over every kind registered in search."""

import datetime

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.pagination import page_number, paginate
from search import engine
from search.query import MAX_QUERY_CHARS, ParsedQuery, parse_query
from search.registry import get_kind, registered

PER_PAGE = 20
# The query parameters the page reads (and its cache key holds).
PARAMS = ("q", "kind", "section", "from", "to", "page")


def _parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _read_filters(request, notices: list[str], sections) -> engine.SearchFilters:
    filters = engine.SearchFilters()
    kind = request.GET.get("kind", "").strip()
    if kind:
        if get_kind(kind):
            filters.kind = kind
        else:
            notices.append("没有这种内容类型，已显示全部类型的结果。")
    section = request.GET.get("section", "").strip()
    if section:
        if section in dict(sections):
            filters.section = section
        else:
            notices.append("没有这个栏目，已显示全部栏目的结果。")
    for name, attr, label in (("from", "date_from", "起始日期"), ("to", "date_to", "截止日期")):
        raw = request.GET.get(name, "").strip()
        if not raw:
            continue
        value = _parse_date(raw)
        if value is None:
            notices.append(
                f"{label}“{raw[:20]}”无法识别，请按 年-月-日 填写（如 2024-05-01），已忽略。"
            )
        else:
            setattr(filters, attr, value)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        filters.date_from, filters.date_to = filters.date_to, filters.date_from
        notices.append("起始日期晚于截止日期，已自动对调。")
    return filters


def _section_choices() -> list[tuple[str, str]]:
    """(slug, name) of every section of every kind; each kind's hook should be cached."""
    seen: dict[str, str] = {}
    for entry in registered():
        if entry.sections:
            for slug, name in entry.sections():
                seen.setdefault(slug, name)
    return list(seen.items())


def _count_label(n: int) -> str:
    return f"{engine.COUNT_CAP}+" if n > engine.COUNT_CAP else str(n)


@require_GET
def search_page(request):
    raw = request.GET.get("q", "")
    query = parse_query(raw)
    notices: list[str] = []
    sections = _section_choices()
    filters = _read_filters(request, notices, sections)
    context = {
        "search_query": query.text,
        "query": query,
        "notices": notices,
        "filters": filters,
        "kinds": registered(),
        "sections": sections,
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
        "state": "results",
    }
    if not query.text:
        context["state"] = "empty"
        return render(request, "portal/search.html", context)
    if query.truncated:
        notices.append(f"搜索词过长，只按前 {MAX_QUERY_CHARS} 个字搜索。")
    if query.empty:
        context["state"] = "no_words"
        return render(request, "portal/search.html", context)

    number = page_number(request)  # a bad page number is a 404 before any query
    offset = (number - 1) * PER_PAGE
    # One statement: the counts of every kind and this page of the ranking.
    counts, rows = engine.rank_page(query, filters, offset=offset, limit=PER_PAGE)
    kinds = [
        k
        for k in engine.kinds_for(filters)
        if (not filters.kind or k.kind == filters.kind) and counts.get(k.kind)
    ]
    total = sum(counts.get(k.kind, 0) for k in kinds)
    rankable = sum(min(counts.get(k.kind, 0), engine.CANDIDATES) for k in kinds)
    results = engine.RankedResults(query, kinds, filters, rankable, first=(offset, PER_PAGE, rows))
    page_obj = paginate(request, results, PER_PAGE)
    facets = [
        {
            "kind": entry.kind,
            "label": entry.label,
            "count": _count_label(counts.get(entry.kind, 0)),
            "active": entry.kind == filters.kind,
        }
        for entry in engine.kinds_for(filters)
    ]
    context.update(
        page_obj=page_obj,
        hits=page_obj.object_list,
        total_label=_count_label(total),
        all_count=_count_label(sum(counts.values())),
        facets=facets,
        suggestions=_suggestions(query) if total == 0 else [],
        filtered=bool(filters.kind or filters.section or filters.date_from or filters.date_to),
    )
    if total == 0:
        context["state"] = "no_results"
    return render(request, "portal/search.html", context)


def _suggestions(query: ParsedQuery) -> list[str]:
    """Shorter queries worth trying: each word alone, then the parts of long words."""
    words = [t.word for t in query.terms] if len(query.terms) > 1 else []
    for term in query.terms:
        words.extend(term.parts)
    seen: list[str] = []
    for w in words:
        if w not in seen and w != query.text:
            seen.append(w)
    return seen[:6]
