"""Local SPARQL servers started for tests, benchmarks and a laptop deployment."""
from __future__ import annotations

import shutil


def tied_to_this_process(command: list[str]) -> list[str]:
    """The command, sent SIGTERM when the process that starts it dies, even by SIGKILL (which
    runs no cleanup, so a killed test run left its servers behind): util-linux's `setpriv
    --pdeathsig`, where there is one (it execs the command: same pid). Linux ties the signal to
    the starting thread: start a server from a thread that outlives it."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *command] if setpriv else command
