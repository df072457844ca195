"""Training recipe for the shipped compact English Stanza pipeline (see README.md)."""
