"""Golden tests: each deliberately broken bank gives exactly the expected `file:line:col` lines.

Each case under broken/ is a YAML file (or a folder of them) with `<case>.expected` beside it.
After a deliberate change of wording, regenerate the goldens and review the diff:

    cd tests/bank/broken && for f in *.yaml duplicate_ids_across_files; do
        ../../../.venv/bin/quizzer validate $f > ${f%.yaml}.expected; done
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizzer.bank import locations, yaml_nodes
from quizzer.bank.loader import MAX_FILE_BYTES, BankError, check_bank, load_bank

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.suffix == ".yaml" or p.is_dir())
REQUIRED = {
    "duplicate_keys.yaml",
    "python_tag.yaml",
    "alias_bomb.yaml",
    "single_two_correct.yaml",
    "multiple_none_correct.yaml",
    "unknown_objective.yaml",
    "unknown_field_typo.yaml",
    "repeated_option.yaml",
    "duplicate_ids_across_files",
    "syntax_error.yaml",
    "wrong_type.yaml",
    "missing_required.yaml",
    "empty.yaml",
}


def test_the_required_cases_are_all_there() -> None:
    assert set(CASES) >= REQUIRED


@pytest.mark.parametrize("case", CASES)
def test_broken_bank_reports_exactly_the_expected_lines(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    expected = (BROKEN / f"{Path(case).stem}.expected").read_text(encoding="utf-8")
    _, problems = check_bank([Path(case)])
    assert "".join(f"{problem}\n" for problem in problems) == expected


@pytest.mark.parametrize("case", CASES)
def test_load_bank_raises_with_the_same_problems(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    with pytest.raises(BankError) as raised:
        load_bank([Path(case)])
    assert raised.value.problems == check_bank([Path(case)])[1]
    assert raised.value.problems


def test_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"lesson:\n  summary: ")
        handle.truncate(MAX_FILE_BYTES + 1)
    _, problems = check_bank([Path("huge.yaml")])
    assert [str(p) for p in problems] == [
        "huge.yaml: larger than 32 MB; split it into several files"
    ]


def test_text_that_is_not_utf8_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes("lesson:\n  title: Caf\xe9\n".encode("latin-1"))
    _, problems = check_bank([Path("latin1.yaml")])
    assert [str(p) for p in problems] == ["latin1.yaml:2:13: not UTF-8 text; save it as UTF-8"]


@pytest.mark.parametrize("case", [case for case in CASES if case != "syntax_error.yaml"])
def test_the_pure_python_parser_gives_the_same_lines(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml the loader falls back to PyYAML's Python parser; only syntax-error
    wording differs between the two, so every other golden must still hold."""
    monkeypatch.setattr(yaml_nodes, "SAFE_LOADER", yaml.SafeLoader)
    monkeypatch.setattr(locations, "SAFE_LOADER", yaml.SafeLoader)
    monkeypatch.chdir(BROKEN)
    expected = (BROKEN / f"{Path(case).stem}.expected").read_text(encoding="utf-8")
    _, problems = check_bank([Path(case)])
    assert "".join(f"{problem}\n" for problem in problems) == expected


def test_an_endless_device_is_read_only_up_to_the_cap() -> None:
    _, problems = check_bank([Path("/dev/zero")])
    assert [str(p) for p in problems] == [
        "/dev/zero: larger than 32 MB; split it into several files"
    ]
