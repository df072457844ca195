"""Command-line interface (installed as ``attribution.cli``)."""
