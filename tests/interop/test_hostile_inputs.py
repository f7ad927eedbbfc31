"""Hostile or broken files: each is a clear error naming the place, never a hang or a crash.

Nothing here measures time: the point is that the parsers refuse before doing unbounded
work (DTDs are refused before any entity is expanded; files are size-capped before parsing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.bank.formats import moodle_xml, text
from quizzer.bank.formats.aiken import import_aiken
from quizzer.bank.formats.gift import import_gift
from quizzer.bank.formats.json_format import read_json
from quizzer.bank.formats.moodle_xml import import_moodle_xml
from quizzer.bank.formats.report import FormatError

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="multichoice"><name><text>&lol9;</text></name></question></quiz>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<quiz>
  <question type="multichoice">
    <name><text>leak</text></name>
    <questiontext format="plain_text"><text>&secret;</text></questiontext>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>
</quiz>
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content"), [("bomb.xml", ENTITY_BOMB), ("xxe.xml", EXTERNAL_ENTITY)]
)
def test_dtds_and_entities_are_refused(tmp_path: Path, name: str, content: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(FormatError) as caught:
        import_moodle_xml(path)
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert "declares a DTD or entities" in problem.message
    assert "root:" not in str(caught.value)


def test_broken_xml_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xml", "<quiz>\n  <question type='multichoice'>\n</quiz>\n")
    with pytest.raises(FormatError) as caught:
        import_moodle_xml(path)
    assert str(caught.value).startswith(f"{path}:3: not well-formed XML: mismatched tag")


def test_xml_that_is_not_a_quiz_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "other.xml", "<html><body/></html>")
    with pytest.raises(FormatError, match=r"root element must be <quiz>"):
        import_moodle_xml(path)


def test_gift_with_an_unclosed_brace_names_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "braces.gift",
        "::ok:: Fine {=a ~b}\n\n::broken:: Never closed {\n=a\n~b\n\n::next:: Fine {=a ~b}\n",
    )
    with pytest.raises(FormatError) as caught:
        import_gift(path)
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"{path}:3: unbalanced braces: '{{' is never closed (write a literal brace as \\{{ or \\}})"
    )


def test_gift_reports_every_brace_problem_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "many.gift",
        "::a:: closes } first {=a ~b}\n\n::b:: nested {=a {~b}}\n\n"
        "::c:: two {=a ~b} blocks {=c ~d}\n\n::d:: ends }\n",
    )
    with pytest.raises(FormatError) as caught:
        import_gift(path)
    assert [(p.line, p.message.split(" (")[0]) for p in caught.value.problems] == [
        (1, "unbalanced braces: '}' closes nothing"),
        (3, "unbalanced braces: '{' inside an answer block"),
        (5, "a second answer block: a question has only one"),
        (7, "unbalanced braces: '}' closes nothing"),
    ]


def test_a_huge_line_is_parsed_in_one_linear_pass(tmp_path: Path) -> None:
    stem = "Which is right? " + "x" * 2_000_000
    path = write(tmp_path, "huge.gift", f"::huge:: {stem}{{=yes ~no}}\n")
    (question,) = import_gift(path).lesson.questions
    assert question.stem == stem.strip()


@pytest.mark.parametrize("importer", [import_gift, import_moodle_xml, import_aiken])
def test_oversized_files_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, importer
) -> None:
    monkeypatch.setattr(text, "MAX_INPUT_BYTES", 1024)
    path = write(tmp_path, "big.txt", "x" * 2048)
    with pytest.raises(FormatError, match="larger than 1,024 bytes; refused"):
        importer(path)


def test_binary_input_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.gift"
    path.write_bytes(b"::q:: ok {=a ~b}\n\n\xff\xfe\x00junk")
    with pytest.raises(FormatError, match=r":3: not UTF-8 text"):
        import_gift(path)


def test_deeply_nested_xml_is_refused_without_building_the_tree(tmp_path: Path) -> None:
    depth = 100_000
    path = write(tmp_path, "deep.xml", "<quiz>" + "<a>" * depth + "</a>" * depth + "</quiz>")
    with pytest.raises(FormatError, match=r"refused: more than 32 levels of nesting"):
        import_moodle_xml(path)


def test_xml_with_too_many_elements_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moodle_xml, "MAX_ELEMENTS", 100)
    path = write(tmp_path, "wide.xml", "<quiz>\n" + "<question/>\n" * 200 + "</quiz>")
    with pytest.raises(FormatError) as caught:
        import_moodle_xml(path)
    (problem,) = caught.value.problems
    assert problem.line == 101
    assert problem.message == "refused: more than 100 elements; split the file"


@pytest.mark.parametrize("junk", ["<" * 200_000, "<a" * 100_000, "<!--" * 50_000])
def test_html_full_of_unclosed_markup_is_read_in_one_pass(tmp_path: Path, junk: str) -> None:
    """Runs of `<` made the standard HTMLParser quadratic; the converter scans once."""
    path = write(tmp_path, "junk.gift", f"::junk::[html]Pick one {junk}{{=yes ~no}}\n")
    (question,) = import_gift(path).lesson.questions
    assert question.stem.startswith("Pick one")
    assert [o.text for o in question.options] == ["yes", "no"]


def test_a_line_of_a_million_braces_is_one_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "braces.gift", "::q:: Pick " + "{" * 1_000_000 + "\n")
    with pytest.raises(FormatError) as caught:
        import_gift(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message.split(" (")[0]) == (
        1,
        "unbalanced braces: '{' is never closed",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (
            '{"format": "quizzer", "version": 1, "lessons": [{}]}',
            "invalid lesson at lessons.0.lesson: missing required field 'lesson'",
        ),
        ('{"format": "other"}', "not a Quizzer JSON export"),
        ("{", "not valid JSON"),
    ],
)
def test_broken_json_exports_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, "bank.json", content)
    with pytest.raises(FormatError, match=message):
        read_json(path)


def test_xml_in_an_unknown_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "enc.xml", '<?xml version="1.0" encoding="x-unknown"?><quiz/>')
    with pytest.raises(FormatError, match=r"enc.xml:1: unreadable text encoding"):
        import_moodle_xml(path)
