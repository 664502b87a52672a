"""Prometheus text format parsing: {family: (type, set of label names)}; the label names are
None for a family without samples yet (a labelled family before its first child)."""
import re

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"')


def families(text):
    types, labels, sampled = {}, {}, set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind.strip()
            labels.setdefault(name, set())
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            continue
        name = m.group(1)
        family = name
        if name not in types:
            for suffix in ("_bucket", "_sum", "_count"):
                if name.endswith(suffix) and name[: -len(suffix)] in types:
                    family = name[: -len(suffix)]
        names = set(LABEL.findall(m.group(3) or "")) - {"le"}
        labels.setdefault(family, set()).update(names)
        sampled.add(family)
    return {name: (types.get(name, "untyped"), labels.get(name, set()) if name in sampled else None) for name in types}
