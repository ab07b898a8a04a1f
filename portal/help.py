"""使用帮助: the editors' manual (docs/editors-manual.zh.md) shown inside the admin.

The manual is kept as Markdown beside the other documents so that it is read and
reviewed like them; the admin renders it on each request (staff open it rarely) and
cleans the result with the site's own allow-list, as every HTML the site shows is."""

import markdown
from django.conf import settings
from django.template.response import TemplateResponse

from editorial.sanitize import clean_html

MANUAL = settings.BASE_DIR / "docs" / "editors-manual.zh.md"


def manual() -> tuple[str, str]:
    """The manual's title (its first line, `# …`) and its body as cleaned HTML. The
    admin page shows the title as its own heading, so the body starts below it."""
    title, _, body = MANUAL.read_text(encoding="utf-8").partition("\n")
    html = markdown.markdown(body, extensions=["tables", "sane_lists"])
    return title.removeprefix("# ").strip(), clean_html(html)


def help_view(request, admin_site):
    title, html = manual()
    context = {**admin_site.each_context(request), "title": title, "manual": html}
    return TemplateResponse(request, "admin/help.html", context)
