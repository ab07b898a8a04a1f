from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from associations.directory import Directory, Facet
from associations.models import Association, Industry, Zone
from associations.regions import PROVINCE_CHOICES, Region, normalize_province
from portal import freshness
from portal.pagination import paginate

PROVINCE_FACET_CHOICES = tuple(PROVINCE_CHOICES)


def industry_choices() -> tuple[tuple[str, str], ...]:
    """(id, name) of every industry, cached under the content version."""
    return freshness.cached(
        "associations:industries",
        lambda: tuple((str(pk), name) for pk, name in Industry.objects.values_list("pk", "name")),
        3600,
    )


class DirectoryListView(ListView):
    paginate_by = 20
    page_kwarg = "page"
    search_fields: tuple[str, ...] = ()
    total_facet = ""
    noun = ""
    search_hint = ""

    def get_facets(self) -> list[Facet]:
        raise NotImplementedError

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.directory = Directory(
            queryset=self.base_queryset(),
            facets=self.get_facets(),
            params=self.request.GET,
            search_fields=self.search_fields,
            total_facet=self.total_facet,
            cache_prefix=f"associations:{self.model._meta.model_name}",
        )
        self.counts = self.directory.counts()
        return self.directory.results()

    def paginate_queryset(self, queryset, page_size):
        # The facet counts already hold the total: no separate COUNT(*) of the table.
        page = paginate(
            self.request, queryset, page_size, count=lambda: self.directory.total(self.counts)
        )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directory = self.directory
        context.update(
            facets=directory.facet_results(self.counts),
            ignored_filters=directory.ignored,
            q=directory.q,
            q_clear_query=directory.query_without("q"),
            is_filtered=directory.is_filtered,
            total=context["paginator"].count,
            noun=self.noun,
            search_hint=self.search_hint,
        )
        return context


class ZoneListView(DirectoryListView):
    model = Zone
    template_name = "associations/zone_list.html"
    context_object_name = "zones"
    search_fields = ("name", "city", "address")
    total_facet = "level"
    noun = "开发区"
    search_hint = "输入名称、城市或地址"

    def get_facets(self):
        through = Zone.industries.through
        return [
            Facet("region", "地区", "region", tuple(Region.choices)),
            Facet(
                "province", "省份", "province", PROVINCE_FACET_CHOICES, normalize=normalize_province
            ),
            Facet("level", "级别", "level", tuple(Zone.Level.choices)),
            Facet("type", "类型", "zone_type", tuple(Zone.Type.choices)),
            Facet(
                "industry",
                "主导产业",
                "industries",
                industry_choices(),
                multiple=True,
                through=through,
                through_owner="zone_id",
                through_value="industry_id",
            ),
        ]

    def base_queryset(self):
        return (
            Zone.objects.published()
            .only("name", "level", "zone_type", "province", "city", "year_approved")
            .prefetch_related(Prefetch("industries", queryset=Industry.objects.only("name")))
        )


class ZoneDetailView(DetailView):
    template_name = "associations/zone_detail.html"
    context_object_name = "zone"

    def get_queryset(self):
        return Zone.objects.for_user(self.request.user).prefetch_related("industries")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zone = self.object
        context["nearby_zones"] = (
            Zone.objects.published()
            .filter(province=zone.province)
            .exclude(pk=zone.pk)
            .only("name", "level", "province")[:8]
        )
        # The zone's news through Article.zones' reverse relation, so associations needs
        # no import of news; the related manager carries Article's QuerySet (.published()).
        # Not cached: the page itself is not cached either, so a publish shows at once.
        context["related_articles"] = list(
            zone.articles.published()
            .only("id", "title", "publish_at")
            .order_by("-publish_at", "-id")[:8]
        )
        return context


class AssociationListView(DirectoryListView):
    model = Association
    template_name = "associations/association_list.html"
    context_object_name = "associations"
    search_fields = ("name", "address", "contact")
    total_facet = "kind"
    noun = "协会和机构"
    search_hint = "输入名称、地址或联系人"

    def get_facets(self):
        return [
            Facet("kind", "类型", "kind", tuple(Association.Kind.choices)),
            Facet("region", "地区", "region", tuple(Region.choices)),
            Facet(
                "province", "省份", "province", PROVINCE_FACET_CHOICES, normalize=normalize_province
            ),
            Facet("member", "会员", "is_member", (("1", "会员单位"), ("0", "非会员单位"))),
        ]

    def base_queryset(self):
        return Association.objects.published().only(
            "name", "kind", "province", "website", "phone", "is_member", "logo"
        )


class AssociationDetailView(DetailView):
    template_name = "associations/association_detail.html"
    context_object_name = "association"

    def get_queryset(self):
        return Association.objects.for_user(self.request.user)
