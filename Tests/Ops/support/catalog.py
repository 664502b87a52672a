"""docs/metrics.md as data: {section: {metric: Row}}. Sections are `## <title>` headings; a
section naming services (e.g. `## runner-svc`) lists what those services expose, `Every
service` what all four expose, `Cluster` what the monitoring stack provides."""
import os
import re
from dataclasses import dataclass

from .paths import DOCS, SERVICES


@dataclass
class Row:
    name: str
    type: str
    labels: tuple
    status: str
    section: str

    @property
    def live(self):
        return self.status.startswith("live")

    @property
    def is_pattern(self):
        return self.name.endswith("*")

    def matches(self, name):
        return name.startswith(self.name[:-1]) if self.is_pattern else name == self.name


def load(path=os.path.join(DOCS, "metrics.md")):
    rows, section = [], None
    with open(path) as f:
        for line in f:
            heading = re.match(r"^## (.+)$", line)
            if heading:
                section = heading.group(1).strip()
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if section and len(cells) >= 6 and re.fullmatch(r"`[a-z_:*]+`", cells[0]):
                labels = tuple(re.findall(r"`([a-z_]+)`", cells[2].split("+")[0])) if cells[2] != "—" else ()
                rows.append(Row(cells[0].strip("`"), cells[1], labels, cells[4], section))
    return rows


def services_of(section):
    """The services a section's rows apply to: all for `Every service`, else those it names."""
    if section == "Every service":
        return set(SERVICES)
    return {s for s in SERVICES if re.search(rf"\b{s}\b", section)}


def lookup(rows, name):
    """The row documenting `name` (histogram series suffixes resolve to their family)."""
    for row in rows:
        if row.matches(name):
            return row
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            for row in rows:
                if row.matches(base) and row.type == "histogram":
                    return row
    return None
