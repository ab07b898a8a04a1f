"""Wagtail's bakerydemo, built beside the portal for side-by-side benchmarks (not a test).

    .venv/bin/python scripts/bakerydemo.py --src PATH      # builds it, prints its folder

PATH is bakerydemo's repository: a checkout (`git clone https://github.com/wagtail/bakerydemo`)
or a bare git directory. The commit is pinned (--commit, default the one that runs Wagtail 7.2
on Django 5.2, the portal's Django, and Python 3.11). The script:

1. extracts that commit into .bench/bakerydemo/ (`git archive`);
2. makes a virtualenv there and installs bakerydemo's requirements/base.txt from PyPI, with
   gunicorn and psycopg2-binary (the portal's database driver);
3. writes bench_settings.py: bakerydemo's base settings, DEBUG off, its own database on the
   portal's PostgreSQL (DATABASE_URL's server, database --db), its default cache (local memory),
   its default search backend (Wagtail's database backend on PostgreSQL);
4. creates the database, migrates, and loads bakerydemo's own demo content
   (`manage.py load_initial_data`), then `collectstatic`.

Each step is skipped when its result is already there. scripts/bench_gunicorn.py imports
`gunicorn_command()` and `pages()` from here to run bakerydemo in the same rounds as the portal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import venv
from pathlib import Path

import devdb  # scripts/: the database server to use

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / ".bench" / "bakerydemo"
# "Version bump to Wagtail 7.2" (2025-11-10): Django>=5.2,<5.3, like the portal. Later
# commits need Django 6.0 and Python 3.12.
COMMIT = "5a01dcd"
DATABASE = "bench_bakerydemo"
SETTINGS = """\
import os

from bakerydemo.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
"""


def python() -> Path:
    return FOLDER / ".venv" / "bin" / "python"


def env(db: str = DATABASE) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_SECRET_KEY": "bench-bakerydemo-" + "k" * 40,
        "DATABASE_URL": devdb.database_url(db),  # created when missing
        "PYTHONPATH": str(FOLDER),
    }


def manage(*args: str, db: str = DATABASE, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python()), "manage.py", *args],
        cwd=FOLDER,
        env=env(db),
        check=True,
        capture_output=True,
        text=True,
        **kw,
    )


def extract(src: Path, commit: str) -> None:
    if (FOLDER / "manage.py").exists():
        return
    git_dir = src / ".git" if (src / ".git").exists() else src
    if not (git_dir / "HEAD").exists():
        sys.exit(
            f"{src} 不是 bakerydemo 的 git 仓库（git clone https://github.com/wagtail/bakerydemo）"
        )
    FOLDER.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(FOLDER)], input=archive, check=True)


def install() -> None:
    marker = FOLDER / ".venv" / ".installed"
    if marker.exists():
        return
    venv.create(FOLDER / ".venv", with_pip=True)
    pip = [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [
            *pip,
            "-r",
            "requirements/base.txt",
            "gunicorn>=23,<24",
            "psycopg2-binary>=2.9,<3",
            # 0.9 fails on Python 3.11 when a task is enqueued (load_initial_data does):
            # "super(type, obj): obj must be an instance or subtype of type".
            "django-tasks>=0.8,<0.9",
        ],
        cwd=FOLDER,
        check=True,
    )
    marker.touch()


def load(db: str) -> None:
    (FOLDER / "bench_settings.py").write_text(SETTINGS)
    manage("migrate", "--noinput", db=db)
    has_pages = "from wagtail.models import Page; print(Page.objects.count() > 2)"
    if manage("shell", "-c", has_pages, db=db).stdout.strip() != "True":
        manage("load_initial_data", db=db)
        manage("update_index", db=db)
    manage("collectstatic", "--noinput", db=db)


def build(src: Path, commit: str = COMMIT, db: str = DATABASE) -> Path:
    extract(src, commit)
    install()
    load(db)
    return FOLDER


def gunicorn_command(bind: str, workers: int, threads: int) -> tuple[list[str], Path, dict]:
    """bakerydemo under the portal's gunicorn settings: the same workers, threads and
    worker class (gthread), no access log."""
    cmd = [
        str(python()),
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--preload",
        "bakerydemo.wsgi:application",
    ]
    return cmd, FOLDER, env()


PAGES = """
import json
from bakerydemo.blog.models import BlogIndexPage, BlogPage
index = BlogIndexPage.objects.live().first()
post = BlogPage.objects.live().order_by("pk").first()
print(json.dumps({"home": "/", "section": index.url, "article": post.url}))
"""


def pages(db: str = DATABASE) -> dict[str, str]:
    """The pages that stand beside the portal's: home, the blog index (a section), one
    blog post (an article)."""
    return json.loads(manage("shell", "-c", PAGES, db=db).stdout.strip().splitlines()[-1])


def words() -> list[str]:
    """Distinct words of bakerydemo's own demo content (its fixture, tags stripped),
    shuffled with a fixed seed: new search queries for it, as the portal's come from its
    test corpus."""
    text = (FOLDER / "bakerydemo" / "base" / "fixtures" / "bakerydemo.json").read_text()
    text = re.sub(r"<[^>]*>|\\u[0-9a-f]{4}|https?://\S+", " ", text)
    found = list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)))
    random.Random(13).shuffle(found)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--src",
        type=Path,
        default=Path(os.environ.get("BAKERYDEMO_SRC", "/work/.mirror/wagtail+bakerydemo/repo")),
        help="bakerydemo's repository (a checkout or a bare git directory)",
    )
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--db", default=DATABASE)
    args = parser.parse_args()
    print(build(args.src, args.commit, args.db))
    print(pages(args.db))


if __name__ == "__main__":
    main()
