from django.urls import path

from publicforms import recover

app_name = "publicforms"
urlpatterns = [
    path("codes/", recover.recover, name="recover"),
]
