"""What refreshes the directories' reader pages and the footer on every page.

Every save and delete of a zone, association, industry, link group or link, and every
change of a zone's industries, moves the site's content version on after the
transaction commits (`portal.freshness`): cached pages, facet counts, the industry
list and the footer links all carry it in their keys. Admin bulk actions go through
`editorial.admin.ContentAdmin`; the spreadsheet import calls `freshness.changed()` once
at its end (resources.py). Zone pages also list articles: news/receivers.py watches
`Article.zones`. A deleted zone's, association's or link's logo leaves /media/ with it.
"""

from associations.models import Association, Industry, Link, LinkGroup, Zone
from editorial.files import files_follow_rows
from portal.freshness import watch

watch(Zone, Association, Industry, LinkGroup, Link)
files_follow_rows(Zone, Association, Link)  # their logos
