"""The chat web UI: ``ui.app.launch()`` (or ``assistant serve`` / ``python -m ui``)."""
