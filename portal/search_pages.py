"""How the portal's own pages (协会简介, 章程 …) take part in site search
(search). Registered from PortalConfig.ready()."""

from __future__ import annotations

import search
from editorial.sanitize import html_to_text, plain_text
from portal.models import Page


def page_fields(page: Page) -> dict[str, str]:
    # a member-only page: its title and summary only, never the body (会员可见)
    body = "" if page.members_only else html_to_text(page.body)
    return {"A": page.title, "B": page.summary, "C": body}


def page_snippet(page: Page) -> str:
    """What the fields give (C, else B) without html_to_text's nh3: a member-only
    page's summary, never its body."""
    return ("" if page.members_only else plain_text(page.body)) or page.summary


def register_kinds() -> None:
    # The title and snippet are the fields' A, and C (B when C is empty), without
    # computing every field for each hit.
    search.register(
        Page,
        kind="page",
        label="单页",
        queryset=lambda: Page.objects.published(),
        date_field="updated_at",
        fields=page_fields,
        title=lambda page: page.title or str(page),
        snippet=page_snippet,
        order=90,
    )
