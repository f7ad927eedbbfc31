"""The YAML writer: readable block-style banks that the project's loader reads back as they were."""

from __future__ import annotations

from pathlib import Path

from quizzer.bank.formats.yaml_writer import lesson_yaml, schema_reference
from quizzer.bank.loader import load_lesson_text
from quizzer.bank.model import Lesson


def test_written_yaml_loads_back_identically(tricky_lesson: Lesson, gan_lesson: Lesson) -> None:
    for lesson in (tricky_lesson, gan_lesson):
        assert load_lesson_text(lesson_yaml(lesson), "written.yaml") == lesson


def test_written_yaml_is_block_style_with_the_schema_modeline(tricky_lesson: Lesson) -> None:
    text = lesson_yaml(tricky_lesson, "schema.json")
    assert text.startswith("# yaml-language-server: $schema=schema.json\nlesson:\n")
    assert "    stem: |-\n      In V(D, G) = E[log D(x)]" in text
    assert "  summary: |\n    A small lesson" in text
    assert "    tags:\n      - minimax\n      - theory\n" in text


def test_schema_reference_points_at_the_shipped_schema(tmp_path: Path) -> None:
    reference = schema_reference(tmp_path / "out.yaml")
    assert reference.endswith("question_bank/schema.json")
    assert (tmp_path / reference).resolve().is_file()
