"""Reference codes the public keeps (留言, 投稿, 入会申请, 报名): PREFIX-XXXXX-…, drawn with
`secrets`, typed back in any case, with or without dashes and spaces."""

import secrets

# No 0/O, 1/I/L: codes are read aloud on the phone and typed by older readers.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(prefix: str, groups: int) -> str:
    """PREFIX-XXXXX-XXXXX-…: `groups` groups of 5 characters drawn with `secrets`
    (also the codes of membership applications and event registrations)."""
    parts = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(5)) for _ in range(groups)]
    return "-".join([prefix, *parts])


def normalize_code(raw: str) -> str:
    """What a person typed, in the stored form: upper case, spaces removed."""
    return "".join((raw or "").split()).upper()


def canonical_code(raw: str, *, prefix: str, groups: int) -> str:
    """A PREFIX-XXXXX-… code as stored, however it was typed: any case, with or without
    dashes and spaces. Anything else comes back only normalized."""
    compact = normalize_code(raw).replace("-", "")
    if not compact.startswith(prefix) or len(compact) != len(prefix) + 5 * groups:
        return normalize_code(raw)
    body = compact[len(prefix) :]
    return "-".join([prefix] + [body[i : i + 5] for i in range(0, 5 * groups, 5)])
