"""Stage 4: every rule a resolved IR must meet (validation, expectations, identity, regex
safety)."""
