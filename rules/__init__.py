"""The shipped rule pack: one YAML rule per file plus scoring.yaml (installed as attribution.builtin_rules)."""
