"""docs/troubleshooting.md lists every error code, and only codes that exist (issue 11).

A code is listed when it is in backticks in the first column of a table row, or in backticks in a
heading. Every `ErrorCode("...")` declared in the Swift sources under Libraries/, Services/ and
Tools/ must be listed; every listed code must be declared. Fenced blocks are not read.
"""

import re

from .markdown import FENCE, Problem

TROUBLESHOOTING = "docs/troubleshooting.md"
CODE = re.compile(r"`([a-z][a-z0-9_]*)`")
FIRST_CELL = re.compile(r"^\s*\|([^|]*)\|")
HEADING = re.compile(r"^#{1,6}\s")


def listed_codes(source):
    """(code, line) for each code of a table's first column or a heading, outside fenced blocks."""
    listed, fence = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        match = FENCE.match(line)
        if match:
            marks = match.group(2)
            if fence is None:
                fence = marks
            elif marks[0] == fence[0] and len(marks) >= len(fence) and not match.group(3):
                fence = None
            continue
        if fence is not None:
            continue
        cell = FIRST_CELL.match(line)
        text = cell.group(1) if cell else (line if HEADING.match(line) else "")
        listed.extend((code, number) for code in CODE.findall(text))
    return listed


def check_troubleshooting(repo, doc=TROUBLESHOOTING):
    """A problem per declared code the doc does not list (at its declaration) and per listed unknown code."""
    declared = repo.error_code_declarations
    listed = listed_codes(repo.read(doc))
    problems = []
    names = {code for code, _ in listed}
    for code, where in sorted(declared.items()):
        if code not in names:
            problems.append(Problem(where[0], f"error code {code!r} is declared here but has no row or heading in {doc} "
                                              "(`" + code + "` in a table's first column or a heading)"))
    for code, line in listed:
        if code not in declared:
            problems.append(Problem(f"{doc}:{line}", f"error code {code!r} is listed but no ErrorCode(\"{code}\") is "
                                                     "declared under Libraries/, Services/ or Tools/"))
    return problems
