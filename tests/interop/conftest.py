"""Shared fixtures for the interop tests: the project's own fixture files and banks."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.bank.loader import load_bank
from quizzer.bank.model import Lesson

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED_GAN_BANK = Path(__file__).parents[2] / "question_bank" / "gans.yaml"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def gan_bank_path() -> Path:
    return SHIPPED_GAN_BANK


@pytest.fixture
def tricky_lesson() -> Lesson:
    """Single and multiple questions, feedback, simulation links, `{ } = ~ # : [ ]`, newlines."""
    (lesson,) = load_bank([FIXTURES / "tricky_bank.yaml"]).lessons
    return lesson


@pytest.fixture
def gan_lesson() -> Lesson:
    (lesson,) = load_bank([SHIPPED_GAN_BANK]).lessons
    return lesson


@pytest.fixture
def shipped_lessons() -> list[Lesson]:
    """Every lesson of the shipped bank folder (the GAN lesson and the smaller ones)."""
    return load_bank([SHIPPED_GAN_BANK.parent]).lessons
