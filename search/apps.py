from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Chinese full-text search inside PostgreSQL: the engine, its index and the search
    page. Apps register their models from their own search module."""

    name = "search"
    verbose_name = "全站搜索"
