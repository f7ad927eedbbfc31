"""Moodle XML in and out (question/format/xml), parsed safely because the file is untrusted.

Import: defusedxml's SAX parser with DTDs forbidden, so neither entity-expansion bombs nor
external entities (`SYSTEM "file:///etc/passwd"`) are ever expanded or fetched; the file size
is capped before parsing. `multichoice` (single or multiple via `<single>`, answer
`fraction`s, per-answer `<feedback>`, `<generalfeedback>` as the explanation) and `truefalse`
become questions; `category` pseudo-questions become objectives; `<tags>` stay tags; every
other type is reported and skipped. Text is read after the XML parser has resolved CDATA
and character references; `format="html"` (and `moodle_auto_format` containing tags) is
turned into plain text, naming dropped images, links and embedded files; `plain_text` is
kept exactly. Quizzer's own fields travel in `<!-- quizzer: ... -->` comments.

Export builds the file with xml.etree (all escaping done by the library), `plain_text`
formats because Quizzer text is literal, and weights Moodle accepts.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import xml.sax
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.handler import ContentHandler, LexicalHandler, property_lexical_handler
from xml.sax.xmlreader import AttributesImpl

import defusedxml.sax
from defusedxml.common import DefusedXmlException

from quizzer.bank.formats import metadata
from quizzer.bank.formats.assemble import DraftBank, DraftOption, DraftQuestion, assemble
from quizzer.bank.formats.report import ExportResult, ImportResult, Notes, fail
from quizzer.bank.formats.text import Converted, html_to_text, read_bytes
from quizzer.bank.formats.weights import (
    FULL_CREDIT,
    answer_key,
    format_percent,
    is_true_false,
    share,
)
from quizzer.bank.model import Lesson, Question

FORMAT_LABEL = "Moodle XML"
MOODLE_DEFAULT_FEEDBACK = {
    "",
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}
COMBINED_FEEDBACK = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


MAX_ELEMENTS = 200_000
"""About 5,000 Moodle questions; a cap on the tree we build, whatever the file's size."""
MAX_DEPTH = 32
"""Moodle nests about six levels deep."""


@dataclass(slots=True)
class _Node:
    """A parsed element with the line it starts on (xml.etree keeps no line numbers)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, tag: str) -> _Node | None:
        return next((node for node in self.children if node.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [node for node in self.children if node.tag == tag]

    def inner_text(self, tag: str) -> str:
        """The text of `<tag><text>...</text></tag>`, Moodle's way of wrapping every text."""
        node = self.child(tag)
        inner = node.child("text") if node is not None else None
        return inner.text if inner is not None else ""


class _TreeBuilder(ContentHandler, LexicalHandler):
    """Builds the element tree with line numbers, refusing trees too big or too deep."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
        self.count = 0
        self.root: _Node | None = None
        self.stack: list[_Node] = []
        self.top_comments: list[tuple[int, str]] = []

    def line(self) -> int:
        return self._locator.getLineNumber() if self._locator else 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            limit = f"more than {MAX_ELEMENTS:,} elements; split the file"
            raise fail(self.source, self.line(), f"refused: {limit}")
        if len(self.stack) >= MAX_DEPTH:
            limit = f"more than {MAX_DEPTH} levels of nesting (Moodle XML has about 6)"
            raise fail(self.source, self.line(), f"refused: {limit}")
        node = _Node(name, dict(attrs), self.line())
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)

    def comment(self, content: str) -> None:
        if len(self.stack) == 1:
            self.top_comments.append((self.line(), content))
        elif self.stack:
            self.stack[-1].comments.append(content)


def _parse(path: Path) -> tuple[_Node, list[tuple[int, str]]]:
    """The `<quiz>` element and the comments directly inside it."""
    data = read_bytes(path)
    builder = _TreeBuilder(str(path))
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.setContentHandler(builder)
    parser.setProperty(property_lexical_handler, builder)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException:
        line = next((n for n, text in enumerate(data.split(b"\n"), 1) if b"<!" in text), None)
        raise fail(
            str(path),
            line,
            "refused: the file declares a DTD or entities (they can expand without bound "
            "or read local files); Moodle XML needs neither",
        ) from None
    except (LookupError, UnicodeError) as error:
        raise fail(str(path), 1, f"unreadable text encoding: {error}") from None
    except xml.sax.SAXParseException as error:
        raise fail(
            str(path), error.getLineNumber(), f"not well-formed XML: {error.getMessage()}"
        ) from None
    if builder.root is None or builder.root.tag != "quiz":
        raise fail(str(path), 1, "not a Moodle XML quiz file (the root element must be <quiz>)")
    return builder.root, builder.top_comments


def _text_of(node: _Node | None) -> Converted:
    """The plain text of a Moodle text-bearing element (`<questiontext format=..><text>`)."""
    if node is None:
        return Converted("", set())
    inner = node.child("text")
    raw = inner.text if inner is not None else ""
    dropped = {f"file '{file.attrs.get('name', '?')}'" for file in node.all("file")}
    text_format = node.attrs.get("format", "html")
    if text_format == "plain_text":
        return Converted(raw, dropped)
    if text_format == "html" or (text_format == "moodle_auto_format" and "<" in raw):
        text, tags = html_to_text(raw)
        return Converted(text, dropped | {f"<{tag}>" for tag in tags})
    return Converted(raw.strip(), dropped)


class _Reader:
    def __init__(self, path: Path, notes: Notes) -> None:
        self.path = path
        self.notes = notes
        self.draft = DraftBank(path, FORMAT_LABEL)
        self.category: str | None = None
        self.category_line: int | None = None

    def read(self) -> DraftBank:
        root, top_comments = _parse(self.path)
        for line, comment in top_comments:
            meta = metadata.decode(comment)
            if meta is not None and meta.kind != "question":
                self.draft.metas.append((line, meta))
        for node in root.children:
            if node.tag == "question":
                self.question(node)
        return self.draft

    def question(self, node: _Node) -> None:
        kind = node.attrs.get("type", "")
        if kind == "category":
            self.category = node.inner_text("category").strip() or None
            self.category_line = node.line
            return
        name = " ".join(node.inner_text("name").split())
        if kind not in ("multichoice", "truefalse"):
            label = name or "(no name)"
            self.notes.add(
                node.line,
                f"skipped {kind or 'untyped'} question '{label}' (Quizzer has only "
                "multiple-choice)",
            )
            return
        stem = _text_of(node.child("questiontext"))
        label = name or " ".join(stem.text.split())[:40] or "(untitled)"
        answers = node.all("answer")
        options, weights, dropped = [], [], set(stem.dropped)
        for answer in answers:
            text = _text_of(answer)
            feedback = _text_of(answer.child("feedback"))
            dropped |= text.dropped | feedback.dropped
            try:
                weights.append(float(answer.attrs.get("fraction", "0")))
            except ValueError:
                self.notes.add(answer.line, f"question '{label}': unreadable fraction; 0 used")
                weights.append(0.0)
            options.append(DraftOption(text.text, False, feedback.text))
        if kind == "truefalse":
            options = self.truefalse(node, options, weights, label)
            draft_kind = "single"
        else:
            draft_kind = self.multichoice(node, options, weights, label)
        if options is None or draft_kind is None:
            return
        draft = DraftQuestion(node.line, name, stem.text, options, kind=draft_kind)
        explanation = _text_of(node.child("generalfeedback"))
        dropped |= explanation.dropped
        draft.explanation = explanation.text
        idnumber = node.child("idnumber")
        draft.idnumber = idnumber.text.strip() if idnumber is not None else ""
        tags = node.child("tags")
        tag_texts = [tag.child("text") for tag in tags.all("tag")] if tags is not None else []
        draft.tags = [text.text.strip() for text in tag_texts if text is not None]
        draft.category, draft.category_line = self.category, self.category_line
        for comment in node.comments:
            meta = metadata.decode(comment)
            if meta is not None and meta.kind == "question":
                draft.meta = meta.data
        self.report_lost(node, label, dropped)
        self.draft.questions.append(draft)

    def report_lost(self, node: _Node, label: str, dropped: set[str]) -> None:
        if dropped:
            names = ", ".join(sorted(dropped))
            self.notes.add(node.line, f"question '{label}': {names} dropped, text kept")
        combined = [
            tag
            for tag in COMBINED_FEEDBACK
            if _text_of(node.child(tag)).text.strip() not in MOODLE_DEFAULT_FEEDBACK
        ]
        if combined:
            self.notes.add(
                node.line,
                f"question '{label}': {', '.join(combined)} not carried over (Quizzer has "
                "feedback per option and one explanation)",
            )
        if node.all("hint"):
            self.notes.add(node.line, f"question '{label}': hints not carried over")

    def truefalse(
        self, node: _Node, options: list[DraftOption], weights: list[float], label: str
    ) -> list[DraftOption] | None:
        """Options True and False, in that order, whatever order the file gives them in."""
        pairs = zip(options, weights, strict=True)
        by_word = {option.text.strip().lower(): (option, weight) for option, weight in pairs}
        if set(by_word) != {"true", "false"}:
            self.notes.add(
                node.line, f"skipped true/false question '{label}': answers are not true and false"
            )
            return None
        (true, true_weight), (false, _) = by_word["true"], by_word["false"]
        truth = true_weight >= FULL_CREDIT
        return [
            DraftOption("True", truth, true.feedback),
            DraftOption("False", not truth, false.feedback),
        ]

    def multichoice(
        self, node: _Node, options: list[DraftOption], weights: list[float], label: str
    ) -> str | None:
        """Marks the correct options; the question's type, or None when it cannot be kept."""
        single_node = node.child("single")
        single_text = single_node.text if single_node is not None else "true"
        single = single_text.strip().lower() not in ("false", "0")
        key = answer_key(weights, [option.text for option in options], single)
        if key.refusal:
            self.notes.add(node.line, f"skipped question '{label}': {key.refusal}")
            return None
        problems = list(key.problems)
        shuffle = node.child("shuffleanswers")
        if shuffle is not None and shuffle.text.strip().lower() in ("0", "false"):
            problems.append("'do not shuffle' not carried over; Quizzer decides the order")
        for problem in problems:
            self.notes.add(node.line, f"question '{label}': {problem}")
        for option, correct in zip(options, key.correct, strict=True):
            option.correct = correct
        return "single" if single else "multiple"


def import_moodle_xml(path: Path) -> ImportResult:
    """Reads a Moodle XML quiz file into a lesson; refuses DTDs, entities and broken XML."""
    notes = Notes(str(path))
    lesson = assemble(_Reader(path, notes).read(), notes)
    return ImportResult(lesson, notes.sorted())


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\r]")
"""Characters XML 1.0 cannot hold (or that its parsers turn into a newline, like \\r)."""


def _text_element(
    parent: ET.Element, tag: str, text: str, notes: Notes, owner: str, **attrs: str
) -> ET.Element:
    """`<tag format="plain_text"><text>...</text></tag>`; control characters become U+FFFD."""
    element = ET.SubElement(parent, tag, {"format": "plain_text", **attrs})
    if _NOT_IN_XML.search(text):
        notes.add(None, f"{owner}: control characters XML cannot hold became U+FFFD")
        text = _NOT_IN_XML.sub("\ufffd", text)
    ET.SubElement(element, "text").text = text
    return element


def _question(parent: ET.Element, question: Question, notes: Notes) -> None:
    truefalse = is_true_false(question)
    element = ET.SubElement(
        parent, "question", {"type": "truefalse" if truefalse else "multichoice"}
    )
    element.append(ET.Comment(f" {metadata.question_line(question)} "))
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = question.id
    owner = f"question '{question.id}'"
    _text_element(element, "questiontext", question.stem, notes, owner)
    _text_element(element, "generalfeedback", question.explanation, notes, owner)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "1" if truefalse else "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    correct = sum(option.correct for option in question.options)
    wrong = len(question.options) - correct
    if not truefalse:
        ET.SubElement(element, "single").text = "true" if question.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        if question.type == "multiple" and abs(share(correct) * correct - 100) > 1:
            notes.add(
                None,
                f"question '{question.id}': Moodle has no weight for {correct} equal correct "
                f"options; each gets {format_percent(share(correct))}%",
            )
    for option in question.options:
        if question.type == "single":
            fraction = 100.0 if option.correct else 0.0
        else:
            fraction = share(correct) if option.correct else -share(wrong)
        answer = _text_element(
            element,
            "answer",
            option.text.lower() if truefalse else option.text,
            notes,
            owner,
            fraction=format_percent(fraction),
        )
        _text_element(answer, "feedback", option.feedback, notes, owner)
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag


def export_moodle_xml(lessons: list[Lesson], source: str) -> ExportResult:
    """A Moodle XML quiz file for the lessons; notes say what Moodle will not see."""
    notes = Notes(source)
    quiz = ET.Element("quiz")
    quiz.append(
        ET.Comment(" Exported by Quizzer; 'quizzer:' comments keep what Moodle has no field for ")
    )
    for lesson in lessons:
        for line in metadata.lesson_lines(lesson):
            quiz.append(ET.Comment(f" {line} "))
        category = ET.SubElement(quiz, "question", {"type": "category"})
        ET.SubElement(
            ET.SubElement(category, "category"), "text"
        ).text = f"$course$/{lesson.lesson.id}"
        _text_element(
            category, "info", lesson.lesson.summary, notes, f"lesson '{lesson.lesson.id}'"
        )
        for question in lesson.questions:
            _question(quiz, question, notes)
        notes.add(
            None,
            f"lesson '{lesson.lesson.id}': objectives, vocabulary, patterns, difficulties and "
            "simulation links are kept only in 'quizzer:' comments; Moodle ignores them",
        )
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode")
    written = sum(len(lesson.questions) for lesson in lessons)
    return ExportResult(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n', notes.items, written)
