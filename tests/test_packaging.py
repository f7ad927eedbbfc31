"""A non-editable install must carry the shipped banks, the schema and the stylesheets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel of the working tree and unpack it into a bare folder (no network)."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(work)],
        check=True,
        capture_output=True,
    )
    (wheel,) = work.glob("quizzer-*.whl")
    site = work / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-compile", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    return site


def _run_installed(site: Path, code: str, tmp_path: Path) -> str:
    """Run code against the installed copy only: cwd and sys.path keep the source tree out."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_installed_package_finds_the_default_bank(installed_site: Path, tmp_path: Path) -> None:
    out = _run_installed(
        installed_site,
        "import question_bank, json; "
        "print(json.dumps({'dir': str(question_bank.DEFAULT_BANK), "
        "'banks': sorted(p.name for p in question_bank.DEFAULT_BANK.glob('*.yaml')), "
        "'schema': question_bank.SCHEMA_PATH.is_file()}))",
        tmp_path,
    )
    found = json.loads(out)
    assert found["dir"].startswith(str(installed_site))
    assert {"gans.yaml", "perceptrons.yaml"} <= set(found["banks"])
    assert found["schema"] is True


def test_installed_package_ships_the_stylesheets(installed_site: Path) -> None:
    shipped = {p.name for p in (installed_site / "quizzer" / "tui").glob("*.tcss")}
    source = {p.name for p in (ROOT / "quizzer" / "tui").glob("*.tcss")}
    assert source, "the app has at least one stylesheet"
    assert shipped == source
