from django.utils.functional import SimpleLazyObject

from news.caching import nav_sections


def navigation(request):
    """`nav_sections`: top-level sections shown in the main menu (.name, .url, .external).

    Cached and rebuilt after any section is saved or deleted; read only when used.
    """
    return {"nav_sections": SimpleLazyObject(nav_sections)}
