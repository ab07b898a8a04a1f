"""Who may read what is marked 会员可见 (member-only articles, pages and attachments).

Staff read everything. A member's people are known only to the membership app, which
the content apps may not import, so it registers its check here (`register_member_check`,
from its AppConfig.ready) and the content apps ask `reads_members_only`.
"""

from collections.abc import Callable

_member_checks: list[Callable] = []


def register_member_check(check: Callable) -> None:
    """`check(user) -> bool`: whether this signed-in, non-staff user is a current member."""
    _member_checks.append(check)


def reads_members_only(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or any(check(user) for check in _member_checks)
