"""The `chidao` command line. Every command takes --store DIR (or $CHIDAO_STORE).

`main` is the click group; importing the command modules registers their commands on it.
"""
from chidao.cli import report_commands, service_commands, store_commands  # noqa: F401 (registers)
from chidao.cli.group import main

__all__ = ["main"]
