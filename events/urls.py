from django.urls import path

from events import views
from portal.pagecache import reader_page

# Whole pages are cached for anonymous readers until the next moment of any event
# (events.caching.ttl); an event page showing the registration form is never stored.
cached = reader_page()

app_name = "events"
urlpatterns = [
    path("events/", reader_page(params=("page",))(views.event_list), name="list"),
    path("events/<int:pk>/", cached(views.event_detail), name="detail"),
    path("events/<int:pk>/calendar.ics", cached(views.event_ics), name="ics"),
    path("events/<int:pk>/arrivals/", views.arrivals, name="arrivals"),
    path("events/registration/", views.lookup, name="lookup"),
    path("events/registration/done/", views.registration_done, name="done"),
    path("events/checkin/<str:code>/", views.checkin, name="checkin"),
]
