"""Turn pydantic's validation errors into problems that name the line and say how to fix it."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from statusgen.problems import Problem, Severity, error, quoted

from .load import Document
from .locations import KEY_LIMIT, Loc, field_path
from .yaml_front_matter import LineMap

M = TypeVar("M", bound=BaseModel)


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class whose field list applies at `loc` (for "did you mean" suggestions)."""
    current: Any = model
    for part in loc:
        candidates = _unwrap(current)
        next_type: Any = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if (
                isinstance(part, str)
                and isinstance(candidate, type)
                and issubclass(candidate, BaseModel)
            ):
                info = candidate.model_fields.get(part)
                if info is not None:
                    next_type = info.annotation
                    break
            elif origin in (list, tuple) and isinstance(part, int):
                next_type = typing.get_args(candidate)[0]
                break
            elif origin is dict and isinstance(part, str):
                next_type = typing.get_args(candidate)[1]
                break
        if next_type is None:
            return None
        current = next_type
    for candidate in _unwrap(current):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(value: Any) -> str:
    """What the file holds, as a message may quote it: never more than a line's worth."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)


# Messages for errors that say only what the value should have been.
_TYPE_MESSAGES = {
    "timezone_aware": "naive time {quoted}: add an offset such as 'Z' or '+02:00'",
    "string_type": "must be text (got {got}); quote it if needed",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
    "dict_type": "must be a mapping of keys to values (got {got})",
    "model_type": "must be a mapping of keys to values (got {got})",
    "model_attributes_type": "must be a mapping of keys to values (got {got})",
    "list_type": "must be a list (got {got}); start each item with '- '",
    "bool_type": "must be true or false (got {got})",
    "bool_parsing": "must be true or false (got {got})",
}
_DATE_MESSAGE = "not a valid date {got}: write it as 2026-03-01"
_DATETIME_MESSAGE = (
    "not a valid time {got}: write it as 2026-03-01T10:00:00Z or 2026-03-01 12:00:00+02:00"
)


def _message_of_kind(kind: str, value: Any) -> str | None:
    template = _TYPE_MESSAGES.get(kind)
    if template is None and kind.startswith("date_"):
        template = _DATE_MESSAGE
    elif template is None and kind.startswith("datetime_"):
        template = _DATETIME_MESSAGE
    return None if template is None else template.format(quoted=quoted(value), got=_describe(value))


def explain(detail: ErrorDetails, model: type[BaseModel]) -> tuple[Loc, str, str]:
    """(location, field path, message) for one pydantic error."""
    loc: Loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    # Union branches show up in loc as schema tags; they are not places in the file.
    loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "lax-"))))
    path = field_path(loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        options = list(parent.model_fields) if parent else []
        key = str(loc[-1])
        hint = _did_you_mean(key[:KEY_LIMIT], options)
        if not hint and options:
            hint = f" (allowed: {', '.join(options)})"
        return loc, field_path(loc[:-1]), f"unknown field {quoted(key, KEY_LIMIT)}{hint}"
    if kind == "missing":
        return loc, field_path(loc[:-1]), f"missing required field '{loc[-1]}'"
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        expected = expected.replace("'", "").replace(" or ", ", ")
        options = [o.strip() for o in expected.split(",")]
        hint = _did_you_mean(value[:KEY_LIMIT], options) if isinstance(value, str) else ""
        return loc, path, f"must be one of {expected} (got {_describe(value)}){hint}"
    simple = _message_of_kind(kind, value)
    if simple is not None:
        return loc, path, simple
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return loc, path, f"must be {expected} (got {_describe(value)})"
    if kind == "value_error":
        # Our own validators raise ValueError with a complete message.
        return loc, path, str(detail.get("ctx", {}).get("error", detail["msg"]))
    message = detail["msg"]
    return loc, path, f"{message[:1].lower()}{message[1:]} (got {_describe(value)})"


def problems_from(
    exc: ValidationError, model: type[BaseModel], rel: str, lines: LineMap, prefix: Loc = ()
) -> Iterator[Problem]:
    for detail in exc.errors(include_url=False):
        loc, path, message = explain(detail, model)
        full_path = field_path((*prefix, *loc)) if prefix else path
        if detail["type"] in ("extra_forbidden", "missing"):
            full_path = field_path((*prefix, *loc[:-1]))
        yield error(rel, lines.line_of((*prefix, *loc)), full_path, message)


def validated(model: type[M], document: Document, problems: list[Problem]) -> M | None:
    """`document`'s front-matter as `model`, or None.

    The file's own problems (characters no page can carry) and every one the model finds
    are appended to `problems`.
    """
    problems.extend(document.problems)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, model, document.rel, document.lines))
        return None


def without_errors(document: Document, found: Iterable[Problem], problems: list[Problem]) -> bool:
    """Append `found` (the checks beyond the model) to `problems`: whether the file is clean,
    that is neither they nor its own problems hold an error (warnings do not count)."""
    found = list(found)
    problems.extend(found)
    return not any(p.severity is Severity.ERROR for p in (*document.problems, *found))
