"""Static checks of alerts/, dashboards/ and docs/runbook.md, run by scripts/checks/alerts.sh.

* Every metric name in a rule expression, in a query inside an alert annotation, in a dashboard
  target, annotation or template variable is a family kafka-pulse declares (`let name = "…"` in
  Sources/PulseExposition/Families/*.swift), a recording rule of alerts/, or one of the few series
  Prometheus itself writes. A renamed family therefore fails here instead of leaving a dead panel
  or an alert that can never fire.
* Every alert has a severity, summary, description and a runbook_url whose anchor is a heading of
  docs/runbook.md, a row in the runbook's threshold table that matches the rule, and promtool tests
  in test-suites/alerts/ where it fires and where it does not.
* docs/metrics.md, the metric catalogue, has one entry (a heading `### `name``, then a line that
  starts with the type) for every family the code declares, with the code's type, and no entry for
  a family the code no longer declares.
* Every dashboard validates against dashboards/schema/dashboard.schema.json, has a unique uid,
  unique panel ids, panels inside the 24-column grid that do not overlap, and only the template
  variables it defines.

Exit status 1 with one line per problem. Also imported by the integration test for the PromQL
helpers (dashboard targets, variable substitution).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ALERTS = REPO / "alerts"
DASHBOARDS = REPO / "dashboards"
SCHEMA = DASHBOARDS / "schema" / "dashboard.schema.json"
RUNBOOK = REPO / "docs" / "runbook.md"
CATALOGUE = REPO / "docs" / "metrics.md"
FAMILIES = REPO / "Sources" / "PulseExposition" / "Families"
TESTS = REPO / "test-suites" / "alerts"
RUNBOOK_BASE = "https://github.com/kafka-pulse/kafka-pulse/blob/main/docs/runbook.md"

# Series Prometheus writes itself (scrape health, alert state): allowed without a family.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS"}

SEVERITIES = {"warning", "critical"}
GRAFANA_BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__range", "__range_s", "__interval_ms"}

# ----------------------------------------------------------------------------------- PromQL names

_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
             "unless", "offset", "inf", "nan", "atan2"}
_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGES = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_VARIABLE = re.compile(r"\$\{?(\w+)(?::\w+)?\}?")
_IDENT = re.compile(r"(?<![\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)")


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (Grafana `$variables` allowed)."""
    s = _STRING.sub('""', expr)
    s = _MATCHERS.sub(" ", s)
    s = _RANGES.sub(" ", s)
    s = _GROUPING.sub(" ", s)
    s = _VARIABLE.sub(" ", s)
    names = set()
    for m in _IDENT.finditer(s):
        name = m.group(1)
        if re.match(r"\s*\(", s[m.end():]) or name.lower() in _KEYWORDS:
            continue  # a function or aggregation, or a keyword
        names.add(name)
    return names


def variables_used(expr: str) -> set[str]:
    return {m.group(1) for m in _VARIABLE.finditer(expr)}


def annotation_queries(template: str) -> list[str]:
    """PromQL built by `printf "…" … | query` in an alert annotation, with each %q as a string."""
    out = []
    for m in re.finditer(r'printf\s+"((?:\\.|[^"\\])*)"', template):
        fmt = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        out.append(fmt.replace("%q", '"x"'))
    return out


# ----------------------------------------------------------------------------------- inputs

def declared_families() -> set[str]:
    return set(declared_family_types())


def declared_family_types() -> dict[str, str]:
    """{family name: Prometheus type} from `let name = "…"` and `let type = MetricType.…`."""
    types = {}
    for f in sorted(FAMILIES.glob("*.swift")):
        text = f.read_text()
        kinds = re.findall(r"let type = MetricType\.(\w+)", text)
        for name in re.findall(r'let name = "([^"]+)"', text):
            types[name] = kinds[0] if len(kinds) == 1 else f"(unclear: {len(kinds)} types in {f.name})"
    return types


def catalogue_entries(text: str) -> dict[str, str | None]:
    """{family name: type} of docs/metrics.md: each `### `name`` heading and the first word of the
    line after it (None when that line does not start with a type and ` · `)."""
    entries: dict[str, str | None] = {}
    for m in re.finditer(r"^###\s+`([A-Za-z_:][A-Za-z0-9_:]*)`\s*\n\s*\n?([^\n]*)", text, re.M):
        kind = re.match(r"(\w+) ·", m.group(2))
        entries[m.group(1)] = kind.group(1) if kind else None
    return entries


def rule_files() -> list[Path]:
    return sorted(ALERTS.glob("*.yml"))


def rule_groups() -> list[dict]:
    groups = []
    for f in rule_files():
        groups.extend(yaml.safe_load(f.read_text())["groups"])
    return groups


def rules(kind: str) -> list[dict]:
    return [r for g in rule_groups() for r in g["rules"] if kind in r]


def dashboards() -> dict[str, dict]:
    return {f.name: json.loads(f.read_text()) for f in sorted(DASHBOARDS.glob("*.json"))}


def dashboard_queries(board: dict) -> list[tuple[str, str]]:
    """``(where, expr)`` for every panel target and annotation query of a dashboard."""
    out = []
    for panel in board["panels"]:
        for t in panel.get("targets", []):
            out.append((f'panel {panel["id"]} "{panel["title"]}" target {t["refId"]}', t["expr"]))
    for a in board["annotations"]["list"]:
        if "expr" in a:
            out.append((f'annotation "{a["name"]}"', a["expr"]))
    return out


def variable_query(variable: dict) -> str | None:
    """The series selector of a `label_values(selector, label)` template variable."""
    if variable["type"] != "query":
        return None
    m = re.fullmatch(r"label_values\((.*),\s*\w+\)", variable["definition"].strip())
    return m.group(1) if m else variable["definition"]


# ----------------------------------------------------------------------------------- JSON schema

SCHEMA_KEYWORDS = {"$schema", "title", "description", "$defs", "$ref", "type", "required", "properties",
                   "additionalProperties", "items", "enum", "const", "pattern", "minimum", "maximum",
                   "minItems", "maxItems", "minLength", "oneOf"}
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is_type(value, name: str) -> bool:
    if name in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return name == "number" or float(value).is_integer()
    return isinstance(value, _TYPES[name])


def schema_keywords(schema, root=True) -> set[str]:
    """Keywords a schema uses (to make sure the validator below knows every one of them)."""
    found = set()
    if isinstance(schema, dict):
        for k, v in schema.items():
            found.add(k)
            if k in ("properties", "$defs"):
                for sub in v.values():
                    found |= schema_keywords(sub, False)
            elif k in ("items", "additionalProperties") and isinstance(v, dict):
                found |= schema_keywords(v, False)
            elif k == "oneOf":
                for sub in v:
                    found |= schema_keywords(sub, False)
    return found


def validate(value, schema: dict, root: dict, path: str = "$") -> list[str]:
    """Errors of ``value`` against a JSON Schema (draft 2020-12) using only SCHEMA_KEYWORDS."""
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        return validate(value, root["$defs"][ref[len("#/$defs/"):]], root, path)
    errors = []
    if "oneOf" in schema:
        results = [validate(value, sub, root, path) for sub in schema["oneOf"]]
        matching = [r for r in results if not r]
        if len(matching) != 1:
            best = min(results, key=len)
            detail = "; ".join(best[:3]) if len(matching) == 0 else "matches more than one"
            errors.append(f"{path}: matches {len(matching)} of the oneOf alternatives ({detail})")
        return errors
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            return [f"{path}: expected {'/'.join(types)}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not one of {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: shorter than {schema['minLength']}")
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key!r}")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], root, f"{path}.{key}")
            elif extra is False:
                errors.append(f"{path}: unexpected property {key!r}")
            elif isinstance(extra, dict):
                errors += validate(item, extra, root, f"{path}.{key}")
    return errors


# ----------------------------------------------------------------------------------- runbook

def github_anchor(heading: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def runbook_anchors() -> set[str]:
    return {github_anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", RUNBOOK.read_text(), re.M)}


def threshold_table() -> dict[str, dict]:
    """Rows of the runbook's threshold table: ``{alert: {severity, conditions, for}}``."""
    text = RUNBOOK.read_text()
    section = text.split("## Thresholds", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("["):
            continue
        name = re.match(r"\[(\w+)\]", cells[0]).group(1)
        rows[name] = {"severity": cells[1], "conditions": re.findall(r"`([^`]+)`", cells[2]), "for": cells[3]}
    return rows


def _normalize(expr: str) -> str:
    return re.sub(r"\s+", " ", expr).strip()


# ----------------------------------------------------------------------------------- checks

def check_names(problems: list[str], notes: list[str]) -> None:
    declared = declared_families()
    if len(declared) < 40:
        problems.append(f"only {len(declared)} families found in {FAMILIES}: is the path right?")
    recorded = {r["record"] for r in rules("record")}
    known = declared | recorded | PROMETHEUS_SERIES

    uses: list[tuple[str, str]] = []
    for f in rule_files():
        for g in yaml.safe_load(f.read_text())["groups"]:
            for r in g["rules"]:
                rname = r.get("alert") or r.get("record")
                uses.append((f"alerts/{f.name} {rname}", r["expr"]))
                for key, template in r.get("annotations", {}).items():
                    for q in annotation_queries(template):
                        uses.append((f"alerts/{f.name} {rname} annotation {key}", q))
    for fname, board in dashboards().items():
        uses += [(f"dashboards/{fname} {where}", expr) for where, expr in dashboard_queries(board)]
        for v in board["templating"]["list"]:
            q = variable_query(v)
            if q is not None:
                uses.append((f"dashboards/{fname} variable {v['name']}", q))

    for where, expr in uses:
        names = metric_names(expr)
        if not names:
            problems.append(f"{where}: no metric name found in {expr!r}")
        for name in sorted(names - known):
            problems.append(f"{where}: {name} is neither a kafka-pulse family nor a recording rule")
    used = set().union(*(metric_names(expr) for _, expr in uses))
    for name in sorted(declared - used):
        notes.append(f"family {name} is in no alert, recording rule or dashboard yet")


def check_catalogue(problems: list[str], text: str | None = None) -> None:
    """docs/metrics.md against the families the code declares, both ways, and their types."""
    code = declared_family_types()
    docs = catalogue_entries(CATALOGUE.read_text() if text is None else text)
    for name in sorted(code.keys() - docs.keys()):
        problems.append(f"docs/metrics.md: family {name} (Sources/PulseExposition/Families) has no entry")
    for name in sorted(docs.keys() - code.keys()):
        problems.append(f"docs/metrics.md: {name} has an entry but the code declares no such family")
    for name in sorted(code.keys() & docs.keys()):
        if docs[name] is None:
            problems.append(f"docs/metrics.md: {name}: the line after the heading must start with its type "
                            f"({code[name]} · labels: …)")
        elif docs[name] != code[name]:
            problems.append(f"docs/metrics.md: {name} is a {docs[name]} there, a {code[name]} in the code")


def check_alerts(problems: list[str]) -> None:
    anchors = runbook_anchors()
    table = threshold_table()
    alerts = rules("alert")
    names = [r["alert"] for r in alerts]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"alert {dup} is defined more than once")
    for r in alerts:
        name = r["alert"]
        severity = r.get("labels", {}).get("severity")
        if severity not in SEVERITIES:
            problems.append(f"{name}: severity label {severity!r} is not one of {sorted(SEVERITIES)}")
        ann = r.get("annotations", {})
        for key in ("summary", "description", "runbook_url"):
            if not ann.get(key):
                problems.append(f"{name}: no {key} annotation")
        url = ann.get("runbook_url", "")
        if not url.startswith(RUNBOOK_BASE + "#"):
            problems.append(f"{name}: runbook_url {url!r} does not point into {RUNBOOK_BASE}")
        anchor = url.split("#", 1)[-1]
        if anchor != name.lower():
            problems.append(f"{name}: runbook anchor {anchor!r} should be {name.lower()!r}")
        if anchor not in anchors:
            problems.append(f"{name}: docs/runbook.md has no heading for #{anchor}")
        row = table.get(name)
        if row is None:
            problems.append(f"{name}: no row in the threshold table of docs/runbook.md")
            continue
        if row["severity"] != severity:
            problems.append(f"{name}: runbook says severity {row['severity']}, rule says {severity}")
        rule_for = r.get("for", "—")
        if row["for"] != rule_for:
            problems.append(f"{name}: runbook says for {row['for']}, rule says {rule_for}")
        if not row["conditions"]:
            problems.append(f"{name}: the runbook's threshold cell has no `condition`")
        for cond in row["conditions"]:
            if _normalize(cond) not in _normalize(r["expr"]):
                problems.append(f"{name}: runbook condition `{cond}` is not in the rule's expression")
    for name in sorted(set(table) - set(names)):
        problems.append(f"docs/runbook.md threshold table lists {name}, which is no alert")

    # Each alert: a promtool case where it fires and one where it does not.
    fires, quiet = set(), set()
    for f in sorted(TESTS.glob("*.yml")):
        for test in yaml.safe_load(f.read_text()).get("tests", []):
            for case in test.get("alert_rule_test", []):
                (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    for name in names:
        if name not in fires:
            problems.append(f"{name}: no promtool test in test-suites/alerts/ where it fires")
        if name not in quiet:
            problems.append(f"{name}: no promtool test in test-suites/alerts/ where it does not fire (near miss)")


def check_dashboards(problems: list[str]) -> None:
    schema = json.loads(SCHEMA.read_text())
    unknown = schema_keywords(schema) - SCHEMA_KEYWORDS
    if unknown:
        problems.append(f"{SCHEMA.name} uses keywords the validator does not implement: {sorted(unknown)}")
    uids = {}
    for fname, board in dashboards().items():
        for e in validate(board, schema, schema):
            problems.append(f"dashboards/{fname}: {e}")
        if board.get("uid") in uids:
            problems.append(f"dashboards/{fname}: uid {board['uid']} also used by {uids[board['uid']]}")
        uids[board.get("uid")] = fname
        panels = board.get("panels", [])
        ids = [p.get("id") for p in panels]
        if len(ids) != len(set(ids)):
            problems.append(f"dashboards/{fname}: duplicate panel ids")
        cells = {}
        for p in panels:
            g = p.get("gridPos", {})
            if g.get("x", 0) + g.get("w", 0) > 24:
                problems.append(f"dashboards/{fname}: panel {p.get('id')} is wider than the grid")
            for x in range(g.get("x", 0), g.get("x", 0) + g.get("w", 0)):
                for y in range(g.get("y", 0), g.get("y", 0) + g.get("h", 0)):
                    if (x, y) in cells:
                        problems.append(f"dashboards/{fname}: panels {cells[(x, y)]} and {p.get('id')} overlap")
                        break
                    cells[(x, y)] = p.get("id")
                else:
                    continue
                break
        defined = {v["name"] for v in board.get("templating", {}).get("list", [])}
        for v in board.get("templating", {}).get("list", []):
            if v.get("type") == "query" and v.get("query") != v.get("definition"):
                problems.append(f"dashboards/{fname}: variable {v['name']}: query and definition differ")
        if "job" not in defined:
            problems.append(f"dashboards/{fname}: no job template variable")
        exprs = [e for _, e in dashboard_queries(board)]
        exprs += [v["definition"] for v in board.get("templating", {}).get("list", []) if v["type"] == "query"]
        for expr in exprs:
            for var in sorted(variables_used(expr) - defined - GRAFANA_BUILTIN_VARIABLES):
                problems.append(f"dashboards/{fname}: ${var} is not a template variable of the dashboard")
            if variables_used(expr) and "job" not in variables_used(expr):
                problems.append(f"dashboards/{fname}: {expr!r} does not filter by $job")


def main(argv: list[str]) -> int:
    problems: list[str] = []
    notes: list[str] = []
    check_names(problems, notes)
    check_catalogue(problems)
    check_alerts(problems)
    check_dashboards(problems)
    for n in notes:
        print(f"alerts: note: {n}")
    for p in problems:
        print(f"alerts: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"alerts: {len(rules('alert'))} alerts, {len(rules('record'))} recording rules, "
          f"{len(dashboards())} dashboards, {len(declared_families())} families in docs/metrics.md: "
          f"metric names, catalogue, runbook, thresholds and schema OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
