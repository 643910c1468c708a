"""Source positions: every IR node and diagnostic points back at the text it came from."""

from pydantic import BaseModel, ConfigDict


class Span(BaseModel):
    """A half-open range of characters in one source file.

    `start`/`end` are character offsets into the decoded text (not bytes); `line` and `column`
    are 1-based, as editors show them. `end_line`/`end_column` point one past the last character.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, text: str, offset: int, length: int = 1) -> "Span":
        """A span of `length` characters at `offset` in `text`, with line and column computed."""
        offset = max(0, min(offset, len(text)))
        end = max(offset, min(offset + length, len(text)))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        end_line = text.count("\n", 0, end) + 1
        end_column = end - (text.rfind("\n", 0, end) + 1) + 1
        return cls(
            file=file,
            start=offset,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
        )


# A span for nodes made by the tool itself (defaults, generated programs in tests).
NO_SPAN = Span(file="<generated>", start=0, end=0, line=1, column=1, end_line=1, end_column=1)
