"""Applications are never shown to readers, so nothing here refreshes reader pages.
Approval writes a directory entry with `save()`, which associations/receivers.py watches
(the entry starts unpublished, but its admin preview and facet counts still refresh).

A deleted application's files leave the private disk once the delete commits.
"""

from editorial.files import files_follow_rows
from membership.models import ApplicationAttachment

files_follow_rows(ApplicationAttachment)
