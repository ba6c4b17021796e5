"""The YAML parser's complaints as one-line problems with a code (``load.<kind>``) and the
values they name: what pipetrack.text.loading says in Chinese."""

from __future__ import annotations

import re

import yaml

from pipetrack.domain.errors import DataError

#: Deepest nesting of mappings and lists a file may have (real files use 3 or 4).
MAX_DEPTH = 50
#: libyaml's own nesting limit (0.2.6 and later), far above MAX_DEPTH
_TOO_DEEP = "maximum nesting depth"


def yaml_error(exc: yaml.YAMLError, text: str, path: str) -> DataError:
    """A parse error as a DataError: too deep, a duplicate key, a long number, a tag, a tab, or syntax."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if _TOO_DEEP in problem:  # libyaml >= 0.2.6 may stop at its own limit before our count
        return too_deep(path, line)
    if isinstance(exc, yaml.constructor.ConstructorError):
        if problem.startswith("duplicate key"):
            key, first = _DUPLICATE.match(problem).groups()  # type: ignore[union-attr]
            return DataError(path, line, problem, code="load.duplicate_key", key=key, first=first)
        if problem.startswith("number with"):
            digits = problem.split()[2]
            return DataError(path, line, problem, code="load.number_too_long", digits=digits)
        if "tag" in problem:
            tag = problem.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
            return DataError(
                path,
                line,
                f"YAML tag {tag} is not allowed (plain values only)",
                code="load.yaml_tag",
                tag=tag,
            )
    if line is not None:
        source = text.splitlines()[line - 1] if line - 1 < len(text.splitlines()) else ""
        indent = source[: len(source) - len(source.lstrip(" \t"))]
        if "\t" in indent or "'\\t'" in problem:
            return DataError(
                path, line, "tab used for indentation; indent with spaces", code="load.tab_indent"
            )
    return DataError(path, line, f"YAML syntax error: {problem}", code="load.yaml_syntax", problem=problem)


_DUPLICATE = re.compile(r"duplicate key (.*) \(first on line (\d+)\)")


def too_deep(path: str, line: int | None) -> DataError:
    message = f"nested more than {MAX_DEPTH} levels deep"
    return DataError(path, line, message, code="load.too_deep", depth=MAX_DEPTH)
