"""`python -m quizzer` runs the same command line as the `quizzer` script."""

from quizzer.cli import main

raise SystemExit(main())
