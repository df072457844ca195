"""Measuring extraction against human-annotated attributions (PolNeAR, brat standoff)."""
