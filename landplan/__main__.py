"""``python -m landplan`` runs the CLI."""

from landplan.cli import main

main()
