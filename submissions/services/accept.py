"""采用为草稿文章: the last step of the review turns a submission into a draft article.

`news.services` writes the article and its files; this module decides whether a
submission may be accepted and where it goes by default, links the two, and tells the
contributor.
"""

import os

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from editorial.files import delete_on_failure
from news.models import Article, Section
from news.services import NewAttachment, create_draft_article, find_section, section_refusal
from publicforms.services import body_to_html
from submissions.models import Submission
from submissions.services.contributions import mail_contributor


class NotAcceptable(ValueError):
    """The submission cannot become an article; the message says why, in Chinese."""


# Where a suggested section (投稿的建议栏目) most likely lives in the news section tree:
# slugs tried in order after an exact slug or name match (see news.services.find_section).
# The site's own tree may differ; the editor confirms or changes the choice on the accept page.
SECTION_CANDIDATES: dict[str, tuple[str, ...]] = {
    Submission.Section.ZONE_NEWS: ("zone-news", "national", "local"),
    Submission.Section.POLICY: ("policy",),
    Submission.Section.RESEARCH: ("research", "cases"),
    Submission.Section.EXPERIENCE: ("experience", "cases"),
    Submission.Section.INVESTMENT: ("investment", "national"),
    Submission.Section.MAGAZINE: ("cases",),
}
ACCEPTED_NOTE = "您的稿件已被采用，编辑部正在编辑整理，发布后即可在网站上阅读。"
IMAGE_KINDS = {"jpg", "png"}


def suggested_section(submission: Submission) -> Section | None:
    """The news section matching what the contributor suggested, else 协会动态, else any list."""
    return find_section(
        slug=submission.section,
        name=submission.section_label,
        hints=SECTION_CANDIDATES.get(submission.section, ()),
    )


def accept_refusal(submission: Submission) -> str | None:
    """Why this submission cannot be accepted into an article, or None when it can."""
    if submission.article_id is not None:
        return f"投稿《{submission.title}》已经采用为文章，不能重复采用。"
    if submission.status == Submission.Status.REJECTED:
        return f"投稿《{submission.title}》已标记为“未采用”，请先改回“审阅中”再采用。"
    return None


def accept_note(submission: Submission) -> str:
    """The note the contributor gets on acceptance unless the editor writes another one.

    A note written for an earlier status ("审阅中，两周内答复") would be stale; one
    written when the submission was already marked accepted is kept.
    """
    if submission.status == Submission.Status.ACCEPTED and submission.editor_note.strip():
        return submission.editor_note
    return ACCEPTED_NOTE


def accept_into_article(
    *,
    submission: Submission,
    section: Section | None = None,
    editor: AbstractBaseUser,
    note: str | None = None,
) -> Article:
    """Create a draft article from a submission, carry its files over and tell the author.

    Title, author, source (the organisation) and the body as escaped paragraphs go into a
    new draft in `section` (default: `suggested_section`) made by
    `news.services.create_draft_article`, which copies every attachment out of the
    private storage (pictures re-encoded: no EXIF, pixels capped); the first usable
    picture also becomes the cover. Submission and article are linked, the submission is
    marked accepted with `note` (default: `accept_note`) for the contributor, who is
    mailed after the commit.
    If anything fails, no article remains, the submission is unchanged and the copies
    already written are removed again. Raises NotAcceptable with a Chinese message, also
    for a picture that cannot be published (too many pixels, broken).
    """
    with delete_on_failure() as written, transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if refusal := accept_refusal(locked):
            raise NotAcceptable(refusal)
        section = section or suggested_section(locked)
        if refusal := section_refusal(section):
            raise NotAcceptable(refusal)
        attachments = list(locked.attachments.all())
        body = body_to_html(locked.body)
        if not body and attachments:
            body = "<p>正文见附件。</p>"
        try:
            article = create_draft_article(
                title=locked.title,
                author=locked.author,
                source=locked.organization,
                body_html=body,
                section=section,
                attachments=[
                    NewAttachment(_file_title(a.original_name), a.file, a.size) for a in attachments
                ],
                cover_from=[a.file for a in attachments if a.kind in IMAGE_KINDS],
                editor=editor,
                written=written,
            )
        except ValidationError as exc:  # a picture that cannot be published
            raise NotAcceptable(
                f"投稿《{locked.title}》未转为文章，投稿保持原状：{' '.join(exc.messages)}"
            ) from exc
        locked.article = article
        locked.editor_note = (note or "").strip() or accept_note(locked)
        locked.status = Submission.Status.ACCEPTED
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = editor
        locked.save()
        mail_contributor(
            submission=locked,
            subject=f"您的投稿《{locked.title}》已被采用",
            template="submissions/email/submission_accepted.txt",
        )
    # The caller's object shows the new state too (admin messages, redirects).
    for field in ("article", "status", "editor_note", "reviewed_at", "reviewed_by"):
        setattr(submission, field, getattr(locked, field))
    return article


def _file_title(original_name: str) -> str:
    """An attachment's title: the contributor's file name without its extension."""
    return os.path.splitext(original_name)[0].strip() or original_name
