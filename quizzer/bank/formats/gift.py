"""Moodle GIFT in and out, following Moodle's own parser (question/format/gift/format.php).

Import: blank lines separate questions; `//` lines are comments (Moodle's `[tag:x]` and
`[id:x]` in them become tags and the question id; `quizzer:` lines carry Quizzer's own
fields); `$CATEGORY:` becomes an objective; `::title::` the question id; `=`/`~` answers,
`%w%` weights, `#` feedback, `####` general feedback (the explanation), `{T}`/`{F}` two
options True/False; `[html]` text becomes plain text, `[plain]`/`[markdown]`/`[moodle]`
markers are stripped. Escapes `\\ \\~ \\= \\# \\{ \\} \\:` and `\\n` are honoured. Essay,
numerical, matching, short-answer and description questions are reported and skipped; a
missing-word multiple-choice question is imported with `_____` in its stem, as Moodle does.

Export writes every question as `[plain]` text (Quizzer shows text literally), the
explanation as general feedback, multiple-answer weights that Moodle accepts, tags and ids
as Moodle's `[tag:]`/`[id:]` comments, and the rest as `// quizzer:` comments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizzer.bank.formats import metadata
from quizzer.bank.formats.assemble import DraftBank, DraftOption, DraftQuestion, assemble
from quizzer.bank.formats.report import (
    ExportResult,
    FormatError,
    ImportResult,
    Note,
    Notes,
)
from quizzer.bank.formats.text import Converted, html_to_text, read_text
from quizzer.bank.formats.weights import answer_key, format_percent, is_true_false, share
from quizzer.bank.model import Lesson, Question

LineAt = Callable[[int], int]
"""Maps a position in a question's text to its line in the file."""

FORMAT_LABEL = "GIFT"
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")
TRUE_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
BLANK = "_____"

# Escaped characters are swapped for private-use placeholders before any structural parsing,
# exactly like Moodle's escapedchar_pre/escapedchar_post, then swapped back in the texts.
_ESCAPABLE = "\\:#={}~n"
_PLACEHOLDERS = {char: chr(0xF0000 + index) for index, char in enumerate(_ESCAPABLE)}
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_RESTORE = str.maketrans({p: ("\n" if c == "n" else c) for c, p in _PLACEHOLDERS.items()})
_WEIGHT_RE = re.compile(r"%(-?\d{1,3}(?:\.\d+)?)%")
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
_ID_RE = re.compile(r"\[id:([^\]]+)\]")
_EXPORT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"}
    | {"\n": "\\n", "\r": ""}
)


def _protect(line: str) -> str:
    return _ESCAPE_RE.sub(lambda match: _PLACEHOLDERS[match.group(1)], line)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


@dataclass
class _Block:
    """Lines between blank lines: one question (or a category switch) and its comments."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)


def _blocks(text: str) -> list[_Block]:
    blocks, current = [], _Block()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current.lines or current.comments:
                blocks.append(current)
            current = _Block()
        elif stripped.startswith("//"):
            current.comments.append((number, stripped[2:].strip()))
        else:
            current.lines.append((number, _protect(line)))
    if current.lines or current.comments:
        blocks.append(current)
    return blocks


def _split_format(raw: str, default: str) -> tuple[str, str]:
    """(format, rest) of a text that may start with a `[html]`-style marker."""
    raw = raw.strip()
    if raw.startswith("["):
        end = raw.find("]")
        name = raw[1:end] if end > 0 else ""
        if name in TEXT_FORMATS:
            return name, raw[end + 1 :].strip()
    return default, raw


def _convert(raw: str, default: str) -> Converted:
    """Marker stripped, escapes restored, HTML turned into plain text."""
    text_format, rest = _split_format(raw, default)
    text = _restore(rest)
    if text_format == "html":
        return Converted(*html_to_text(text))
    return Converted(text)


class _Reader:
    def __init__(self, path: Path, notes: Notes) -> None:
        self.path = path
        self.notes = notes
        self.draft = DraftBank(path, FORMAT_LABEL)
        self.errors: list[Note] = []
        self.category: str | None = None
        self.category_line: int | None = None

    def error(self, line: int, message: str) -> None:
        self.errors.append(Note(str(self.path), line, message))

    def read(self, text: str) -> DraftBank:
        for block in _blocks(text):
            self.block(block)
        if self.errors:
            raise FormatError(self.errors)
        return self.draft

    def block(self, block: _Block) -> None:
        question_meta: dict = {}
        idnumber, tags = "", []
        for line, comment in block.comments:
            meta = metadata.decode(comment)
            if meta is not None and meta.kind == "question":
                question_meta = meta.data
            elif meta is not None:
                self.draft.metas.append((line, meta))
            if meta is not None:
                continue
            tags += _TAG_RE.findall(comment)
            idnumber = next(iter(_ID_RE.findall(comment)), idnumber)
        lines = block.lines
        if lines and lines[0][1].lstrip().startswith("$CATEGORY:"):
            self.category = _restore(lines[0][1].lstrip()[len("$CATEGORY:") :]).strip() or None
            self.category_line = lines[0][0]
            lines = lines[1:]
        if not lines:
            return
        starts, offset = [], 0
        for _, line_text in lines:
            starts.append(offset)
            offset += len(line_text) + 1
        numbers = [number for number, _ in lines]
        body = "\n".join(line_text for _, line_text in lines)

        def line_at(position: int) -> int:
            return numbers[bisect_right(starts, position) - 1]

        question = self.question(body, line_at)
        if question is not None:
            question.idnumber = idnumber.strip()
            question.tags = [tag.strip() for tag in tags]
            question.meta = question_meta
            self.draft.questions.append(question)

    def braces(self, body: str, line_at: LineAt) -> tuple[int, int] | None:
        """The one answer block's brace positions; None for a description; errors recorded.

        Only the first two of each brace are looked for, so a line of a million braces costs
        a few string searches, not a list of a million positions.
        """
        open1, close1 = body.find("{"), body.find("}")
        if open1 == -1 and close1 == -1:
            return None
        open2 = body.find("{", open1 + 1) if open1 != -1 else -1
        close2 = body.find("}", close1 + 1) if close1 != -1 else -1
        if -1 < open1 < close1 and open2 == -1 and close2 == -1:
            return open1, close1
        hint = "(write a literal brace as \\{ or \\})"
        if close1 == -1:
            self.error(line_at(open1), f"unbalanced braces: '{{' is never closed {hint}")
        elif open1 == -1 or close1 < open1:
            self.error(line_at(close1), f"unbalanced braces: '}}' closes nothing {hint}")
        elif open2 != -1 and open2 < close1:
            self.error(line_at(open2), f"unbalanced braces: '{{' inside an answer block {hint}")
        elif open2 != -1:
            self.error(line_at(open2), f"a second answer block: a question has only one {hint}")
        else:
            self.error(line_at(close2), f"unbalanced braces: '}}' closes nothing {hint}")
        return None

    def question(self, body: str, line_at: LineAt) -> DraftQuestion | None:
        """The block as a draft question, or None when it is skipped (noted) or broken (error)."""
        first_line = line_at(0)
        text = body.strip()
        name = ""
        if text.startswith("::"):
            end = text.find("::", 2)
            if end == -1:
                text = text[2:]
            else:
                name = _restore(text[2:end]).strip()
                text = text[end + 2 :]
        shift = len(body) - len(body.lstrip())
        shift += len(body.strip()) - len(text)
        if "{" not in text and "}" not in text:
            label = name or " ".join(_restore(text).split())[:40]
            self.notes.add(first_line, f"skipped description '{label}' (it has no answers)")
            return None
        found = self.braces(text, lambda position: line_at(position + shift))
        if found is None:
            return None
        start, end = found
        answers = text[start + 1 : end].strip()
        after = text[end + 1 :].strip()
        stem_raw = text[:start] + (BLANK + text[end + 1 :] if after else "")
        explanation_raw = ""
        if (general := answers.rfind("####")) != -1:
            explanation_raw = answers[general + 4 :]
            answers = answers[:general].strip()
        stem_format, _ = _split_format(stem_raw, "moodle")
        stem = _convert(stem_raw, "moodle")
        label = name or " ".join(stem.text.split())[:40] or "(untitled)"
        kind = self.kind(answers)
        missing_word = " (missing word)" if after else ""
        if kind not in ("multichoice", "truefalse"):
            self.notes.add(
                first_line,
                f"skipped {kind}{missing_word} question '{label}' (Quizzer has only "
                "multiple-choice)",
            )
            return None
        if after:
            self.notes.add(
                first_line, f"missing-word question '{label}': imported with {BLANK} in its stem"
            )
        explanation = _convert(explanation_raw, stem_format)
        if kind == "truefalse":
            draft = self.truefalse(answers, stem_format)
        else:
            draft = self.multichoice(answers, stem_format, first_line, label)
        if draft is None:
            return None
        draft.line, draft.name, draft.stem = first_line, name, stem.text
        draft.explanation, draft.category = explanation.text, self.category
        draft.category_line = self.category_line
        dropped = stem.dropped | explanation.dropped | draft.dropped_markup
        if dropped:
            tags = ", ".join(f"<{tag}>" for tag in sorted(dropped))
            self.notes.add(first_line, f"question '{label}': HTML {tags} dropped, text kept")
        return draft

    @staticmethod
    def kind(answers: str) -> str:
        """The question type, decided in the same order as Moodle's parser decides it."""
        if not answers:
            return "essay"
        if answers.startswith("#"):
            return "numerical"
        if "~" in answers:
            return "multichoice"
        if "=" in answers and "->" in answers:
            return "matching"
        if answers.split("#", 1)[0].strip() in TRUE_WORDS:
            return "truefalse"
        return "short-answer"

    def truefalse(self, answers: str, default: str) -> DraftQuestion:
        """`T#wrong#right`: feedback for a wrong answer comes first, as in Moodle."""
        bits = [*answers.split("#", 2), "", ""]
        truth = TRUE_WORDS[bits[0].strip()]
        wrong, right = _convert(bits[1], default), _convert(bits[2], default)
        true_feedback, false_feedback = (right, wrong) if truth else (wrong, right)
        draft = DraftQuestion(
            None,
            "",
            "",
            [
                DraftOption("True", truth, true_feedback.text),
                DraftOption("False", not truth, false_feedback.text),
            ],
        )
        draft.dropped_markup = true_feedback.dropped | false_feedback.dropped
        return draft

    def multichoice(
        self, answers: str, default: str, line: int, label: str
    ) -> DraftQuestion | None:
        """Answers split on `~` and `=` as Moodle splits them; `=` anywhere makes it single."""
        single = "=" in answers
        parts = answers.replace("=", "~=").split("~")
        if not parts[0].strip():
            parts = parts[1:]
        weights, options, dropped = [], [], set()
        for part in parts:
            answer = part.strip()
            if answer.startswith("="):
                weight, answer = 100.0, answer[1:]
            elif match := _WEIGHT_RE.match(answer):
                weight, answer = float(match.group(1)), answer[match.end() :]
            else:
                weight = 0.0
            text_raw, _, feedback_raw = answer.partition("#")
            text, feedback = _convert(text_raw, default), _convert(feedback_raw, default)
            dropped |= text.dropped | feedback.dropped
            weights.append(weight)
            options.append(DraftOption(text.text, False, feedback.text))
        key = answer_key(weights, [option.text for option in options], single)
        if key.refusal:
            self.notes.add(line, f"skipped question '{label}': {key.refusal}")
            return None
        for problem in key.problems:
            self.notes.add(line, f"question '{label}': {problem}")
        for option, correct in zip(options, key.correct, strict=True):
            option.correct = correct
        draft = DraftQuestion(None, "", "", options, kind="single" if single else "multiple")
        draft.dropped_markup = dropped
        return draft


def import_gift(path: Path) -> ImportResult:
    """Reads a GIFT file into a lesson; raises FormatError (all problems) if it is malformed."""
    notes = Notes(str(path))
    draft = _Reader(path, notes).read(read_text(path))
    lesson = assemble(draft, notes)
    return ImportResult(lesson, notes.sorted())


def escape(text: str) -> str:
    """GIFT text with every special character escaped and newlines written as `\\n`."""
    return text.translate(_EXPORT_ESCAPES)


def _part(text: str) -> str:
    """An option or feedback text; one that starts like a format marker gets a real one first."""
    escaped = escape(text)
    starts_like_marker = any(escaped.startswith(f"[{name}]") for name in TEXT_FORMATS)
    return f"[plain]{escaped}" if starts_like_marker else escaped


def _answers(question: Question, notes: Notes) -> list[str]:
    if is_true_false(question):
        true, false = question.options
        right, wrong = (true, false) if true.correct else (false, true)
        line = "TRUE" if true.correct else "FALSE"
        if wrong.feedback or right.feedback:
            line += f"#{_part(wrong.feedback)}"
        if right.feedback:
            line += f"#{_part(right.feedback)}"
        return [line]
    lines = []
    correct = sum(option.correct for option in question.options)
    wrong = len(question.options) - correct
    right_share, wrong_share = share(correct), share(wrong) if wrong else 0
    if question.type == "multiple" and (abs(right_share * correct - 100) > 1):
        notes.add(
            None,
            f"question '{question.id}': Moodle has no weight for {correct} equal correct "
            f"options; each gets {format_percent(right_share)}%",
        )
    for option in question.options:
        text = _part(option.text)
        if question.type == "single":
            prefix = "=" if option.correct else ("~%0%" if text.startswith("%") else "~")
        elif option.correct:
            prefix = f"~%{format_percent(right_share)}%"
        else:
            prefix = f"~%{format_percent(-wrong_share)}%"
        feedback = f"#{_part(option.feedback)}" if option.feedback else ""
        lines.append(f"\t{prefix}{text}{feedback}")
    return lines


def _loses_edges(question: Question) -> bool:
    """Whether a text starts or ends with spaces, which GIFT readers trim (`\\n` survives)."""
    texts = [question.stem, question.explanation]
    texts += [text for option in question.options for text in (option.text, option.feedback)]
    return any(escape(text) != escape(text).strip() for text in texts)


def _question(question: Question, notes: Notes) -> str:
    moodle_comment = " ".join([f"[id:{question.id}]"] + [f"[tag:{t}]" for t in question.tags])
    head = [f"// {moodle_comment}", f"// {metadata.question_line(question)}"]
    title = f"::{escape(question.id)}::[plain]{escape(question.stem)}"
    general = f"####{_part(question.explanation)}"
    answers = _answers(question, notes)
    if _loses_edges(question):
        notes.add(
            None,
            f"question '{question.id}': spaces at the start or end of a text are lost "
            "(GIFT readers trim them)",
        )
    if is_true_false(question):
        return "\n".join([*head, f"{title}{{{answers[0]}{general}}}"])
    return "\n".join([*head, f"{title}{{", *answers, f"\t{general}", "}"])


def export_gift(lessons: list[Lesson], source: str) -> ExportResult:
    """GIFT text for the lessons; notes say what Moodle will not see or could not keep."""
    notes = Notes(source)
    chunks = [
        "// Exported by Quizzer. Lines starting with '// quizzer:' keep what GIFT has no place\n"
        "// for (lesson, objectives, vocabulary, patterns, difficulty, simulation links)."
    ]
    for lesson in lessons:
        chunks.append("\n".join(f"// {line}" for line in metadata.lesson_lines(lesson)))
        chunks.append(f"$CATEGORY: $course$/{lesson.lesson.id}")
        chunks += [_question(question, notes) for question in lesson.questions]
        _report_comment_only(lesson, notes)
    written = sum(len(lesson.questions) for lesson in lessons)
    return ExportResult("\n\n".join(chunks) + "\n", notes.items, written)


def _report_comment_only(lesson: Lesson, notes: Notes) -> None:
    """Says once per lesson what survives only in `// quizzer:` comments (Moodle drops them)."""
    kept = [
        f"{len(lesson.objectives)} objective(s)",
        f"{len(lesson.vocabulary)} vocabulary term(s)" if lesson.vocabulary else "",
        f"{len(lesson.patterns)} pattern(s)" if lesson.patterns else "",
        "simulation links" if any(q.simulation for q in lesson.questions) else "",
    ]
    notes.add(
        None,
        f"lesson '{lesson.lesson.id}': {', '.join(k for k in kept if k)} and difficulties are "
        "kept only in '// quizzer:' comments; Moodle ignores them",
    )
