"""The bank format: one pydantic model, the single source of truth.

The JSON Schema (`quizzer schema`), the validator and the importers all derive from these
classes. Field names are the authoring contract documented in docs/authoring.md.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import string
from collections.abc import Iterable
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType, ValidatorFunctionWrapHandler

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
Difficulty = Literal["easy", "medium", "challenging"]
QuestionType = Literal["single", "multiple"]

OPTION_KEYS = string.ascii_uppercase

_SINGLE_KEY = "a 'single' question needs exactly one correct option, found {found}"
_MULTIPLE_KEY = "a 'multiple' question needs at least one correct option, found {found}"
_KNOWN_ERROR_TYPES = frozenset(get_args(ErrorType))


class StrictModel(BaseModel):
    """Unknown fields are errors: in hand-written YAML they are almost always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LessonInfo(StrictModel):
    """What the lesson is: shown on the lesson picker and the lesson home."""

    id: Slug = Field(description="The lesson's id, unique in the bank (lowercase, digits, _.-).")
    title: Text = Field(description="Shown on the lesson picker.")
    subject: Text = Field(description="e.g. Computer Science.")
    level: Text = Field(description="e.g. Grade 12.")
    duration_minutes: Annotated[int, Field(gt=0, le=600)] = Field(
        description="Expected study time in minutes (1 to 600)."
    )
    summary: Text = Field(description="One or two sentences for the lesson's home screen.")


class Objective(StrictModel):
    """A learning objective; questions name the objectives they assess by id."""

    id: Slug = Field(description="Unique within the lesson; questions list it in `objectives`.")
    text: Text = Field(description="What a student can do, e.g. 'Explain ...'.")


class VocabularyTerm(StrictModel):
    """A term of the lesson's glossary."""

    term: Text
    definition: Text
    example: Text = Field(description="A concrete example of the term in use.")


class Pattern(StrictModel):
    """A core pattern of the lesson: a formula, an algorithm, a rule, with its explanation."""

    title: Text
    formula: str | None = Field(default=None, description="Shown literally, e.g. D*(x) = ...")
    explanation: Text
    steps: list[Text] = Field(default_factory=list, description="Shown as a numbered list.")


class Option(StrictModel):
    """One answer option. Its identity is its letter in authored order (A, B, ...)."""

    text: Text = Field(description="What the student sees.")
    correct: bool = Field(default=False, description="Whether this option is part of the key.")
    feedback: str = Field(default="", description="Why this option is right or wrong.")


class SimulationLink(StrictModel):
    """Links a question to a simulator scenario that shows what the question is about."""

    scenario: Slug = Field(description="Id of a scenario in `quizzer sim list`.")
    compare: Slug | None = Field(
        default=None,
        description="Scenario to show beside it (default: the scenario's own fix).",
    )
    watch: Text = Field(description="What the student should look at while it runs.")


class Question(StrictModel):
    """A multiple-choice question: one correct option (`single`) or one or more (`multiple`)."""

    id: Slug = Field(description="Unique across the whole bank; results are stored under it.")
    type: QuestionType = Field(default="single", description="single: one key; multiple: 1+.")
    stem: Text = Field(description="The question itself.")
    options: Annotated[list[Option], Field(min_length=2, max_length=len(OPTION_KEYS))] = Field(
        description="2 to 26 options; their letters (A, B, ...) follow the authored order."
    )
    explanation: Text = Field(description="Shown after answering: why the key is right.")
    objectives: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of the lesson's objectives that this question assesses."
    )
    difficulty: Difficulty = "medium"
    tags: list[Slug] = Field(default_factory=list, description="Free labels for selection.")
    simulation: SimulationLink | None = Field(
        default=None, description="A simulator scenario that shows what the question is about."
    )

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        """The answer key must fit the type, and no option may repeat another."""
        errors = _repeated_option_errors(options)
        kind = info.data.get("type")
        correct = sum(option.correct for option in options)
        if kind == "single" and correct != 1:
            errors.insert(0, _located((), "answer_key", _SINGLE_KEY, {"found": correct}))
        if kind == "multiple" and correct < 1:
            errors.insert(0, _located((), "answer_key", _MULTIPLE_KEY, {"found": correct}))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return options

    @property
    def option_keys(self) -> list[str]:
        """The stable identities of the options: letters in authored order."""
        return list(OPTION_KEYS[: len(self.options)])

    @property
    def correct_keys(self) -> frozenset[str]:
        keyed = zip(self.option_keys, self.options, strict=True)
        return frozenset(key for key, option in keyed if option.correct)

    @property
    def content_hash(self) -> str:
        """Hash of what a student answers (type, stem, option texts, key): edits change it.

        Feedback, explanation, tags and objectives are left out: improving the teaching text
        must not make review and statistics treat the question as a new one.
        """
        payload = self.model_dump(
            include={"type": True, "stem": True, "options": {"__all__": {"text", "correct"}}}
        )
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


class Lesson(StrictModel):
    """One bank file: a lesson with its objectives, vocabulary, patterns and questions."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Quizzer lesson bank",
        json_schema_extra={"$id": "https://quizzer.invalid/schema/lesson.json"},
    )

    lesson: LessonInfo
    objectives: Annotated[list[Objective], Field(min_length=1)]
    vocabulary: list[VocabularyTerm] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _cross_check(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Lesson:
        """Ids must be unique and references must resolve.

        These checks read the raw data, so they are reported together with every other
        error of the file rather than only once the rest is valid.
        """
        cross_errors = _cross_reference_errors(data)
        try:
            lesson = handler(data)
        except ValidationError as error:
            if not cross_errors:
                raise
            kept = [_error_details(detail) for detail in error.errors()]
            raise ValidationError.from_exception_data(cls.__name__, kept + cross_errors) from None
        if cross_errors:
            raise ValidationError.from_exception_data(cls.__name__, cross_errors)
        return lesson

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


def _located(
    loc: tuple[str | int, ...], kind: str, message: str, context: dict[str, Any], value: Any = None
) -> InitErrorDetails:
    """An error at `loc` (relative to the value being validated) with a human message.

    A context key `first` holds the location of the earlier twin of a duplicate (it replaces
    as many trailing steps of the error's own location), so that the loader can name its line.
    """
    return InitErrorDetails(type=PydanticCustomError(kind, message, context), loc=loc, input=value)


def _repeated_option_errors(options: list[Option]) -> list[InitErrorDetails]:
    errors: list[InitErrorDetails] = []
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        text = " ".join(option.text.split()).casefold()
        if text in seen:
            message = "option {option} repeats option {first_option}"
            context = {
                "option": OPTION_KEYS[index],
                "first_option": OPTION_KEYS[seen[text]],
                "first": (seen[text], "text"),
            }
            errors.append(_located((index, "text"), "repeated_option", message, context))
        else:
            seen[text] = index
    return errors


def _mappings(value: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    """Index and item of each mapping in a raw list; anything malformed is skipped here."""
    if isinstance(value, list):
        yield from ((index, item) for index, item in enumerate(value) if isinstance(item, dict))


def _cross_reference_errors(data: Any) -> list[InitErrorDetails]:
    """Duplicate objective ids, duplicate question ids and unknown objective references."""
    if not isinstance(data, dict):
        return []
    errors: list[InitErrorDetails] = []
    objective_ids: dict[str, int] = {}
    for index, objective in _mappings(data.get("objectives")):
        objective_id = objective.get("id")
        if not isinstance(objective_id, str):
            continue
        if objective_id in objective_ids:
            first = ("objectives", objective_ids[objective_id], "id")
            message = "duplicate objective id '{id}'"
            context = {"id": objective_id, "first": first}
            errors.append(_located(("objectives", index, "id"), "duplicate_id", message, context))
        else:
            objective_ids[objective_id] = index
    question_ids: dict[str, int] = {}
    for index, question in _mappings(data.get("questions")):
        question_id = question.get("id")
        if isinstance(question_id, str) and question_id in question_ids:
            first = ("questions", question_ids[question_id], "id")
            message = "duplicate question id '{id}'"
            context = {"id": question_id, "first": first}
            errors.append(_located(("questions", index, "id"), "duplicate_id", message, context))
        elif isinstance(question_id, str):
            question_ids[question_id] = index
        if isinstance(data.get("objectives"), list):
            errors.extend(_unknown_objective_errors(index, question, objective_ids))
    return errors


def _unknown_objective_errors(
    index: int, question: dict[str, Any], known: dict[str, int]
) -> list[InitErrorDetails]:
    references = question.get("objectives")
    if not isinstance(references, list):
        return []
    errors: list[InitErrorDetails] = []
    for position, reference in enumerate(references):
        if not isinstance(reference, str) or reference in known:
            continue
        close = difflib.get_close_matches(reference, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(known)
        message = "unknown objective '{id}' ({hint})"
        loc = ("questions", index, "objectives", position)
        context = {"id": reference, "hint": hint if known else "the lesson has no objectives"}
        errors.append(_located(loc, "unknown_objective", message, context, reference))
    return errors


def _error_details(error: Any) -> InitErrorDetails:
    """Turn a reported error back into details that can be raised again unchanged."""
    kind = error["type"]
    context = error.get("ctx")
    if kind not in _KNOWN_ERROR_TYPES:
        kind = PydanticCustomError(kind, error["msg"], context)
        context = None
    details = InitErrorDetails(type=kind, loc=error["loc"], input=error.get("input"))
    if context is not None:
        details["ctx"] = context
    return details
