"""Settings for the association portal, read from the environment.

Every variable is listed in `.env.example`. The database is always PostgreSQL from
`DATABASE_URL` (`make demo` and `make test` start an embedded one when it is unset);
production also sets Redis and a real key.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured

from editorial.editor_config import EDITOR_CONFIGS
from portal.clientip import parse_networks

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "环境变量 SECRET_KEY 未设置：DEBUG 关闭时必须提供一个随机的长密钥"
            "（例如 python -c 'import secrets; print(secrets.token_urlsafe(50))'）。"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address: links in e-mails (tracking and look-up pages), canonical
# and og:url links, share QR codes and robots.txt. Feeds and sitemaps use the request.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL and not DEBUG:
    raise ImproperlyConfigured(
        "环境变量 SITE_URL 未设置：DEBUG 关闭时必须提供网站的公开地址"
        "（例如 https://www.example.org），邮件中的链接和分享二维码要用它。"
    )

INSTALLED_APPS = [
    "portal",
    "search",
    "editorial",
    "publicforms",
    "backups",
    "associations",
    "news",
    "submissions",
    "membership",
    "events",
    "redirects",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_ckeditor_5",
    "captcha",
    "portal.apps.LockoutConfig",  # django-axes, named in Chinese
    "csp",
    "simple_history",
]

MIDDLEWARE = [
    # Outermost: compresses what leaves, cache hits included, for clients that accept gzip.
    # nginx keeps the compressed copy (deploy/nginx/portal.conf), so a cached page is
    # compressed once per copy rather than by nginx on every hit.
    "django.middleware.gzip.GZipMiddleware",
    # /healthz answers before host validation, so a load balancer may ask by IP address.
    "portal.middleware.HealthCheckMiddleware",
    # Cached reader pages for anonymous readers are answered here, before sessions, CSRF
    # and the rest; misses pass on and are stored on the way out with every header the
    # middleware below adds (CSP, security headers). See portal/pagecache.py. (No
    # LocaleMiddleware: the site has one language, and it would make every page vary on
    # Accept-Language.)
    "portal.pagecache.PageCacheMiddleware",
    # Just inside the page cache, so the cache stores what it returns: pages in traditional
    # characters for readers who chose 繁體 (portal/traditional.py).
    "portal.traditional.TraditionalMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: sees every 404 and answers it with a saved redirect (redirects.models).
    "redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "associations.context_processors.footer_links",
                "news.context_processors.navigation",
            ],
        },
    },
]

# Database: PostgreSQL everywhere (demo, tests, production), from DATABASE_URL.
_database_url = env.str("DATABASE_URL", default="")
if not _database_url:
    raise ImproperlyConfigured(
        "环境变量 DATABASE_URL 未设置：网站只使用 PostgreSQL，请设置连接地址"
        "（例如 postgres://用户名:密码@127.0.0.1:5432/portal）；"
        "本地演示和测试请用 make demo / make test，它们会自动启动内置的 PostgreSQL"
        "（scripts/devdb.py）。"
    )


def _postgres_database(variable: str, url: str) -> dict:
    """The DATABASES entry of the PostgreSQL URL in environment variable `variable`."""
    try:
        database = dj_database_url.parse(
            url,
            conn_max_age=env.int("CONN_MAX_AGE", default=60),
            # no SELECT 1 per request: portal/connections.py tests connections instead
            conn_health_checks=False,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"环境变量 {variable} 无法解析（{exc}）。"
            "示例：postgres://用户名:密码@127.0.0.1:5432/portal"
        ) from exc
    if not database.get("NAME"):
        raise ImproperlyConfigured(f"环境变量 {variable} 缺少数据库名，例如 …:5432/portal")
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"环境变量 {variable} 必须指向 PostgreSQL（postgres://…），网站不支持其他数据库。"
        )
    return database


_default_db = _postgres_database("DATABASE_URL", _database_url)
# A database that does not answer costs a reader at most this long before the styled 503
# (portal.middleware.DatabaseUnavailableMiddleware); libpq's floor is 2 s. A
# ?connect_timeout= in DATABASE_URL wins.
_default_db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when configured, process memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # django-redis rather than Django's RedisCache, which raises on a connection error:
    # with IGNORE_EXCEPTIONS a Redis outage reads as an empty cache (pages are built from
    # the database, writes to the cache are dropped) and the next command after Redis is
    # back uses it again, with no restart. /healthz says whether Redis answers.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # A Redis that hangs costs a request at most this long per command.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "TIMEOUT": 300,
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client's address (portal/clientip.py), for rate limits, the admin lock-out and the
# addresses stored with messages: REMOTE_ADDR, or the X-Real-IP header when the request
# comes from one of these proxies (addresses or networks, comma-separated). Empty: no
# header is believed. Behind nginx on the same machine: TRUSTED_PROXIES=127.0.0.1,::1
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"环境变量 TRUSTED_PROXIES 无法解析（{exc}）：请填写反向代理的 IP 地址或网段，"
        "用逗号分隔，例如 127.0.0.1,::1 或 10.0.0.0/24。"
    ) from exc
if os.environ.get("RATELIMIT_IP_META_KEY"):  # retired: refused, not read
    raise ImproperlyConfigured(
        "环境变量 RATELIMIT_IP_META_KEY 已不再使用，请删除它：客户端地址改由 TRUSTED_PROXIES "
        "决定，请把反向代理的地址写入 TRUSTED_PROXIES（例如 127.0.0.1,::1），"
        "并让代理设置 X-Real-IP（proxy_set_header X-Real-IP $remote_addr;）。"
    )
# Admin login lock-out (django-axes): five failures by one user from one client address
# lock that pair for an hour; the same user at another address can still log in.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for libraries that ship none (django-axes).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Contributors' attachments live outside MEDIA_ROOT: they are never served publicly.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    # Written under a temporary name and renamed: a full disk leaves no partial file.
    "default": {"BACKEND": "editorial.files.SafeFileSystemStorage"},
    # Contributors' attachments (publicforms.storage.private_storage).
    "private": {"BACKEND": "publicforms.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Object storage (S3 or any S3-compatible service) instead of the two folders above, so
# that several app servers share the uploads: on when S3_BUCKET is set. Public media
# (covers, editor images, attachments, magazine PDFs) under S3_PREFIX, readable by anyone
# (S3_PUBLIC_ACL, or a bucket policy on that prefix); contributors' files in
# S3_PRIVATE_BUCKET (default: the same bucket) under S3_PRIVATE_PREFIX, never public and
# without any URL: staff download them through the admin, which streams them.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _s3 = {
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        "file_overwrite": False,  # generated names; never replace another upload
    }
    # Links to public files: S3_PUBLIC_URL (this site, whose nginx proxies /media/ to the
    # bucket — deploy/nginx/media-s3.conf — or a CDN), else the bucket's own address.
    _public_url = urlsplit(env.str("S3_PUBLIC_URL", default=""))
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_BUCKET,
            "location": env.str("S3_PREFIX", default="media").strip("/"),
            "default_acl": env.str("S3_PUBLIC_ACL", default="public-read") or None,
            "querystring_auth": False,
            "custom_domain": (_public_url.netloc + _public_url.path.rstrip("/")) or None,
            "url_protocol": f"{_public_url.scheme or 'https'}:",
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "publicforms.storage.PrivateObjectStorage",  # no URL, not even signed
        "OPTIONS": {
            **_s3,
            "bucket_name": env.str("S3_PRIVATE_BUCKET", default="") or S3_BUCKET,
            "location": env.str("S3_PRIVATE_PREFIX", default="private").strip("/"),
            "default_acl": None,  # the bucket's default: private
        },
    }
WHITENOISE_USE_FINDERS = DEBUG
# /favicon.ico, /favicon.svg and /apple-touch-icon.png, which browsers and crawlers ask for
# at the root whatever a page links: whitenoise answers them before any view. Their names
# never change, so they keep a day, not the year of the hashed copies pages link.
WHITENOISE_ROOT = BASE_DIR / "static" / "icons"


def _root_file_headers(headers, path: str, url: str) -> None:
    if not url.startswith(STATIC_URL):
        headers["Cache-Control"] = "public, max-age=86400"


WHITENOISE_ADD_HEADERS_FUNCTION = _root_file_headers

# Security. HTTPS settings are on when DEBUG is off; a proxy must pass X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # CKEditor 5 reads the token to upload images
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("USE_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
if not SECURE_HSTS_PRELOAD:
    # Preload turned off on purpose (SECURE_HSTS_PRELOAD=false): not a deployment mistake.
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
# Everything is served from this origin; no CDN, no inline script or style. The admin
# adds 'unsafe-inline' to style-src for CKEditor 5 (portal/csp.py); reader pages never.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
}

# CKEditor 5: Chinese UI, uploads go through portal's Pillow-checked view (staff only).
# The library's own upload view (django_ckeditor_5.urls) is not included: it stores raw
# files under the uploader's name.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "portal:editor_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_CUSTOM_CSS = "css/editor.css"


# The editor's toolbar, palettes and headings (editorial/editor_config.py).
CKEDITOR_5_CONFIGS = EDITOR_CONFIGS

if not REDIS_URL:
    # Local memory is per process: fine for the demo and tests, not for gunicorn workers.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Spreadsheet import/export (django-import-export). Exports use editorial.spreadsheets'
# formats, which neutralise formula-like cells (the library's own escape only drops a
# leading "="); characters XLSX cannot hold are replaced rather than failing the export.
INSTALLED_APPS += ["import_export"]
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# What one request, upload, spreadsheet or public form may send, and how often
# (portal/settings/limits.py).
from portal.settings.limits import *  # noqa: E402, F403

# Mail and logs (portal/settings/mail_and_logs.py).
from portal.settings.mail_and_logs import *  # noqa: E402, F403
