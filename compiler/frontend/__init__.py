"""Front end: source text to resolved IR (grammar, parse, lower, syntax IR, resolve, effective
rules, the formatter)."""
