from django.urls import path

from associations import views

app_name = "associations"
urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/<int:pk>/", views.ZoneDetailView.as_view(), name="zone_detail"),
    path("associations/", views.AssociationListView.as_view(), name="association_list"),
    path(
        "associations/<int:pk>/",
        views.AssociationDetailView.as_view(),
        name="association_detail",
    ),
]
