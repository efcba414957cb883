"""Unicode-aware LIKE for SQLite.

SQLite's own LIKE folds only ASCII letters, so ``name_bg__icontains="софия"`` would miss
"София". PostgreSQL folds every script. Registering a ``like`` function replaces
SQLite's operator on each new connection, so searches behave the same on both
databases (as on SQLite before, ``contains`` is case-insensitive too).
"""

import functools
import re


@functools.lru_cache(maxsize=512)
def _like_regex(pattern, escape):
    parts = []
    chars = iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern, escape).fullmatch(str(value)) is not None


def register_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
