"""What the checker compares the docs with: files, error codes, routes, env vars and the real extctl."""

import functools
import glob
import os
import re
import subprocess

# Where the code that tests and scripts run lives: a sample must be referenced from here.
RUNNERS = ("Tests", "scripts", ".ci", "bench", "Package.swift")
SOURCES = ("Libraries", "Services", "Tools")
HTTP_METHODS = ("get", "head", "post", "put", "patch", "delete")


class Repo:
    def __init__(self, root, extctl=None):
        self.root = os.path.abspath(root)
        self.extctl = extctl or os.path.join(self.root, ".build", "debug", "extctl")

    def path(self, relative):
        return os.path.join(self.root, relative)

    def read(self, relative):
        with open(self.path(relative), encoding="utf-8") as f:
            return f.read()

    def _files(self, tops, suffixes=None):
        for top in tops:
            full = self.path(top)
            if os.path.isfile(full):
                yield top
                continue
            for directory, subdirs, names in os.walk(full):
                subdirs[:] = [d for d in subdirs if not d.startswith(".build") and d not in ("node_modules", "__pycache__")]
                for name in names:
                    if suffixes is None or name.endswith(suffixes):
                        yield os.path.relpath(os.path.join(directory, name), self.root)

    def _texts(self, tops, suffixes=None):
        texts = {}
        for relative in self._files(tops, suffixes):
            try:
                texts[relative] = self.read(relative)
            except (UnicodeDecodeError, OSError):
                continue
        return texts

    @functools.cached_property
    def runner_texts(self):
        """Tests, scripts, CI and bench files and the examples' build scripts, by path (no Markdown)."""
        texts = self._texts(RUNNERS)
        texts.update(self._texts(("examples",), (".sh",)))
        # Docs run nothing, and the checker's own fixtures must not vouch for themselves.
        return {path: text for path, text in texts.items()
                if not path.endswith(".md") and not path.startswith("Tests/Docs/")}

    @functools.cached_property
    def runner_commands(self):
        """The runner files with line continuations joined and whitespace collapsed, one string each."""
        return [_collapse(text) for text in self.runner_texts.values()]

    def is_referenced(self, relative):
        """A file under Tests/, or named by a runner file (itself, a folder of it, or its top-level folder as a whole)."""
        if relative.startswith("Tests/"):
            return True
        parts = relative.split("/")
        names = ["/".join(parts[:n]) for n in range(len(parts), 1, -1)]
        patterns = [re.compile(r"(?<![\w./-])" + re.escape(name) + r"(?![\w.-])") for name in names]
        # A top-level folder counts when a runner names the folder itself (`"$root/migrations"`).
        patterns.append(re.compile(r"""(?<=[/"'])""" + re.escape(parts[0]) + r"""(?=["'\s])"""))
        return any(p.search(text) for text in self.runner_texts.values() for p in patterns)

    @functools.cached_property
    def error_codes(self):
        """Every `ErrorCode("...")` and `code: "..."`-style code declared in the sources."""
        codes = set()
        for text in self._texts(SOURCES, (".swift",)).values():
            codes.update(re.findall(r'ErrorCode\("([a-z][a-z0-9_]*)"\)', text))
        return codes

    @functools.cached_property
    def error_code_declarations(self):
        """Each declared code and the `file:line` of its declarations (first one first)."""
        where = {}
        for relative, text in sorted(self._texts(SOURCES, (".swift",)).items()):
            for match in re.finditer(r'ErrorCode\("([a-z][a-z0-9_]*)"\)', text):
                line = text.count("\n", 0, match.start()) + 1
                where.setdefault(match.group(1), []).append(f"{relative}:{line}")
        return where

    @functools.cached_property
    def source_literals(self):
        """Every string literal of the Swift sources (header names and values are among them)."""
        literals = set()
        for text in self._texts(SOURCES, (".swift",)).values():
            literals.update(re.findall(r'"((?:[^"\\\n]|\\.)*)"', text))
        return literals

    @functools.cached_property
    def documented_text(self):
        """The docs and OpenAPI files, where every error code a client can see is explained."""
        return "\n".join(self._texts(("docs",), (".md", ".yaml")).values())

    @functools.cached_property
    def routes(self):
        """(method, path regex) of every OpenAPI operation and every route registered in the sources."""
        routes = []
        for text in self._texts(("docs/openapi",), (".yaml",)).values():
            path = None
            for line in text.split("\n"):
                top = re.match(r"^  (/\S*):\s*$", line)
                if top:
                    path = top.group(1)
                    continue
                if path and re.match(r"^\S", line):
                    path = None
                op = re.match(r"^    (get|head|post|put|patch|delete):", line)
                if path and op:
                    routes.append((op.group(1).upper(), _template_regex(path, r"\{[^}]+\}")))
        pattern = re.compile(r"\(\s*\.(" + "|".join(HTTP_METHODS) + r')\s*,\s*"(/[^"]*)"')
        for text in self._texts(SOURCES, (".swift",)).values():
            for method, path in pattern.findall(text):
                routes.append((method.upper(), _template_regex(path, r":\w+|\*\w*")))
        return routes

    def has_route(self, method, path):
        return any(m == method and regex.fullmatch(path) for m, regex in self.routes) or (
            method == "HEAD" and self.has_route("GET", path))

    @functools.cached_property
    def documented_env(self):
        """Variables in backticks in docs/config.md and docs/cli.md (the two env references)."""
        names = set()
        for doc in ("docs/config.md", "docs/cli.md"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", self.read(doc)))
        return names

    def env_is_known(self, name):
        """Documented in the env references, or read by the test or script that uses it."""
        return name in self.documented_env or any(
            re.search(r"\b" + name + r"\b", text) for text in self.runner_texts.values())

    @functools.cached_property
    def package_names(self):
        return set(re.findall(r'name:\s*"([^"]+)"', self.read("Package.swift")))

    def test_name_exists(self, name):
        return any(re.search(r"\b" + re.escape(name) + r"\b", text)
                   for path, text in self.runner_texts.items() if path.startswith("Tests/"))

    def glob_exists(self, relative):
        return bool(glob.glob(self.path(relative)))

    @functools.cached_property
    def top_level(self):
        return {name for name in os.listdir(self.root) if not name.startswith(".") or name == ".ci"}

    @functools.lru_cache(maxsize=None)
    def extctl_help(self, command):
        """The real `extctl COMMAND --help` text, or None when extctl refuses the command."""
        if not os.access(self.extctl, os.X_OK):
            raise SystemExit(f"check_docs: {self.extctl} is missing; build it: swift build --product extctl")
        result = subprocess.run([self.extctl, command, "--help"], capture_output=True, text=True, timeout=30)
        return result.stdout + result.stderr if result.returncode == 0 else None

    def extctl_options(self, command):
        help_text = self.extctl_help(command)
        if help_text is None:
            return None
        # The usage line and the option list only: prose may mention other commands' options.
        lines = [line for line in help_text.split("\n") if line.startswith("Usage:") or re.match(r"^\s+-", line)]
        return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", "\n".join(lines)))


def _template_regex(path, placeholder):
    parts, last = [], 0
    for match in re.finditer(placeholder, path):
        parts.append(re.escape(path[last:match.start()]))
        parts.append(".+" if match.group(0).startswith("*") or match.group(0) == "{path}" else "[^/]+")
        last = match.end()
    parts.append(re.escape(path[last:]))
    return re.compile("".join(parts))


def _collapse(text):
    return re.sub(r"\s+", " ", text.replace("\\\n", " "))


def collapse(text):
    return _collapse(text).strip()
