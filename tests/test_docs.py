"""The README stays true: every command kg has is documented there, and its quick start exists."""

from pathlib import Path

import click

from kg.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = "kg") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix} {name}"))
    return names


def test_every_command_is_in_the_readme():
    missing = [name for name in _commands(cli) if f"`{name}" not in README]
    assert missing == []


def test_the_two_setup_commands_are_the_makefile_targets():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    for target in ("demo", "test"):
        assert f"make {target}" in README and f"\n{target}:" in makefile
