"""The simulator's user-error type.

It subclasses `QuizzerError`, so the command line prints the message and exits 1 without a
traceback, and `ValueError`, so library callers can catch it without knowing Quizzer.
"""

from quizzer.errors import QuizzerError


class SimConfigError(QuizzerError, ValueError):
    """A bad scenario id or hyperparameter: the message says which and what is allowed."""
