"""Limits: what one request, upload, spreadsheet or public form may send, and how often a
client may send it. Part of the settings (`portal.settings` reads them all in)."""

import environ

env = environ.Env()

# Uploads: whole requests are capped; each form checks its own files by content.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 2400
# Animated GIFs keep every frame, and each one is re-encoded, at a cost that grows with
# the pixels: cap frames x pixels (e.g. 20 frames of 500x500) and the number of frames, so
# no upload costs more than a fraction of a second.
MAX_ANIMATION_PIXELS = 5_000_000
MAX_ANIMATION_FRAMES = 200

# Captcha (django-simple-captcha): rendered locally, no outside service.
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10
CAPTCHA_TEST_MODE = env.bool("CAPTCHA_TEST_MODE", default=False)
# “换一张” per client address (portal/captchas.py); expired challenges are deleted as new
# ones are made, so no scheduled job is needed.
CAPTCHA_REFRESH_RATE = env.str("CAPTCHA_REFRESH_RATE", default="30/10m")

# django-ratelimit stores counters in the default cache.
RATELIMIT_VIEW = "publicforms.limits.rate_limited"
# The client's address comes from portal/clientip.py (a dotted path, not a META key).
RATELIMIT_IP_META_KEY = "portal.clientip.rate_limit_key"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# When the cache (Redis) is down the per-client counters cannot be read: the public forms
# stay OPEN rather than refusing everyone with a false "提交过于频繁". Every public form
# still needs its captcha (stored in the database) and the honeypot, and the admin
# lock-out (django-axes) counts in the database, so an outage does not open the login.
RATELIMIT_FAIL_OPEN = True
# What one imported file may hold (editorial.spreadsheets reads within these and refuses the
# file at the first one passed): reading, previewing and importing the largest file they
# allow grows a worker by less than 200 MB. A directory of all 2,500 or so development
# zones fits in one file.
SPREADSHEET_IMPORT_LIMITS = {
    "file_bytes": 10 * 1024 * 1024,
    "unpacked_bytes": 20 * 1024 * 1024,  # xlsx: the archive's declared unpacked size
    "rows": 5000,
    "cell_chars": 10000,
}

# Submissions (留言与投稿): per-IP rates of the public forms and attachment limits.
SUBMISSIONS_MESSAGE_RATE = env.str("SUBMISSIONS_MESSAGE_RATE", default="5/10m")
SUBMISSIONS_CONTRIBUTION_RATE = env.str("SUBMISSIONS_CONTRIBUTION_RATE", default="3/10m")
SUBMISSIONS_LOOKUP_RATE = env.str("SUBMISSIONS_LOOKUP_RATE", default="30/10m")
SUBMISSIONS_MAX_FILES = 5
SUBMISSIONS_MAX_FILE_BYTES = env.int("SUBMISSIONS_MAX_FILE_BYTES", default=20 * 1024 * 1024)
# The whole contribution request: five files plus the text fields (nginx must allow it).
SUBMISSIONS_MAX_REQUEST_BYTES = SUBMISSIONS_MAX_FILES * SUBMISSIONS_MAX_FILE_BYTES + (
    5 * 1024 * 1024
)
# Membership applications (入会申请): the same limits as contributions, fewer files.
MEMBERSHIP_APPLICATION_RATE = SUBMISSIONS_CONTRIBUTION_RATE
MEMBERSHIP_LOOKUP_RATE = SUBMISSIONS_LOOKUP_RATE
MEMBERSHIP_MAX_FILES = 3
MEMBERSHIP_MAX_FILE_BYTES = SUBMISSIONS_MAX_FILE_BYTES
MEMBERSHIP_MAX_REQUEST_BYTES = MEMBERSHIP_MAX_FILES * MEMBERSHIP_MAX_FILE_BYTES + 5 * 1024 * 1024
# Events (活动报名): per-IP rates of registration and of the look-up / cancellation.
# A unit's secretary often registers several colleagues from one office address.
EVENTS_REGISTRATION_RATE = "10/10m"
# 点击量: visits per client address an article page's script may count (news.views).
NEWS_VIEW_COUNT_RATE = env.str("NEWS_VIEW_COUNT_RATE", default="60/m")
EVENTS_LOOKUP_RATE = SUBMISSIONS_LOOKUP_RATE
# The read-only API (api/), per client address: requests that reach the app's code (its
# page cache and nginx answer repeats without counting them).
API_RATE = env.str("API_RATE", default="120/m")
# Sites whose pages may call the API from the browser (CORS), e.g.
# https://partner.example.org,https://zone.example.cn; empty: none.
API_CORS_ORIGINS = env.list("API_CORS_ORIGINS", default=[])
CODE_RESEND_RATE = env.str("CODE_RESEND_RATE", default="5/h")  # 发送编号到邮箱, per client
# The largest request body per public upload URL: refused with 413 by
# portal.middleware.RequestSizeMiddleware before anything reads it (the CSRF check would
# read the whole body first). The admin's uploads are bounded by nginx's
# client_max_body_size.
REQUEST_BODY_LIMITS = {
    "/contribute/": SUBMISSIONS_MAX_REQUEST_BYTES,
    "/membership/apply/": MEMBERSHIP_MAX_REQUEST_BYTES,
    "/editor/upload/": MAX_IMAGE_UPLOAD_BYTES + 1024 * 1024,
    "/member/entry/": MAX_IMAGE_UPLOAD_BYTES + 1024 * 1024,  # 我的名录条目: one logo
}
# The admin's spreadsheet imports: the file's limit and the form around it. A file a
# little over the limit reaches the import form, which names the limit itself.
REQUEST_BODY_LIMITS.update(
    {
        f"/admin/{model}/import/": SPREADSHEET_IMPORT_LIMITS["file_bytes"] + 1024 * 1024
        for model in ("associations/zone", "associations/association", "redirects/redirect")
    }
)
# Files of a refused public form kept for the next submit (publicforms/kept.py): how long,
# how much per reader's session, and how much per client address in that time.
KEPT_FILES_MAX_AGE = 3 * 3600
KEPT_FILES_SESSION_BYTES = max(SUBMISSIONS_MAX_REQUEST_BYTES, MEMBERSHIP_MAX_REQUEST_BYTES)
KEPT_FILES_CLIENT_BYTES = 3 * KEPT_FILES_SESSION_BYTES
# 会员专区: sign-in attempts and password-link requests per client address (django-axes
# locks one account after AXES_FAILURE_LIMIT failures, as on the admin).
MEMBER_LOGIN_RATE = env.str("MEMBER_LOGIN_RATE", default="20/10m")
MEMBER_PASSWORD_RESET_RATE = CODE_RESEND_RATE
