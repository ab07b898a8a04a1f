"""How the portal's own pages (协会简介, 章程 …) take part in site search
(search). Registered from PortalConfig.ready()."""

from __future__ import annotations

import search
from editorial.sanitize import html_to_text
from portal.models import Page


def page_fields(page: Page) -> dict[str, str]:
    # a member-only page: its title and summary only, never the body (会员可见)
    body = "" if page.members_only else html_to_text(page.body)
    return {"A": page.title, "B": page.summary, "C": body}


def register_kinds() -> None:
    # The title and snippet default to the fields: A, then C (or B when C is empty).
    search.register(
        Page,
        kind="page",
        label="单页",
        queryset=lambda: Page.objects.published(),
        date_field="updated_at",
        fields=page_fields,
        order=90,
    )
