from django.urls import path

from membership import member_views as views

app_name = "member"
urlpatterns = [
    path("", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/sent/",
        views.page,
        {"template": "membership/member/password_reset_sent.html"},
        name="password_reset_sent",
    ),
    path("password/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
    path(
        "password/done/",
        views.page,
        {"template": "membership/member/password_done.html"},
        name="password_done",
    ),
    path("home/", views.home, name="home"),
    path("certificate.pdf", views.certificate, name="certificate"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("entry/", views.entry, name="entry"),
    path("contacts/invite/", views.invite, name="invite"),
    path("contacts/<int:pk>/remove/", views.remove, name="remove_contact"),
]
