"""`python -m redline` runs the CLI."""

from redline.cli import app

app()
