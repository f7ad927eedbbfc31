"""Where the progress database lives: `--db`, else `$QUIZZER_DB`, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "QUIZZER_DB"
DB_FILENAME = "progress.db"


def default_db_path() -> Path:
    """The database path when no `--db` is given: `$QUIZZER_DB` or the platform's data dir."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return user_data_path("quizzer", appauthor=False) / DB_FILENAME


def resolve_db_path(path: Path | str | None) -> Path:
    """An explicit path wins; otherwise the default."""
    return Path(path).expanduser() if path is not None else default_db_path()
