"""The metric names a PromQL expression reads. Enough for the expressions of this repository
(rules and dashboards): string literals, label matchers, grouping clauses and ranges are removed,
and every remaining identifier not followed by `(` is a metric (or recording rule) name; a
`__name__=~"re"` matcher is returned as the regex itself."""
import re

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
            "inf", "nan", "atan2"}
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
NAME_MATCHER = re.compile(r'__name__\s*=~?\s*"([^"]*)"')
IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def grafana_to_promql(expr):
    """Substitutes the dashboard variables with values that select everything locally."""
    return (expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m")
            .replace('"$namespace"', '"alga-ext"').replace('"$revision"', '".*"').replace('"$tenant"', '".*"'))


def metric_names(expr):
    names = set(NAME_MATCHER.findall(expr))
    text = re.sub(r"\{[^}]*\}", " ", expr)
    text = re.sub(r'"[^"]*"', " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = GROUPING.sub(" ", text)
    for m in IDENT.finditer(text):
        word = m.group(0)
        rest = text[m.end():].lstrip()
        if word.lower() in KEYWORDS or rest.startswith("("):
            continue
        if re.fullmatch(r"[0-9eE.+-]+", word):
            continue
        names.add(word)
    return names
