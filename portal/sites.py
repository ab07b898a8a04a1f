"""The back office's admin site: apps in the order editors use them (资讯 first)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import path

from portal.help import help_view

# App labels, most used first: articles every day, then the public's messages and
# contributions, events, the directory, membership, pages and settings; accounts and
# the lock-out log last. An app not listed follows, by name.
APP_ORDER = (
    "news",
    "submissions",
    "events",
    "associations",
    "membership",
    "portal",
    "redirects",
    "auth",
    "axes",
)
# Within an app: model names (lower case) first in this order, the rest by name.
MODEL_ORDER = {
    "news": ("article", "section", "magazineissue"),
    "submissions": ("message", "submission"),
    "events": ("event", "registration"),
    "associations": ("zone", "association", "industry", "linkgroup", "link"),
    "portal": ("page", "sitesettings"),
}


class AdminLoginForm(AdminAuthenticationForm):
    def clean_username(self):
        # AuthenticationForm sets the field's max_length after its validators were made,
        # so nothing checked the length: a 5,000-character name reached the lock-out's
        # table (django-axes, 255 characters) and failed there with a 500.
        username = self.cleaned_data.get("username") or ""
        if len(username) > 150:
            raise ValidationError("用户名太长，请检查后重新输入。", code="max_length")
        return username


class PortalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    site_header = "中国开发区协会 管理后台"
    site_title = "管理后台"
    index_title = "内容管理"

    def get_urls(self):
        # Every member of staff, whatever their role, may read the manual.
        manual = self.admin_view(lambda request: help_view(request, self))
        return [path("help/", manual, name="help"), *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        rank = {label: i for i, label in enumerate(APP_ORDER)}
        apps.sort(key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]))
        for app in apps:
            order = MODEL_ORDER.get(app["app_label"], ())
            place = {name: i for i, name in enumerate(order)}
            app["models"].sort(
                key=lambda m: (place.get(m["object_name"].lower(), len(place)), m["name"])
            )
        return apps
