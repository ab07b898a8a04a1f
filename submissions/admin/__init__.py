"""The admin of what the public sends: 留言 and 投稿, a module each; importing this
package registers them."""

from submissions.admin.contributions import SubmissionAdmin
from submissions.admin.messages import MessageAdmin

__all__ = ["MessageAdmin", "SubmissionAdmin"]
