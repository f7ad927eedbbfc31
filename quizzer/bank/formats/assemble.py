"""Turns what an importer read (drafts) into a valid `Lesson`, making up what the source lacks.

GIFT, Moodle XML and Aiken have no lesson, no objectives and no explanation field that must
be filled, so a lesson is named after the file, categories become objectives (or one default
objective covers everything), ids come from titles and are made unique, and every question
is checked by the model itself: one that the model refuses is reported and skipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quizzer.bank.formats.metadata import Meta
from quizzer.bank.formats.report import FormatError, Notes
from quizzer.bank.formats.text import slugify, unique_slug
from quizzer.bank.messages import describe
from quizzer.bank.model import (
    Lesson,
    LessonInfo,
    Objective,
    Pattern,
    Question,
    VocabularyTerm,
)

NO_EXPLANATION = "No explanation was given in the imported file."
DEFAULT_OBJECTIVE = "imported"
MINUTES_PER_QUESTION = 1.5


@dataclass
class DraftOption:
    text: str
    correct: bool
    feedback: str = ""


@dataclass
class DraftQuestion:
    """A multiple-choice question as read from the source, before ids and objectives exist."""

    line: int | None
    name: str
    stem: str
    options: list[DraftOption]
    kind: str = "single"
    explanation: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    category: str | None = None
    category_line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    dropped_markup: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """How reports name the question: its title, else the start of its stem."""
        return self.name or " ".join(self.stem.split())[:40] or "(untitled)"


@dataclass
class DraftBank:
    """Everything an importer read from one file."""

    path: Path
    format_label: str
    questions: list[DraftQuestion] = field(default_factory=list)
    metas: list[tuple[int | None, Meta]] = field(default_factory=list)


def category_path(category: str) -> list[str]:
    """The meaningful parts of a Moodle category path (`$course$/top/Unit 1` -> `['Unit 1']`).

    Moodle writes a literal slash in a category name as `//`.
    """
    parts = [part.replace("\0", "/").strip() for part in category.replace("//", "\0").split("/")]
    parts = [part for part in parts if part]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


class _Assembler:
    """Builds one lesson, remembering the objectives and ids it has handed out."""

    def __init__(self, draft: DraftBank, notes: Notes) -> None:
        self.draft = draft
        self.notes = notes
        self.objectives: dict[str, Objective] = {}
        self.category_objective: dict[str, str] = {}
        self.question_ids: set[str] = set()
        self.missing_explanations = 0

    def lesson_info(self, meta: dict[str, Any] | None, question_count: int) -> LessonInfo:
        """The lesson details carried in a comment, else ones made up from the file name."""
        if meta is not None:
            try:
                return LessonInfo.model_validate(meta)
            except ValidationError:
                self.notes.add(None, "lesson details in a 'quizzer: lesson' comment are invalid")
        stem = self.draft.path.name.split(".")[0] or self.draft.path.stem
        minutes = math.ceil(question_count * MINUTES_PER_QUESTION)
        title = " ".join(stem.replace("_", " ").replace("-", " ").split()) or "imported lesson"
        return LessonInfo(
            id=slugify(stem) or "imported-lesson",
            title=title[:1].upper() + title[1:],
            subject="Imported questions",
            level="Not specified",
            duration_minutes=min(600, max(5, minutes)),
            summary=f"Imported from {self.draft.path.name} ({self.draft.format_label}).",
        )

    def objective_for_category(self, line: int | None, category: str) -> str | None:
        if category in self.category_objective:
            return self.category_objective[category]
        parts = category_path(category)
        if not parts:
            return None
        wanted = slugify("-".join(parts)) or "category"
        objective_id = unique_slug(wanted, set(self.objectives))
        self.objectives[objective_id] = Objective(id=objective_id, text=" / ".join(parts))
        self.category_objective[category] = objective_id
        self.notes.add(line, f"made objective '{objective_id}' from category '{category}'")
        return objective_id

    def default_objective(self) -> str:
        if DEFAULT_OBJECTIVE not in self.objectives:
            self.objectives[DEFAULT_OBJECTIVE] = Objective(
                id=DEFAULT_OBJECTIVE,
                text=f"Questions imported from {self.draft.path.name}",
            )
        return DEFAULT_OBJECTIVE

    def question_id(self, draft: DraftQuestion) -> str:
        wanted = slugify(draft.idnumber) or slugify(draft.name)
        if not wanted:
            wanted = slugify(" ".join(draft.stem.split()[:6])) or "question"
        chosen = unique_slug(wanted, self.question_ids)
        if chosen != wanted:
            self.notes.add(draft.line, f"question id '{wanted}' is taken; used '{chosen}'")
        return chosen

    def question_objectives(self, draft: DraftQuestion) -> list[str]:
        wanted = draft.meta.get("objectives")
        if isinstance(wanted, list) and wanted and all(o in self.objectives for o in wanted):
            return wanted
        if draft.category:
            line = draft.category_line or draft.line
            from_category = self.objective_for_category(line, draft.category)
            if from_category:
                return [from_category]
        return [self.default_objective()]

    def question(self, draft: DraftQuestion) -> Question | None:
        """The model's question for a draft, or None (noted) when the model refuses it."""
        fields: dict[str, Any] = {
            "type": draft.kind,
            "stem": draft.stem,
            "options": [
                {"text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in draft.options
            ],
            "explanation": draft.explanation if draft.explanation.strip() else NO_EXPLANATION,
            "tags": list(dict.fromkeys(t for t in map(slugify, draft.tags) if t)),
        }
        if reason := self.refusal(fields):
            self.notes.add(draft.line, f"skipped question '{draft.label}': {reason}")
            return None
        extras = {k: draft.meta[k] for k in ("difficulty", "simulation") if draft.meta.get(k)}
        if extras and self.refusal({**fields, **extras}):
            self.notes.add(draft.line, "ignored invalid difficulty or simulation in 'quizzer:'")
            extras = {}
        if not draft.explanation.strip():
            self.missing_explanations += 1
        return Question.model_validate(
            {
                **fields,
                **extras,
                "id": self.question_id(draft),
                "objectives": self.question_objectives(draft),
            }
        )

    @staticmethod
    def refusal(fields: dict[str, Any]) -> str | None:
        """Why the model refuses these fields (in the loader's words), checked before ids are
        handed out so a skipped question does not take one."""
        try:
            Question.model_validate({**fields, "id": "probe", "objectives": ["probe"]})
        except ValidationError as error:
            return "; ".join(
                describe({**e, "loc": ("questions", 0, *e["loc"])}) for e in error.errors()
            )
        return None

    def known_objectives(self) -> None:
        for line, meta in self.draft.metas:
            if meta.kind != "objective":
                continue
            try:
                objective = Objective.model_validate(meta.data)
            except ValidationError:
                self.notes.add(line, "ignored an invalid 'quizzer: objective' comment")
                continue
            self.objectives.setdefault(objective.id, objective)

    def extras(self, kind: str, model: type[VocabularyTerm] | type[Pattern]) -> list[Any]:
        items = []
        for line, meta in self.draft.metas:
            if meta.kind == kind:
                try:
                    items.append(model.model_validate(meta.data))
                except ValidationError:
                    self.notes.add(line, f"ignored an invalid 'quizzer: {kind}' comment")
        return items

    def lesson(self) -> Lesson:
        lesson_metas = [(line, m.data) for line, m in self.draft.metas if m.kind == "lesson"]
        for line, _ in lesson_metas[1:]:
            self.notes.add(line, "several lessons in one file: merged into the first one")
        self.known_objectives()
        questions = [q for q in map(self.question, self.draft.questions) if q is not None]
        if not questions:
            self.notes.add(None, "nothing imported: no multiple-choice or true/false question")
            raise FormatError(self.notes.sorted())
        if self.missing_explanations:
            self.notes.add(
                None,
                f"{self.missing_explanations} question(s) had no general feedback; their "
                f"explanation says '{NO_EXPLANATION}' until you write one",
            )
        return Lesson(
            lesson=self.lesson_info(lesson_metas[0][1] if lesson_metas else None, len(questions)),
            objectives=list(self.objectives.values()),
            vocabulary=self.extras("vocabulary", VocabularyTerm),
            patterns=self.extras("pattern", Pattern),
            questions=questions,
        )


def assemble(draft: DraftBank, notes: Notes) -> Lesson:
    """The lesson for `draft`; what had to be skipped or made up goes into `notes`."""
    return _Assembler(draft, notes).lesson()
