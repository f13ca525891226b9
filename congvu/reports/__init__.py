"""The leader's monthly report: tasks, signals, dossiers and public investment in one PDF."""
