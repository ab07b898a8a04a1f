"""gunicorn's control socket (gunicornc): one per instance of deploy/portal@.service.

By default every gunicorn a user runs listens at ~/.gunicorn/gunicorn.ctl: the instance
started last takes the path over and stopping any of them deletes it, so gunicornc
reached one instance, which one depending on the restart order. The units give each
instance its own path in its own runtime directory."""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.ctl.client import ControlClient

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(name: str, instance: str = "") -> dict[str, str]:
    """The [Service] settings of a unit file, with %i replaced by `instance`."""
    text = (DEPLOY / name).read_text("utf-8").replace("%i", instance)
    return dict(re.findall(r"^(\w+)=(.*)$", text, re.MULTILINE))


def control_socket(service: dict[str, str]) -> str:
    args = shlex.split(service["ExecStart"])
    return args[args.index("--control-socket") + 1]


@pytest.mark.parametrize(
    ("name", "instance"), [("portal@.service", "8001"), ("portal.service", "")]
)
def test_the_control_socket_is_in_the_units_own_runtime_directory(name, instance):
    service = unit(name, instance)
    path = control_socket(service)
    assert Path(path).parent == Path("/run") / service["RuntimeDirectory"]


def test_every_instance_and_the_single_unit_have_their_own_control_socket():
    paths = [control_socket(unit("portal@.service", port)) for port in ("8001", "8002")]
    paths.append(control_socket(unit("portal.service")))
    assert len(set(paths)) == 3


def _start(tmp_path, port: str, socket_path: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--control-socket", socket_path, "app:app"],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path / "home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _listening(socket_path: str, timeout: float = 20) -> str:
    """The address the instance behind `socket_path` serves, once it answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with ControlClient(socket_path, timeout=5) as client:
                return client.send_command("show listeners")["listeners"][0]["address"]
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_two_instances_on_one_host_each_answer_on_their_own_socket(tmp_path):
    """portal@8001 and portal@8002 as the unit starts them (systemd makes /run/portal-%i;
    here under tmp_path); stopping one leaves the other reachable."""
    (tmp_path / "app.py").write_text(
        "def app(environ, start_response):\n    start_response('200 OK', [])\n    return [b'ok']\n"
    )
    ports = {"8001": "18731", "8002": "18732"}  # the instance names; free test ports
    sockets, servers = {}, {}
    for instance, port in ports.items():
        service = unit("portal@.service", instance)
        path = tmp_path / control_socket(service).lstrip("/")
        path.parent.mkdir(parents=True)
        sockets[instance] = str(path)
        servers[instance] = _start(tmp_path, port, str(path))
        _listening(sockets[instance])
    try:
        for instance, port in ports.items():
            assert _listening(sockets[instance]).endswith(f":{port}")
        servers["8001"].send_signal(signal.SIGTERM)
        servers["8001"].wait(timeout=30)
        assert _listening(sockets["8002"]).endswith(":18732")
    finally:
        for server in servers.values():
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
