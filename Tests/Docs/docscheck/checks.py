"""One check per kind of block; `check_block` picks it from the marker and the info string."""

import json
import os
import re
import subprocess
import tempfile

import jsonschema
import yaml

from .markdown import Problem
from .shell import check_shell

SHELL = {"sh", "bash", "shell"}
CODE = {"swift", "zig", "rust", "rs", "js", "javascript", "ts", "typescript", "html", "css", "python", "py",
        "sql", "go", "wat", "toml", "dockerfile", "makefile"}
# A figure (diagram, file tree, wire layout) is not a sample; it must not look like one.
FIGURE_LOOKS_LIKE_CODE = re.compile(r"^\s*(\$ |extctl |curl |scripts/|swift |clang |#include|import |\{\s*\"|\[\s*\{)")
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*): (.+)$")
PLACEHOLDER = re.compile(r"<[^<>]+>")
C_FLAGS = ["--target=wasm32-unknown-unknown", "-ffreestanding", "-nostdlib", "-fsyntax-only",
           "-Werror", "-Wall", "-include", "stdint.h"]


def check_block(block, repo):
    marker = block.marker
    if marker and marker.kind == "file":
        problems = check_include(block, repo)
        if block.info == "json" and not problems:
            problems += check_json(block, repo)
        return problems
    if marker and marker.kind == "run" and block.info not in SHELL:
        return [Problem(block.where(), f"`sample: run` needs an sh block, not {block.info or 'no info string'!r}")]
    if block.info in SHELL:
        return check_shell(block, repo)
    if block.info == "json":
        return check_json(block, repo)
    if block.info in ("yaml", "yml"):
        return check_yaml(block)
    if block.info == "c":
        return check_c(block, repo)
    if block.info == "http":
        return check_headers(block, repo)
    if block.info == "text":
        return check_figure(block, repo)
    if block.info in CODE:
        return [Problem(block.where(), f"{block.info} code without a sample marker: include the real, tested file with "
                                       "<!-- sample: PATH[#Lx-Ly] --> on the line above, or write it as prose")]
    if block.info == "":
        return [Problem(block.where(), "fenced block without an info string (sh, json, yaml, c, http, text, ...)")]
    return [Problem(block.where(), f"info string {block.info!r} is not one the checker knows how to verify")]


def check_include(block, repo):
    marker = block.marker
    where = block.where()
    full = repo.path(marker.path)
    if os.path.isabs(marker.path) or ".." in marker.path.split("/") or not os.path.isfile(full):
        return [Problem(where, f"sample {marker.path}: no such file in the repository")]
    problems = []
    if not repo.is_referenced(marker.path):
        problems.append(Problem(where, f"sample {marker.path}: no test, script or CI file builds or runs it "
                                       "(nothing under Tests/, scripts/, .ci/, bench/ or Package.swift names it)"))
    text = repo.read(marker.path)
    if marker.start:
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        if marker.end > len(lines):
            return problems + [Problem(where, f"sample {marker.path}#L{marker.start}-L{marker.end}: "
                                              f"the file has only {len(lines)} lines")]
        expected = "\n".join(lines[marker.start - 1:marker.end])
        name = f"{marker.path}#L{marker.start}-L{marker.end}"
    else:
        expected = text[:-1] if text.endswith("\n") else text
        name = marker.path
    if block.text != expected:
        problems.append(Problem(where, f"block differs from {name}: {_first_difference(block.text, expected)}"))
    return problems


def _first_difference(actual, expected):
    a, e = actual.split("\n"), expected.split("\n")
    for n, (x, y) in enumerate(zip(a, e), start=1):
        if x != y:
            return f"line {n} of the block is {x!r}, the file has {y!r}"
    return f"the block has {len(a)} lines, the file {len(e)}"


def check_json(block, repo):
    try:
        value = json.loads(block.text)
    except json.JSONDecodeError as error:
        return [Problem(block.where(error.lineno), f"invalid JSON: {error.msg} (column {error.colno})")]
    problems = []
    if isinstance(value, dict) and {"name", "publisher", "runtime"} <= value.keys():
        schema = json.loads(repo.read("docs/schemas/manifest-v2.schema.json"))
        validator = jsonschema.validators.validator_for(schema)(schema)
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            field = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(Problem(block.where(), f"manifest invalid against docs/schemas/manifest-v2.schema.json at {field}: {error.message}"))
    if isinstance(value, dict) and re.fullmatch(r"alga-[\w-]+@\d+", str(value.get("format", ""))):
        if value["format"] not in repo.source_literals:
            problems.append(Problem(block.where(), f"format {value['format']!r} is not a format the sources read or write"))
    if isinstance(value, dict) and isinstance(value.get("error"), dict) and "code" in value["error"]:
        code = value["error"]["code"]
        if code not in repo.error_codes:
            problems.append(Problem(block.where(), f"error code {code!r} is not an ErrorCode the sources declare"))
        elif not re.search(r"`" + re.escape(str(code)) + r"`|\b" + re.escape(str(code)) + r"\b", repo.documented_text):
            problems.append(Problem(block.where(), f"error code {code!r} is not documented in docs/ or docs/openapi"))
    return problems


def check_yaml(block):
    try:
        documents = [d for d in yaml.safe_load_all(block.text) if d is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error).split("\n")[0]
        return [Problem(block.where((mark.line + 1) if mark else 0), f"invalid YAML: {reason}")]
    if any(isinstance(d, dict) and "apiVersion" in d and "kind" in d for d in documents):
        return [Problem(block.where(), "Kubernetes/Knative YAML must be a sample of k8s/ or knative/ "
                                       "(<!-- sample: PATH#Lx-Ly -->), which Tests/Ops validates")]
    return []


def check_c(block, repo):
    """C without a marker compiles as it stands (clang -fsyntax-only, wasm32, against sdk/guest-c)."""
    clang = os.environ.get("DOCS_CLANG", "/opt/swift/usr/bin/clang")
    with tempfile.NamedTemporaryFile("w", suffix=".c") as source:
        source.write(block.text + "\n")
        source.flush()
        result = subprocess.run([clang, *C_FLAGS, "-I", repo.path("sdk/guest-c"), source.name],
                                capture_output=True, text=True, timeout=60)
    if result.returncode == 0:
        return []
    first = next((line for line in result.stderr.split("\n") if "error" in line), result.stderr.strip())
    located = re.search(r":(\d+):\d+: (?:fatal )?error: (.*)", first)
    if located:
        return [Problem(block.where(int(located.group(1))), f"C does not compile: {located.group(2)}")]
    return [Problem(block.where(), f"C does not compile: {first}")]


def check_headers(block, repo):
    """Response headers: each name and each `;`-separated directive of its value is a literal of the sources."""
    problems = []
    literals = repo.source_literals
    for offset, line in enumerate(block.text.split("\n"), start=1):
        match = HEADER_LINE.match(line)
        if not match:
            problems.append(Problem(block.where(offset), f"not a `Name: value` header line: {line!r}"))
            continue
        name, value = match.groups()
        if not any(name.lower() == literal.lower() for literal in literals):
            problems.append(Problem(block.where(offset), f"header {name} is not set anywhere in the sources"))
        for part in (p.strip() for p in value.split(";")):
            pattern = re.compile(".*".join(re.escape(piece) for piece in PLACEHOLDER.split(part)))
            if not any(pattern.fullmatch(literal) or pattern.fullmatch(literal.strip()) for literal in literals):
                problems.append(Problem(block.where(offset), f"{name}: {part!r} is not a value the sources send"))
    return problems


def check_figure(block, repo):
    """A figure is not a sample, but the repository paths it names (`scripts/pg`, `k8s/dev`) exist."""
    problems = []
    for offset, line in enumerate(block.text.split("\n"), start=1):
        if FIGURE_LOOKS_LIKE_CODE.match(line):
            return [Problem(block.where(offset), "a `text` block is a figure, but this line is a command or code: "
                                                 "give it its real info string (sh, json, ...) so it is checked")]
        for token in re.findall(r"(?<![\w./{<-])[A-Za-z.][\w.-]*/[\w.*/-]*", line):
            path = token.rstrip("/.")
            if "/" in path and path.split("/")[0] in repo.top_level and not repo.glob_exists(path):
                problems.append(Problem(block.where(offset), f"the figure names {path}, which does not exist"))
    return problems + _check_tree(block, repo)


def _check_tree(block, repo):
    """A file tree (lines starting with `Name/`, nested by indentation) names folders that exist."""
    lines = block.text.split("\n")
    if not lines or not re.match(r"^[A-Z][\w.-]*/", lines[0]):
        return []
    problems, stack = [], []          # stack: (indent, folder path)
    for offset, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" "))
        folders = re.match(r"^((?:[\w.*<>-]+/\s+)*[\w.*<>-]+/)(?:\s|$)", line.strip())
        if not folders:
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] + "/" if stack else ""
        names = folders.group(1).split()
        for name in names:
            path = parent + name.rstrip("/")
            if "<" not in path and not repo.glob_exists(path):
                problems.append(Problem(block.where(offset), f"the tree names {path}/, which does not exist"))
        if len(names) == 1:
            stack.append((indent, parent + names[0].rstrip("/")))
    return problems
