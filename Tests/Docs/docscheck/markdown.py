"""Fenced code blocks of a Markdown file, with the marker line right before each one.

A marker is an HTML comment on the line immediately above the opening fence:
  <!-- sample: PATH -->            the block is byte-identical to the repository file PATH
  <!-- sample: PATH#L5-L20 -->     ... to lines 5 to 20 of it
  <!-- sample: run -->             a shell block that a test or script runs exactly as written
"""

import dataclasses
import re

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
MARKER = re.compile(r"^\s*<!--\s*sample:\s*(\S+)\s*-->\s*$")
ANY_MARKER = re.compile(r"^\s*<!--\s*sample\b")
RANGE = re.compile(r"^(?P<path>[^#]+)(?:#L(?P<start>\d+)-L(?P<end>\d+))?$")


@dataclasses.dataclass(frozen=True)
class Marker:
    line: int              # 1-based line of the marker comment
    kind: str              # "file" or "run"
    path: str = ""         # kind "file": the repository path
    start: int = 0         # kind "file" with a range: first and last line (1-based, inclusive)
    end: int = 0


@dataclasses.dataclass(frozen=True)
class Block:
    doc: str               # the Markdown file, relative to the repository root
    line: int              # 1-based line of the opening fence
    info: str              # the first word of the info string, lower-cased ("" when none)
    text: str              # the content, lines joined with "\n", no trailing newline
    marker: Marker | None

    def where(self, offset=0):
        """`doc:line` of the block's fence, or of its content line `offset` (1-based)."""
        return f"{self.doc}:{self.line + offset}"


@dataclasses.dataclass(frozen=True)
class Problem:
    where: str             # doc:line
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


def parse(doc, source):
    """The blocks of `source` (the text of `doc`) and the structural problems found on the way."""
    lines = source.split("\n")
    blocks, problems = [], []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            if ANY_MARKER.search(lines[i]) and not _marker_before_fence(lines, i):
                problems.append(Problem(f"{doc}:{i + 1}", "sample marker not directly above a fenced block"))
            i += 1
            continue
        indent, fence, info = match.group(1), match.group(2), match.group(3).lower()
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if j == len(lines):
            problems.append(Problem(f"{doc}:{i + 1}", "fenced block is never closed"))
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip(" ") for line in lines[i + 1:j]]
        marker, problem = _marker(doc, lines, i)
        if problem:
            problems.append(problem)
        blocks.append(Block(doc, i + 1, info, "\n".join(body), marker))
        i = j + 1
    problems.extend(_indented_blocks(doc, lines))
    return blocks, problems


def _marker_before_fence(lines, i):
    return i + 1 < len(lines) and FENCE.match(lines[i + 1]) is not None


def _marker(doc, lines, fence_index):
    if fence_index == 0:
        return None, None
    previous = lines[fence_index - 1]
    if not ANY_MARKER.search(previous):
        return None, None
    match = MARKER.match(previous)
    where = f"{doc}:{fence_index}"
    if not match:
        return None, Problem(where, f"malformed sample marker {previous.strip()!r} "
                                    "(expected <!-- sample: PATH[#Lx-Ly] --> or <!-- sample: run -->)")
    target = match.group(1)
    if target == "run":
        return Marker(fence_index, "run"), None
    parts = RANGE.match(target)
    if not parts:
        return None, Problem(where, f"malformed sample path {target!r} (expected PATH or PATH#Lx-Ly)")
    start, end = int(parts.group("start") or 0), int(parts.group("end") or 0)
    if parts.group("start") and not 1 <= start <= end:
        return None, Problem(where, f"empty or reversed line range in {target!r}")
    return Marker(fence_index, "file", parts.group("path"), start, end), None


def _indented_blocks(doc, lines):
    """Indented code blocks (4 spaces after a blank line, 8 inside a list item): they must be fenced."""
    problems, in_fence, in_list = [], False, False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if re.match(r"^\s{0,3}([-*+]|\d+[.)])\s", line):
            in_list = True
        elif line.strip() and not line.startswith(" "):
            in_list = False
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and i > 0 and not lines[i - 1].strip() and indent >= (8 if in_list else 4):
            problems.append(Problem(f"{doc}:{i + 1}", "indented code block: write it as a fenced block with an info string"))
    return problems
