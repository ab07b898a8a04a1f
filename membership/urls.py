from django.urls import path

from membership import views

app_name = "membership"
urlpatterns = [
    path("membership/apply/", views.apply, name="apply"),
    path("membership/apply/done/", views.done, name="done"),
    path("membership/status/", views.status, name="status"),
]
