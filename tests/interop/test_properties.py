"""Properties over generated lessons: whatever the text, exports read back as they were written.

Texts mix letters with every character GIFT, XML and YAML treat specially, newlines, tabs and
the line breaks only YAML knows (NEL, LS, PS). Hypothesis runs derandomized, so it is stable.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quizzer.bank.formats.aiken import import_aiken
from quizzer.bank.formats.gift import export_gift, import_gift
from quizzer.bank.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from quizzer.bank.formats.report import FormatError
from quizzer.bank.formats.yaml_writer import lesson_yaml
from quizzer.bank.loader import load_lesson_text
from quizzer.bank.model import Lesson

SPECIAL = "{}~=#:\\%[]/<>&;'\"-*|`@!?\t\n \x85\u2028\u2029é→"
WORDS = ["::", "//", "####", "[html]", "[plain]", "%50%", "->", "]]>", "--", "<p>", "TRUE", "\\n"]
fragment = st.one_of(st.sampled_from(WORDS), st.text(alphabet=SPECIAL + "abcXYZ09", max_size=6))
text = st.lists(fragment, min_size=1, max_size=6).map("".join)
trimmed = text.map(str.strip).filter(bool)
"""GIFT readers trim the edges of every text (the exporter reports such texts)."""

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


def make_lesson(stem: str, options: list[str], feedback: str, explanation: str, multiple: bool):
    data = {
        "lesson": {
            "id": "generated",
            "title": stem,
            "subject": "s",
            "level": "l",
            "duration_minutes": 5,
            "summary": explanation,
        },
        "objectives": [{"id": "o", "text": stem}],
        "vocabulary": [{"term": options[0], "definition": feedback, "example": stem}],
        "questions": [
            {
                "id": "q",
                "type": "multiple" if multiple else "single",
                "stem": stem,
                "options": [
                    {"text": option, "correct": index == 0 or (multiple and index == 2)}
                    | {"feedback": feedback if index % 2 else ""}
                    for index, option in enumerate(options)
                ],
                "explanation": explanation,
                "objectives": ["o"],
            }
        ],
    }
    try:
        return Lesson.model_validate(data)
    except ValidationError:
        assume(False)


def lessons(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Lesson]:
    return st.builds(
        make_lesson,
        stem=texts,
        options=st.lists(texts, min_size=3, max_size=4),
        feedback=texts,
        explanation=texts,
        multiple=st.booleans(),
    )


def read_back(lesson: Lesson, exporter, importer, suffix: str) -> Lesson:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bank.{suffix}"
        path.write_text(exporter([lesson], "bank.yaml").text, encoding="utf-8")
        return importer(path).lesson


@SETTINGS
@given(lesson=lessons(text))
def test_yaml_writer_output_loads_back_identically(lesson: Lesson) -> None:
    assert load_lesson_text(lesson_yaml(lesson), "generated.yaml") == lesson


@SETTINGS
@given(lesson=lessons(trimmed))
def test_gift_round_trip_is_identical(lesson: Lesson) -> None:
    assert read_back(lesson, export_gift, import_gift, "gift") == lesson


@SETTINGS
@given(lesson=lessons(text))
def test_moodle_xml_round_trip_is_identical(lesson: Lesson) -> None:
    assert read_back(lesson, export_moodle_xml, import_moodle_xml, "xml") == lesson


def test_gift_export_reports_texts_whose_edge_spaces_will_be_trimmed() -> None:
    lesson = make_lesson(" padded stem", ["a", "b ", "c"], "fine", "fine", multiple=False)
    notes = [str(note) for note in export_gift([lesson], "bank.yaml").notes]
    assert (
        "bank.yaml: question 'q': spaces at the start or end of a text are lost "
        "(GIFT readers trim them)" in notes
    )


MARKUP = [
    "<quiz>", "</quiz>", '<question type="multichoice">', '<question type="truefalse">',
    "</question>", '<answer fraction="100">', '<answer fraction="-50">', "</answer>", "<text>",
    "</text>", "<![CDATA[", "]]>", "<!--", "-->", "$CATEGORY:", "ANSWER: A", "A. ", "B) ",
    "{T}", "{", "}", "~%50%", "=", "#", "\n\n", "\n",
]  # fmt: skip
noise = st.lists(st.one_of(st.sampled_from(MARKUP), fragment), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(content=noise)
def test_importers_never_fail_with_anything_but_a_format_error(content: str) -> None:
    """Whatever the file holds, the import gives a lesson or a FormatError, never a crash."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_text(content, encoding="utf-8")
        for importer in (import_gift, import_moodle_xml, import_aiken):
            try:
                result = importer(path)
            except FormatError as error:
                assert error.problems
            else:
                assert load_lesson_text(lesson_yaml(result.lesson), "x.yaml") == result.lesson
