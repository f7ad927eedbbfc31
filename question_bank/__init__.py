"""The banks shipped with Quizzer, installed as package data so `pip install .` finds them."""

from pathlib import Path

BANK_DIR = Path(__file__).resolve().parent
DEFAULT_BANK = BANK_DIR
SCHEMA_PATH = BANK_DIR / "schema.json"
