"""SQLite progress store: learners, sessions, every answer, and FSRS review state.

Public API (stable; the TUI and the commands code against it)::

    from quizzer.store import open_store, default_db_path, default_learner_name
    store = open_store(path_or_None)   # --db, else $QUIZZER_DB, else the user data dir
    store.recovered                    # None, or a StoreRecovery: a corrupt/newer database
                                       # was moved aside (show `str(store.recovered)`)
    learner = store.learner("ada")     # get-or-create by local name
    session = store.start_session(learner, lesson_id, "practice")  # practice|exam|review|cram
    store.record_attempt(session, question_id=q.id, content_hash=q.content_hash,
                         chosen=("B",), correct=True, seconds=12.5,
                         key=q.correct_keys)   # committed before it returns
    store.finish_session(session)
    store.attempts(learner, lesson_id=..., question_id=...)  # history, oldest first
    store.close()                      # or `with open_store() as store:`
    read_attempts(path, learner_name=None)  # [(Learner, Attempt)] read-only, for stats/export

Errors (unwritable folder, disk full) raise StoreError, a QuizzerError whose message names
the file. Durability, locking and recovery choices are explained in `store.py` and
`recovery.py`; results export (CSV/JSON) is in `export.py`.
"""

from quizzer.store.location import default_db_path
from quizzer.store.readonly import read_attempts
from quizzer.store.records import Attempt, Learner, Mode, ReviewState, Session
from quizzer.store.recovery import StoreRecovery
from quizzer.store.schema import SCHEMA_VERSION
from quizzer.store.store import Store, StoreError, default_learner_name, open_store

__all__ = [
    "SCHEMA_VERSION",
    "Attempt",
    "Learner",
    "Mode",
    "ReviewState",
    "Session",
    "Store",
    "StoreError",
    "StoreRecovery",
    "default_db_path",
    "default_learner_name",
    "open_store",
    "read_attempts",
]
