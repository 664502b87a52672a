"""Checks of sh blocks: each command line names real commands, options, files, routes and variables."""

import os
import re
import shlex
import urllib.parse

from .markdown import Problem
from .repo import collapse

SEPARATORS = {"&&", "||", "|", ";", "&", "(", ")"}
ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
REPO_PATH = re.compile(r"^\.?[A-Za-z0-9_.-]+/[^\s]*$")
CURL_VALUE_OPTIONS = {"-X", "--request", "-H", "--header", "-d", "--data", "--data-binary", "--data-raw",
                      "-o", "--output", "-u", "--user", "-w", "--write-out", "-T", "--upload-file",
                      "--max-time", "-m", "--connect-timeout", "-F", "--form", "--oauth2-bearer"}


def logical_lines(block):
    """(offset of the first physical line, text) of each command, continuations joined."""
    lines, current, first = [], "", 0
    for offset, line in enumerate(block.text.split("\n"), start=1):
        if not current:
            first = offset
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if _open_quote(current):
            current += "\n"
            continue
        if current.strip() and not current.strip().startswith("#"):
            lines.append((first, current))
        current = ""
    if current.strip():
        lines.append((first, current))
    return lines


def _open_quote(text):
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return True
    return False


def check_shell(block, repo):
    problems = []
    for offset, line in logical_lines(block):
        where = block.where(offset)
        try:
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words = list(lexer)
        except ValueError as error:
            problems.append(Problem(where, f"cannot parse the command line: {error}"))
            continue
        if block.marker and block.marker.kind == "run" and not _is_run(line, repo):
            problems.append(Problem(where, f"marked `sample: run` but no test or script runs {collapse(_strip_comment(line))!r}"))
        for command in _simple_commands(words):
            problems.extend(Problem(where, message) for message in _check_command(command, repo))
    return problems


def _strip_comment(line):
    return re.sub(r"\s+#.*$", "", line)


def _is_run(line, repo):
    wanted = collapse(_strip_comment(line))
    return any(wanted in text for text in repo.runner_commands)


def _simple_commands(words):
    command = []
    for word in words:
        if word in SEPARATORS:
            if command:
                yield command
            command = []
        else:
            command.append(word)
    if command:
        yield command


def _check_command(words, repo):
    messages = []
    while words and ASSIGNMENT.match(words[0]):
        name = ASSIGNMENT.match(words[0]).group(1)
        if not repo.env_is_known(name):
            messages.append(f"environment variable {name} is not documented in docs/config.md or docs/cli.md "
                            "and no test or script reads it")
        words = words[1:]
    if not words:
        return messages
    program, args = words[0], words[1:]
    if program == "extctl":
        messages.extend(_check_extctl(args, repo))
    elif program == "curl":
        messages.extend(_check_curl(args, repo))
    elif program == "swift":
        messages.extend(_check_swift(args, repo))
    elif re.match(r"^\.build/(debug|release)/", program):
        product = program.split("/", 2)[2]
        if product not in repo.package_names:
            messages.append(f"{program}: no product or target {product!r} in Package.swift")
    elif "/" in program and program.split("/")[0] in repo.top_level:
        if not repo.glob_exists(program):
            messages.append(f"{program} does not exist")
        elif not _executable(repo, program):
            messages.append(f"{program} is not executable")
    for arg in args:
        value = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
        if REPO_PATH.match(value) and value.split("/")[0] in repo.top_level and "$" not in value:
            if not repo.glob_exists(value):
                messages.append(f"{value} does not exist in the repository")
    return messages


def _executable(repo, relative):
    return os.access(repo.path(relative), os.X_OK)


def _check_extctl(args, repo):
    if not args:
        return ["`extctl` without a command"]
    command = args[0]
    options = repo.extctl_options(command)
    if options is None:
        return [f"`extctl {command}`: extctl has no such command"]
    messages = []
    for arg in args[1:]:
        if arg == "--":
            break
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            if name not in options:
                messages.append(f"`extctl {command} {name}`: not an option of `extctl {command}` "
                                f"(its --help lists {', '.join(sorted(options))})")
    return messages


def _check_curl(args, repo):
    method, url, data, i = None, None, False, 0
    while i < len(args):
        arg = args[i]
        if arg in ("-X", "--request"):
            method = args[i + 1].upper() if i + 1 < len(args) else None
        if arg in ("-d", "--data", "--data-binary", "--data-raw", "-F", "--form", "-T", "--upload-file"):
            data = True
        if arg in ("-I", "--head"):
            method = method or "HEAD"
        if arg in CURL_VALUE_OPTIONS:
            i += 2
            continue
        if not arg.startswith("-"):
            url = arg
        i += 1
    if url is None:
        return ["curl line without a URL"]
    path = urllib.parse.urlsplit(url).path or "/"
    method = method or ("POST" if data else "GET")
    if not repo.has_route(method, path):
        return [f"curl {method} {path}: no such route in docs/openapi/*.yaml or the services' route tables"]
    return []


def _check_swift(args, repo):
    messages = []
    for option in ("--product", "--target", "--filter"):
        if option in args and args.index(option) + 1 < len(args):
            name = args[args.index(option) + 1]
            if option == "--filter":
                if not repo.test_name_exists(name):
                    messages.append(f"swift test --filter {name}: no test or suite of that name under Tests/")
            elif name not in repo.package_names:
                messages.append(f"swift {option} {name}: no such product or target in Package.swift")
    return messages
