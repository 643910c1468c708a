"""Source positions: every IR node and diagnostic points back at the text it came from."""

from pydantic import BaseModel, ConfigDict

_new = object.__new__
_set = object.__setattr__


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
    def unchecked(
        cls,
        *,
        file: str,
        start: int,
        end: int,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
    ) -> "Span":
        """`Span(...)` without validation, for positions the parser gave (ints by construction).

        Equal to the validated span, but a third of the time and a third of the memory: every
        instance shares one set of field names (pydantic makes one per instance, some 700 bytes;
        it only ever copies it, a frozen model never adds to it). Lowering makes a span for
        every statement, string and name: hundreds of thousands in a big file."""
        return unchecked_span(file, start, end, line, column, end_line, end_column)

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


_ALL_FIELDS = set(Span.model_fields)  # shared by every `Span.unchecked`: never modified
# the slots pydantic keeps beside `__dict__`, set through their descriptors (the fastest way)
_get_dict = BaseModel.__dict__["__dict__"].__get__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def unchecked_span(  # noqa: PLR0917 (positions by position: the hot path, no keywords)
    file: str, start: int, end: int, line: int, column: int, end_line: int, end_column: int
) -> Span:
    """`Span.unchecked`, its arguments by position: the front end's hottest constructor.

    The fields are stored one by one into the new span's own `__dict__`, in one order: Python
    then keeps them as a split table sharing its keys with every other span (values only:
    half the memory of a dict of their own, which is what a big file's spans mostly are)."""
    span = _new(Span)
    fields = _get_dict(span)
    fields["file"] = file
    fields["start"] = start
    fields["end"] = end
    fields["line"] = line
    fields["column"] = column
    fields["end_line"] = end_line
    fields["end_column"] = end_column
    _set_fields(span, _ALL_FIELDS)
    _set_extra(span, None)
    _set_private(span, None)
    return span


# A span for nodes made by the tool itself (defaults, generated programs in tests).
NO_SPAN = Span(file="<generated>", start=0, end=0, line=1, column=1, end_line=1, end_column=1)
