"""Diagnostics machinery: the coded registry, the sink, spans, rendering.

Kept empty of imports: `compiler.diagnostics.codes` must stay cheap to import (no pydantic)."""
