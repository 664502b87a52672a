"""The docs checker itself: bad fixture docs fail with `file:line: message`, a good one passes.

Runs check_docs.py as a process against the real repository (its real extctl, schema, error codes,
routes and scripts), with the docs of Tests/Docs/fixtures. Each `<name>.md` there has a
`<name>.expected`: one `LINE: text` per problem the checker must report, and nothing else.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = "Tests/Docs/fixtures"
BAD = sorted(name[:-len(".expected")] for name in os.listdir(os.path.join(HERE, "fixtures")) if name.endswith(".expected"))


def run_checker(*docs):
    return subprocess.run([sys.executable, os.path.join(HERE, "check_docs.py"), "--root", ROOT, *docs],
                          capture_output=True, text=True, timeout=300)


def expected_problems(name):
    with open(os.path.join(HERE, "fixtures", name + ".expected"), encoding="utf-8") as f:
        return [(int(line.split(":", 1)[0]), line.split(":", 1)[1].strip()) for line in f.read().splitlines() if line]


def testFixtures_whenListed_coverEveryKindOfBadDoc():
    assert BAD == ["bad-blocks", "bad-figures", "bad-samples", "bad-shell"]


@pytest.mark.parametrize("name", BAD)
def testCheck_whenDocIsBad_reportsEachProblemAtItsLine(name):
    doc = f"{FIXTURES}/{name}.md"
    result = run_checker(doc)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    summary = lines.pop()
    expected = expected_problems(name)
    assert re.fullmatch(rf"docs: \d+ samples checked in 1 files, {len(expected)} failures \(.*\)", summary), summary
    reported = []
    for line in lines:
        match = re.fullmatch(re.escape(doc) + r":(\d+): (.+)", line)
        assert match, f"not a `file:line: message` line: {line!r}"
        reported.append((int(match.group(1)), match.group(2)))
    assert [n for n, _ in reported] == [n for n, _ in expected], result.stdout
    for (line, message), (_, wanted) in zip(reported, expected):
        assert wanted in message, f"{doc}:{line}: expected {wanted!r} in {message!r}"


def testCheck_whenDocIsGood_passesAndCountsEveryBlock():
    result = run_checker(f"{FIXTURES}/good.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "docs: 10 samples checked in 1 files, 0 failures "
        "(c 1, figure 1, http 1, json 3, sample:file 1, sample:run 1, sh 1, yaml 1)"]


def testCheck_whenExtctlIsMissing_failsInsteadOfSkippingTheShellChecks():
    result = subprocess.run([sys.executable, os.path.join(HERE, "check_docs.py"), "--root", ROOT,
                             "--extctl", os.path.join(ROOT, ".build", "no-such-extctl"), f"{FIXTURES}/good.md"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "swift build --product extctl" in result.stderr


def run_on_tree(root, *docs):
    return subprocess.run([sys.executable, os.path.join(HERE, "check_docs.py"), "--root", str(root), *docs],
                          capture_output=True, text=True, timeout=300)


def testTroubleshooting_whenACodeIsMissingOrUnknown_namesEachWithItsPlace():
    # fixtures/error-codes: a tiny source tree whose doc lacks `fake_missing` (declared in
    # Libraries/Fake/ErrorCode+Fake.swift:4, named only in prose and in a figure) and lists `fake_unknown`.
    result = run_on_tree(os.path.join(HERE, "fixtures", "error-codes"), "docs/troubleshooting.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "Libraries/Fake/ErrorCode+Fake.swift:4: error code 'fake_missing' is declared here but has no row or "
        "heading in docs/troubleshooting.md (`fake_missing` in a table's first column or a heading)",
        "docs/troubleshooting.md:8: error code 'fake_unknown' is listed but no ErrorCode(\"fake_unknown\") is "
        "declared under Libraries/, Services/ or Tools/",
        "docs: 1 samples checked in 1 files, 2 failures (figure 1)"]


def testTroubleshooting_whenEveryCodeIsListed_passes(tmp_path):
    shutil.copytree(os.path.join(HERE, "fixtures", "error-codes"), tmp_path, dirs_exist_ok=True)
    doc = tmp_path / "docs" / "troubleshooting.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("| `fake_unknown` |", "| `fake_missing` |"), encoding="utf-8")
    result = run_on_tree(tmp_path, "docs/troubleshooting.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["docs: 1 samples checked in 1 files, 0 failures (figure 1)"]

