"""The one exception of the read stage, apart so every reader module can raise it."""
from __future__ import annotations


class ReadError(Exception):
    """The file is not a readable document; the message says why (shown to the user)."""
