"""No network unless a command asks for one; no credential ever on the command line.

The network check runs real `kg` processes with an audit hook (installed through a
`sitecustomize` module on PYTHONPATH) that records every DNS lookup and every
internet socket connect, and refuses them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import click
import pytest

from kg.cli import cli
from kg.pipeline import EXAMPLE

_GUARD = '''
import os, socket, sys

_LOG = os.environ["KG_TEST_NETWORK_LOG"]

def _refuse_network(event, args):
    if event == "socket.getaddrinfo" or (
        event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6)
    ):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {args[1:]!r}\\n")
        raise OSError("network use refused by the test")

sys.addaudithook(_refuse_network)
'''


@pytest.fixture
def guarded_env(tmp_path) -> tuple[dict[str, str], Path]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(_GUARD)
    log = tmp_path / "network.log"
    env = os.environ | {"PYTHONPATH": str(guard), "KG_TEST_NETWORK_LOG": str(log)}
    return env, log


def test_the_guard_notices_a_connection(guarded_env, kg_script):
    env, log = guarded_env
    python = kg_script.with_name("python")
    for attempt in ("socket.getaddrinfo('example.org', 80)", "socket.socket().connect(('192.0.2.1', 80))"):
        subprocess.run([str(python), "-c", f"import socket; {attempt}"], env=env, capture_output=True, timeout=60)
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["socket.getaddrinfo", "socket.connect"]


def test_build_and_query_make_no_connection(guarded_env, kg_script, tmp_path):
    env, log = guarded_env
    out = tmp_path / "out"
    commands = [
        ["build", str(EXAMPLE), "--out", str(out)],
        ["query", "most_used_methods", "--db", str(out / "kg.db")],
    ]
    for command in commands:
        done = subprocess.run([str(kg_script), *command], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert not log.exists(), log.read_text()


def _options(command: click.Command, path: str = "kg"):
    yield from ((path, param) for param in command.params if isinstance(param, click.Option))
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _options(sub, f"{path} {name}")


def test_no_command_takes_a_credential_as_an_option():
    secrets = ("password", "passwd", "secret", "token", "credential", "auth", "apikey", "api-key", "user")
    offenders = [f"{path} {opt}" for path, param in _options(cli) for opt in param.opts
                 if any(word in opt.lower() for word in secrets)]
    assert offenders == []
