"""What refreshes news's reader pages.

Every save and delete of a section, article, attachment, magazine issue or contents
line, and every change of an article's zones, moves the site's content version on
after the transaction commits (`portal.freshness`). Admin bulk actions go through
`editorial.admin.ContentAdmin`. An article's view count is written with raw SQL and
refreshes nothing. Scheduled publish and end times need no write: no cached page
outlives the next one (`news.caching.ttl`, registered in apps.py).

Files follow their rows: a deleted article's cover and renditions, attachment or
magazine cover and PDF leave /media/ when the delete commits.

A contents line that shows its article's title keeps that title when the article is
really deleted (purged from the recycle bin, or any other delete): its link becomes
empty (SET_NULL) and a line needs a title of its own (`magazine_entry_has_title`).
"""

from django.db.models.signals import pre_delete

from editorial.files import files_follow_rows
from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section
from portal.freshness import watch

watch(Section, Article, ArticleAttachment, MagazineIssue, MagazineEntry)
files_follow_rows(Article, ArticleAttachment, MagazineIssue)


def keep_entry_titles(sender, instance, using=None, **kwargs):
    MagazineEntry.objects.using(using).filter(article=instance, title="").update(
        title=instance.title[: MagazineEntry._meta.get_field("title").max_length]
    )


pre_delete.connect(keep_entry_titles, sender=Article, dispatch_uid="news:keep_entry_titles")
