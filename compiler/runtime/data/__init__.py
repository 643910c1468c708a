"""Runtime data (models, lexicons, lists) loaded by the evaluator."""
