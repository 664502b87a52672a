#!/usr/bin/env python3
"""Every code sample in the docs is checked (issue 11): run by scripts/test through Tests/Docs/run.

  check_docs.py [--root DIR] [--extctl PATH] [DOC.md ...]

Without DOC arguments it checks README.md, docs/**/*.md, examples/**/README.md, sdk/*/README.md,
bench/**/README.md, Tests/**/README.md and templates/**/README.md. What each kind of block must
satisfy is in Tests/Docs/README.md. When docs/troubleshooting.md is among the docs, it must list
every ErrorCode("...") the sources declare, and only those (docscheck/errorcodes.py). Prints one `file:line: message` per problem and a summary;
exits 1 when there is any problem.
"""

import argparse
import collections
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import jsonschema  # noqa: F401  (PyYAML and jsonschema come from .deps/venv, scripts/bootstrap)
    import yaml  # noqa: F401
except ImportError:
    VENV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".deps", "venv", "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(VENV) or not os.access(VENV, os.X_OK):
        raise
    os.execv(VENV, [VENV, *sys.argv])

from docscheck import checks, errorcodes, markdown  # noqa: E402
from docscheck.repo import Repo  # noqa: E402

DOCS = ["README.md", "docs/**/*.md", "examples/**/README.md", "sdk/*/README.md", "bench/**/README.md",
        "Tests/**/README.md", "templates/**/README.md"]


def default_docs(root):
    found = set()
    for pattern in DOCS:
        for path in glob.glob(os.path.join(root, pattern), recursive=True):
            relative = os.path.relpath(path, root)
            if not relative.startswith(("Tests/Docs/fixtures/", ".build", ".deps")) and "/node_modules/" not in relative:
                found.add(relative)
    return sorted(found)


def check(repo, docs):
    problems, kinds = [], collections.Counter()
    for doc in docs:
        blocks, structural = markdown.parse(doc, repo.read(doc))
        problems.extend(structural)
        for block in blocks:
            kinds[_kind(block)] += 1
            problems.extend(checks.check_block(block, repo))
    if errorcodes.TROUBLESHOOTING in docs:
        problems.extend(errorcodes.check_troubleshooting(repo))
    problems.sort(key=lambda p: (p.where.rsplit(":", 1)[0], int(p.where.rsplit(":", 1)[1])))
    return problems, kinds


def _kind(block):
    if block.marker:
        return "sample:run" if block.marker.kind == "run" else "sample:file"
    return "figure" if block.info == "text" else (block.info or "none")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser.add_argument("--extctl", help="the extctl binary (default ROOT/.build/debug/extctl)")
    parser.add_argument("docs", nargs="*", help="Markdown files relative to ROOT (default: every doc)")
    args = parser.parse_args(argv)
    repo = Repo(args.root, args.extctl)
    docs = args.docs or default_docs(repo.root)
    problems, kinds = check(repo, docs)
    for problem in problems:
        print(problem)
    samples = sum(kinds.values())
    detail = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    print(f"docs: {samples} samples checked in {len(docs)} files, {len(problems)} failures ({detail})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
