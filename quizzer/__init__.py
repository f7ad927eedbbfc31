"""Quizzer: an offline quiz engine for the terminal with a built-in GAN simulator."""

__version__ = "0.1.0"
