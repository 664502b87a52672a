"""Validates manifest corpus files against the JSON Schema and prints, as one JSON object,
{file: {"valid": bool, "paths": [field paths the errors point at]}}.

Usage: check_schema.py SCHEMA FILE... (run by Tests/BundleTests/ManifestSchemaEquivalenceTests.swift).
Field paths use the validator's spelling: api.endpoints[2].method, precompiled["a.b"], $ for the root.
"""
import json
import re
import sys

import jsonschema

PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def render(parts):
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif PLAIN_KEY.match(p):
            out += ("." if out else "") + p
        else:
            out += "[" + json.dumps(p) + "]"
    return out or "$"


def field_paths(error):
    """The fields an error is about: its instance path, refined for errors about members."""
    base = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        return {render(base + [k]) for k in error.validator_value if k not in error.instance}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known]
        if extra and error.validator_value is False:
            return {render(base + [k]) for k in extra}
    return {render(base)}


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    result = {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        paths = set()
        errors = list(validator.iter_errors(document))
        for error in errors:
            paths |= field_paths(error)
        result[path] = {"valid": not errors, "paths": sorted(paths)}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
