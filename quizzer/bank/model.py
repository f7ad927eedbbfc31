"""The bank format: one pydantic model, the single source of truth.

The JSON Schema (`quizzer schema`), the validator and the importers all derive from these
classes. Field names are the authoring contract documented in docs/authoring.md.
"""

from __future__ import annotations

import hashlib
import json
import string
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=80),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Difficulty = Literal["easy", "medium", "challenging"]
QuestionType = Literal["single", "multiple"]

OPTION_KEYS = string.ascii_uppercase


class StrictModel(BaseModel):
    """Unknown fields are errors: in hand-written YAML they are almost always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LessonInfo(StrictModel):
    """What the lesson is: shown on the lesson picker and the lesson home."""

    id: Slug
    title: Text
    subject: Text
    level: Text
    duration_minutes: Annotated[int, Field(gt=0, le=600)]
    summary: Text


class Objective(StrictModel):
    """A learning objective; questions name the objectives they assess by id."""

    id: Slug
    text: Text


class VocabularyTerm(StrictModel):
    term: Text
    definition: Text
    example: Text


class Pattern(StrictModel):
    """A core pattern of the lesson: a formula, an algorithm, a rule, with its explanation."""

    title: Text
    formula: str | None = None
    explanation: Text
    steps: list[Text] = Field(default_factory=list)


class Option(StrictModel):
    """One answer option. Its identity is its letter in authored order (A, B, ...)."""

    text: Text
    correct: bool = False
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
    id: Slug
    type: QuestionType = "single"
    stem: Text
    options: Annotated[list[Option], Field(min_length=2, max_length=len(OPTION_KEYS))]
    explanation: Text
    objectives: Annotated[list[Slug], Field(min_length=1)]
    difficulty: Difficulty = "medium"
    tags: list[Slug] = Field(default_factory=list)
    simulation: SimulationLink | None = None

    @field_validator("options")
    @classmethod
    def _check_key(cls, options: list[Option], info) -> list[Option]:
        correct = sum(option.correct for option in options)
        kind = info.data.get("type", "single")
        if kind == "single" and correct != 1:
            raise ValueError(
                f"a 'single' question needs exactly one correct option, found {correct}"
            )
        if kind == "multiple" and correct < 1:
            raise ValueError("a 'multiple' question needs at least one correct option, found 0")
        seen: dict[str, int] = {}
        for index, option in enumerate(options):
            key = " ".join(option.text.split()).casefold()
            if key in seen:
                raise ValueError(
                    f"option {OPTION_KEYS[index]} repeats option {OPTION_KEYS[seen[key]]}"
                )
            seen[key] = index
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
        """Hash of what a student answers (type, stem, options, key): edits change it."""
        payload = self.model_dump(include={"type", "stem", "options"})
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

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)
