from django.urls import path

from portal.pagecache import reader_page
from submissions import views

app_name = "submissions"
urlpatterns = [
    path("messages/", reader_page(params=("page",))(views.message_board), name="message_board"),
    path("messages/new/", views.message_new, name="message_new"),
    path("messages/new/done/", views.message_done, name="message_done"),
    path("messages/lookup/", views.message_lookup, name="message_lookup"),
    path("contribute/", views.contribute, name="contribute"),
    path("contribute/done/", views.contribute_done, name="contribute_done"),
    path("contribute/status/", views.contribute_status, name="contribute_status"),
]
