"""`quizzer import` and `quizzer export` end to end: files, report lines, exit codes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from quizzer.bank.formats.json_format import read_json
from quizzer.bank.loader import load_bank
from quizzer.cli import main


def test_import_writes_a_bank_that_validate_accepts(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported.yaml"
    source = fixtures / "moodle_style.gift"
    assert main(["import", str(source), "--format", "gift", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert f"{source}:61: skipped essay question 'Q8' (Quizzer has only multiple-choice)" in (
        printed
    )
    assert printed[-1].startswith(f"wrote {out}: 9 question(s)")
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert main(["validate", str(out)]) == 0
    (lesson,) = load_bank([out]).lessons
    assert lesson.question("esc-1").options[0].text == "The tilde ~"


@pytest.mark.parametrize(
    ("fixture", "fmt"), [("moodle_style.xml", "moodle-xml"), ("tricky.aiken.txt", "aiken")]
)
def test_import_of_every_format_validates(
    tmp_path: Path, fixtures: Path, fixture: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / fixture
    if fixture.endswith(".aiken.txt"):
        source.write_text("Which one?\nA. This\nB. That\nANSWER: A\n", encoding="utf-8")
    else:
        source = fixtures / fixture
    out = tmp_path / "out.yaml"
    assert main(["import", str(source), "--format", fmt, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0


def test_import_error_exits_1_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "broken.gift"
    source.write_text("::q:: never closed {=a ~b\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", str(source), "--format", "gift", "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"quizzer: {source}:1: unbalanced braces")
    assert "Traceback" not in error
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_import_replaces_an_existing_output_file(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("old content\n", encoding="utf-8")
    source = fixtures / "moodle_style.xml"
    assert main(["import", str(source), "--format", "moodle-xml", "-o", str(out)]) == 0
    capsys.readouterr()
    assert "old content" not in out.read_text(encoding="utf-8")


def test_import_into_a_missing_folder_is_a_user_error(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "out.yaml"
    source = fixtures / "moodle_style.gift"
    assert main(["import", str(source), "--format", "gift", "-o", str(out)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_import_of_a_missing_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.gift"
    assert main(["import", str(missing), "--format", "gift", "-o", str(tmp_path / "o")]) == 1
    assert f"quizzer: {missing}: cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "json"])
def test_export_then_import_through_the_cli_gives_the_same_bank(
    tmp_path: Path, gan_bank_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exported, imported = tmp_path / "bank.out", tmp_path / "back.yaml"
    assert main(["export", str(gan_bank_path), "--format", fmt, "-o", str(exported)]) == 0
    assert main(["import", str(exported), "--format", fmt, "-o", str(imported)]) == 0
    capsys.readouterr()
    assert load_bank([imported]).lessons == load_bank([gan_bank_path]).lessons


def test_export_json_of_a_folder(
    tmp_path: Path, gan_bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.json"
    folder = gan_bank_path.parent
    assert main(["export", str(folder), "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "quizzer"
    assert read_json(out) == load_bank([folder]).lessons


def test_export_to_aiken_reports_skipped_questions(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.txt"
    bank = fixtures / "tricky_bank.yaml"
    assert main(["export", str(bank), "--format", "aiken", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "question 'collapse-signs': skipped (Aiken has no multiple-answer questions)" in printed
    assert out.read_text(encoding="utf-8").count("ANSWER:") == 2
    assert printed.splitlines()[-1].endswith(": 2 question(s) from 1 lesson(s)")


def test_export_of_an_invalid_bank_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text("lesson: {}\n", encoding="utf-8")
    out = tmp_path / "out.gift"
    assert main(["export", str(bank), "--format", "gift", "-o", str(out)]) == 1
    assert f"{bank}:" in capsys.readouterr().err
    assert not out.exists()


def test_import_with_nothing_to_keep_says_why_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "essays.gift"
    source.write_text("::Q8:: How are you? {}\n\n::Q9:: Why? {}\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", str(source), "--format", "gift", "-o", str(out)]) == 1
    error = capsys.readouterr().err.splitlines()
    assert error == [
        f"quizzer: {source}:1: skipped essay question 'Q8' (Quizzer has only multiple-choice)",
        f"{source}:3: skipped essay question 'Q9' (Quizzer has only multiple-choice)",
        f"{source}: nothing imported: no multiple-choice or true/false question",
    ]
    assert not out.exists()


def test_written_files_get_the_usual_permissions(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.yaml"
    previous = os.umask(0o022)
    try:
        assert main(["import", str(fixtures / "moodle_style.xml"), "--format", "moodle-xml",
                     "-o", str(out)]) == 0  # fmt: skip
    finally:
        os.umask(previous)
    capsys.readouterr()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_import_of_a_several_lesson_json_export_is_refused(
    tmp_path: Path, gan_bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported, imported = tmp_path / "all.json", tmp_path / "one.yaml"
    assert main(["export", str(gan_bank_path.parent), "--format", "json", "-o", str(exported)]) == 0
    assert main(["import", str(exported), "--format", "json", "-o", str(imported)]) == 1
    assert "holds 2 lessons (gans, perceptrons)" in capsys.readouterr().err
    assert not imported.exists()
