from django.urls import path

from associations import views
from portal.pagecache import reader_page

ZONE_FILTERS = ("region", "province", "level", "type", "industry", "q", "page")
ASSOCIATION_FILTERS = ("kind", "region", "province", "member", "q", "page")

app_name = "associations"
urlpatterns = [
    path(
        "zones/", reader_page(params=ZONE_FILTERS)(views.ZoneListView.as_view()), name="zone_list"
    ),
    path("zones/<int:pk>/", reader_page()(views.ZoneDetailView.as_view()), name="zone_detail"),
    path(
        "associations/",
        reader_page(params=ASSOCIATION_FILTERS)(views.AssociationListView.as_view()),
        name="association_list",
    ),
    path(
        "associations/<int:pk>/",
        reader_page()(views.AssociationDetailView.as_view()),
        name="association_detail",
    ),
]
