"""Package data: loaded with importlib.resources."""
