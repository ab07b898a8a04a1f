"""What refreshes news's reader pages.

Every save and delete of a section, article, attachment, magazine issue or contents
line, and every change of an article's zones, moves the site's content version on
after the transaction commits (`portal.freshness`). Admin bulk actions go through
`portal.admin.ContentAdmin`. An article's view count is written with raw SQL and
refreshes nothing. Scheduled publish and end times need no write: no cached page
outlives the next one (`news.caching.ttl`, registered in apps.py).

Files follow their rows: a deleted article's cover and renditions, attachment or
magazine cover and PDF leave /media/ when the delete commits.
"""

from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section
from portal.files import files_follow_rows
from portal.freshness import watch

watch(Section, Article, ArticleAttachment, MagazineIssue, MagazineEntry)
files_follow_rows(Article, ArticleAttachment, MagazineIssue)
