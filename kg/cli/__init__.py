"""The `kg` command: a thin click layer; each command calls one library function.

Commands live in one module per group and are registered in `COMMAND_MODULES`, so a
new command is one module plus one line here.
"""

from __future__ import annotations

import importlib
import os

import click

from kg.errors import KGError

__all__ = ["cli", "main"]

#: modules whose `register(group)` adds their commands, in the order `kg --help` shows them.
COMMAND_MODULES: list[str] = [
    "kg.cli.build",
    "kg.cli.export",
    "kg.cli.analyze",
    "kg.cli.view",
    "kg.cli.neo4j",
    "kg.cli.query",
]


class KGGroup(click.Group):
    """Turns every KGError into one `Error: ...` line and exit code 1 (KG_DEBUG=1 shows the traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from None


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli() -> None:
    """Build a knowledge graph of research papers from the listings you already have."""


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(cli)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
