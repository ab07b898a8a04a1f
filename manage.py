#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read only the code (models, migrations, system checks): on a fresh clone
# they run without the site's configuration. A throwaway key signs nothing they do, and
# the database address is never connected to by `check`; `makemigrations` only warns
# that it could not compare with the applied migrations. `check --deploy` judges the real
# settings, so it gets none of this.
CODE_ONLY = {"check", "makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY and "--deploy" not in sys.argv:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("DATABASE_URL", "postgres://localhost/unconfigured")
        os.environ.setdefault("SITE_URL", "http://localhost")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake gets one clear line naming the variable, not a traceback.
        sys.exit(f"配置错误：{exc}")


if __name__ == "__main__":
    main()
