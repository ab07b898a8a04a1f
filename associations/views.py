from django.views.generic import DetailView, ListView

from associations import facets
from associations.directory import Directory
from associations.models import Association, Zone
from portal.pagination import paginate


class DirectoryListView(ListView):
    paginate_by = 20
    page_kwarg = "page"
    noun = ""
    search_hint = ""

    def get_directory(self) -> Directory:
        raise NotImplementedError

    def get_queryset(self):
        self.directory = self.get_directory()
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
    noun = "开发区"
    search_hint = "输入名称、城市或地址"

    def get_directory(self):
        return facets.zone_directory(self.request.GET)


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
    noun = "协会和机构"
    search_hint = "输入名称、地址或联系人"

    def get_directory(self):
        return facets.association_directory(self.request.GET)


class AssociationDetailView(DetailView):
    template_name = "associations/association_detail.html"
    context_object_name = "association"

    def get_queryset(self):
        return Association.objects.for_user(self.request.user)
