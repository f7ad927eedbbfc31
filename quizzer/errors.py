"""The one exception type that means "the user gave us something wrong": printed, never traced."""


class QuizzerError(Exception):
    """A problem with the user's input (a path, a bank, a database, an option).

    The command line prints its message and exits 1; it never shows a traceback.
    """
