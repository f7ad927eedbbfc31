"""Loading banks: YAML files and folders in, validated lessons or located problems out.

bank = load_bank([Path("question_bank")])       # raises BankError listing every problem
bank, problems = check_bank([Path("a.yaml")])    # never raises; bank holds the good lessons
lesson = load_lesson_text(text, "pretend.yaml")  # the same checks on a string
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from quizzer.bank.locations import Document, Found
from quizzer.bank.messages import describe
from quizzer.bank.model import Lesson, Question
from quizzer.bank.problems import BankError, Problem
from quizzer.bank.yaml_nodes import YamlFatal, parse_document
from quizzer.errors import QuizzerError

__all__ = [
    "MAX_FILE_BYTES",
    "Bank",
    "BankError",
    "Problem",
    "UnknownIdError",
    "bank_files",
    "check_bank",
    "check_lesson_text",
    "load_bank",
    "load_lesson_text",
]

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest bank file read; a 10,000-question bank is about 12 MB."""

BANK_SUFFIXES = (".yaml", ".yml")

Loc = tuple[str | int, ...]


class UnknownIdError(QuizzerError, KeyError):
    """A question or lesson id that the bank does not hold."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class LoadedLesson:
    """A lesson with where it came from, kept so later checks (lint) can point into the file."""

    lesson: Lesson
    path: str
    document: Document

    def position(self, loc: Loc) -> tuple[int, int]:
        """1-based line and column of the value at `loc` (of its nearest existing parent)."""
        return _position(self.document, loc)

    def positions(self, locs: Iterable[Loc]) -> dict[Loc, tuple[int, int]]:
        """Like `position` for many paths, in one pass over the file."""
        found = self.document.locate(locs)
        return {loc: (spot.position().line, spot.position().column) for loc, spot in found.items()}


@dataclass(frozen=True)
class Bank:
    """Every lesson loaded, in load order. Question ids are unique across the whole bank.

    `sources` maps a lesson id to the file it came from; `paths` lists every file and
    argument met while loading, in order, including those that failed.
    """

    loaded: list[LoadedLesson] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    @property
    def lessons(self) -> list[Lesson]:
        return [item.lesson for item in self.loaded]

    @property
    def sources(self) -> dict[str, Path]:
        return {item.lesson.lesson.id: Path(item.path) for item in self.loaded}

    @property
    def questions(self) -> list[Question]:
        return [question for item in self.loaded for question in item.lesson.questions]

    def lesson(self, lesson_id: str) -> Lesson:
        for item in self.loaded:
            if item.lesson.lesson.id == lesson_id:
                return item.lesson
        raise UnknownIdError(f"no lesson '{lesson_id}' in the bank")

    def question(self, question_id: str) -> Question:
        return self._find_question(question_id)[1]

    def lesson_of(self, question_id: str) -> Lesson:
        """The lesson that holds a question (for its objectives and vocabulary)."""
        return self._find_question(question_id)[0].lesson

    @functools.cached_property
    def _question_index(self) -> dict[str, tuple[LoadedLesson, Question]]:
        return {
            question.id: (item, question)
            for item in self.loaded
            for question in item.lesson.questions
        }

    def _find_question(self, question_id: str) -> tuple[LoadedLesson, Question]:
        try:
            return self._question_index[question_id]
        except KeyError:
            raise UnknownIdError(f"no question '{question_id}' in the bank") from None


def load_bank(paths: Iterable[Path]) -> Bank:
    """Load files and folders as one bank; raise BankError if anything is wrong."""
    bank, problems = check_bank(paths)
    if problems:
        raise BankError(problems)
    return bank


def check_bank(paths: Iterable[Path]) -> tuple[Bank, list[Problem]]:
    """Load what can be loaded and report every problem, in argument order, without raising."""
    loaded: list[LoadedLesson] = []
    documents: list[tuple[str, Document]] = []
    problems: list[Problem] = []
    order: list[str] = []
    for entry in _expand(paths):
        if isinstance(entry, Problem):
            problems.append(entry)
            order.append(entry.path)
            continue
        shown = str(entry)
        order.append(shown)
        lesson, document, file_problems = _check_file(entry, shown)
        problems.extend(file_problems)
        if document is not None:
            documents.append((shown, document))
        if lesson is not None and document is not None:
            loaded.append(LoadedLesson(lesson, shown, document))
    problems.extend(_cross_file_problems(documents))
    return Bank(_without_cross_file_duplicates(loaded), order), _ordered(problems, order)


def load_lesson_text(text: str, name: str = "<string>") -> Lesson:
    """One lesson from YAML text, reported as if it came from a file called `name`."""
    lesson, problems = check_lesson_text(text, name)
    if lesson is None:
        raise BankError(problems)
    return lesson


def check_lesson_text(text: str, name: str = "<string>") -> tuple[Lesson | None, list[Problem]]:
    """Like load_lesson_text, but returns the problems instead of raising."""
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [_too_big(name)]
    lesson, _, problems = _check_text(text, name)
    return lesson, problems


def bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by `paths`: files as given, folders' *.yaml/*.yml sorted by name."""
    entries = _expand(paths)
    files = [entry for entry in entries if isinstance(entry, Path)]
    return files, [entry for entry in entries if isinstance(entry, Problem)]


def _expand(paths: Iterable[Path]) -> list[Path | Problem]:
    """Each argument in turn: its files, or the problem that it names none."""
    entries: list[Path | Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
            entries.extend(
                inside or [Problem(str(path), None, None, "no .yaml or .yml files here")]
            )
        elif path.exists():
            entries.append(path)
        else:
            entries.append(Problem(str(path), None, None, "no such file or folder"))
    return entries


def _check_file(path: Path, shown: str) -> tuple[Lesson | None, Document | None, list[Problem]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, None, [_too_big(shown)]
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # devices and pipes have no size to stat
    except OSError as error:
        return None, None, [Problem(shown, None, None, f"cannot read: {error.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, None, [_too_big(shown)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, None, [Problem(shown, line, column, "not UTF-8 text; save it as UTF-8")]
    return _check_text(text, shown)


def _too_big(shown: str) -> Problem:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return Problem(shown, None, None, f"larger than {limit} MB; split it into several files")


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file loads.

    Building a big bank allocates hundreds of thousands of dicts and lists that form no
    cycles, yet each burst of allocations triggers another full collection pass; pausing it
    makes a 10,000-question bank load about a quarter faster (see benchmarks/).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_cycle_collector_paused()
def _check_text(text: str, shown: str) -> tuple[Lesson | None, Document | None, list[Problem]]:
    try:
        document = Document(text, parse_document(text))
    except YamlFatal as fatal:
        position = fatal.issue.position
        return None, None, [Problem(shown, position.line, position.column, fatal.issue.message)]
    if document.parsed.empty:
        empty = "the file is empty; a lesson needs at least 'lesson' and 'objectives'"
        return None, None, [Problem(shown, 1, 1, empty)]
    problems = [
        Problem(shown, issue.position.line, issue.position.column, issue.message)
        for issue in document.parsed.issues
    ]
    lesson, errors = _validate(document)
    problems.extend(_error_problems(shown, document, errors))
    if problems:
        return None, document, _ordered(problems)
    return lesson, document, []


def _validate(document: Document) -> tuple[Lesson | None, list[dict]]:
    """Validate the document; a number or true/false where text is expected is read as text.

    YAML turns `text: 42` or `text: yes` into a number or a boolean; the author meant the
    text they typed, so those values are replaced by their source text and validated again
    (this ends: each round turns at least one non-text value into text).
    """
    while True:
        try:
            return Lesson.model_validate(document.data), []
        except ValidationError as error:
            errors = error.errors()
        found = document.locate(error["loc"] for error in errors)
        errors = [e for e in errors if not _is_flagged(document, found[tuple(e["loc"])])]
        if not _retype_as_text(document, errors, found):
            return None, errors


def _is_flagged(document: Document, found: Found) -> bool:
    return found.exact and found.spot.value in document.parsed.flagged


def _retype_as_text(document: Document, errors: list[dict], found: dict[Loc, Found]) -> bool:
    retyped = False
    for error in errors:
        loc = tuple(error["loc"])
        spot = found[loc]
        if error["type"] == "string_type" and spot.exact and spot.spot.text is not None:
            _replace(document.data, loc, spot.spot.text)
            retyped = True
    return retyped


def _replace(data: object, loc: Loc, value: str) -> None:
    for step in loc[:-1]:
        data = data[step]  # type: ignore[index]
    data[loc[-1]] = value  # type: ignore[index]


def _error_problems(shown: str, document: Document, errors: list[dict]) -> list[Problem]:
    """One problem per error, all located in one pass (with the first of each duplicate)."""
    locs = [tuple(error["loc"]) for error in errors]
    firsts = [_first_loc(error) for error in errors]
    found = document.locate([*locs, *(first for first in firsts if first is not None)])
    problems = []
    for error, loc, first in zip(errors, locs, firsts, strict=True):
        position = found[loc].position(prefer_key=error["type"] == "extra_forbidden")
        message = describe(error)
        if first is not None:
            message += f" (first at line {found[first].position().line})"
        problems.append(Problem(shown, position.line, position.column, message))
    return problems


def _first_loc(error: dict) -> Loc | None:
    """Where the earlier twin of a duplicate sits, from the error's `first` context."""
    first = (error.get("ctx") or {}).get("first")
    if not first:
        return None
    loc = tuple(error["loc"])
    return loc[: len(loc) - len(first)] + tuple(first)


def _position(document: Document, loc: Loc) -> tuple[int, int]:
    position = document.find(loc).position()
    return position.line, position.column


def _raw_ids(document: Document, section: str) -> list[tuple[str, Loc]]:
    """Ids of a file's lessons or questions from the raw data, valid or not."""
    data = document.data
    if not isinstance(data, dict):
        return []
    if section == "lesson":
        info = data.get("lesson")
        has_id = isinstance(info, dict) and isinstance(info.get("id"), str)
        return [(info["id"], ("lesson", "id"))] if has_id else []
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    return [
        (question["id"], ("questions", index, "id"))
        for index, question in enumerate(questions)
        if isinstance(question, dict) and isinstance(question.get("id"), str)
    ]


def _cross_file_problems(documents: Sequence[tuple[str, Document]]) -> list[Problem]:
    """Lesson ids and question ids used in more than one file (located only once found)."""
    clashes: list[tuple[str, tuple[str, Document, Loc], tuple[str, Document, Loc]]] = []
    for section, noun in (("lesson", "lesson"), ("questions", "question")):
        first_place: dict[str, tuple[str, Document, Loc]] = {}
        for shown, document in documents:
            places_here: dict[str, tuple[str, Document, Loc]] = {}
            for item_id, loc in _raw_ids(document, section):
                here = (shown, document, loc)
                if item_id in first_place:
                    clashes.append((f"{noun} id '{item_id}'", here, first_place[item_id]))
                places_here.setdefault(item_id, here)
            for item_id, place in places_here.items():
                first_place.setdefault(item_id, place)
    wanted: dict[int, list[Loc]] = {}
    for _, (_, document, loc), (_, other_document, other_loc) in clashes:
        wanted.setdefault(id(document), []).append(loc)
        wanted.setdefault(id(other_document), []).append(other_loc)
    for _shown, document in documents:
        document.locate(wanted.get(id(document), []))
    problems = []
    for what, (shown, document, loc), (other_shown, other_document, other_loc) in clashes:
        line, column = _position(document, loc)
        other_line, other_column = _position(other_document, other_loc)
        message = f"{what} is already used at {other_shown}:{other_line}:{other_column}"
        problems.append(Problem(shown, line, column, message))
    return problems


def _without_cross_file_duplicates(loaded: list[LoadedLesson]) -> list[LoadedLesson]:
    """Keep the first of lessons that clash with an earlier file, so lookups stay unambiguous."""
    kept: list[LoadedLesson] = []
    lesson_ids: set[str] = set()
    question_ids: set[str] = set()
    for item in loaded:
        ids = {question.id for question in item.lesson.questions}
        if item.lesson.lesson.id in lesson_ids or ids & question_ids:
            continue
        kept.append(item)
        lesson_ids.add(item.lesson.lesson.id)
        question_ids |= ids
    return kept


def _ordered(problems: list[Problem], order: Sequence[str] = ()) -> list[Problem]:
    """Problems grouped by file (in `order`, else as met), then by position; repeats dropped."""
    file_order: dict[str, int] = {}
    for path in [*order, *(problem.path for problem in problems)]:
        file_order.setdefault(path, len(file_order))
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (file_order[p.path], p.line or 0, p.column or 0))
