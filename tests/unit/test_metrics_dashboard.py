"""The Grafana dashboard (deploy/grafana/maillage-dashboard.json) draws only what the services
expose (shared/runtime/metrics.py): a renamed metric or a mistyped label would leave a panel
silently empty, and a metric no panel shows is one an operator never sees."""

import json
import re

from prometheus_client.metrics import MetricWrapperBase

from shared.runtime import metrics
from tests.support.mongo_wire import ROOT

DASHBOARD = ROOT / "deploy/grafana/maillage-dashboard.json"
SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_count", "_sum")}
HISTOGRAM_LABEL = "le"
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset"}


def families() -> dict[str, dict[str, set[str]]]:
    """Each metric of shared/runtime/metrics.py: its series' names, with the labels they carry
    (prometheus_client keeps a metric's label names in `_labelnames`)."""
    found: dict[str, dict[str, set[str]]] = {}
    for collector in vars(metrics).values():
        if isinstance(collector, MetricWrapperBase):
            [family] = collector.describe()
            found[family.name] = {
                family.name + suffix:
                    set(collector._labelnames) | ({HISTOGRAM_LABEL} if suffix == "_bucket" else set())
                for suffix in SUFFIXES[family.type]}
    return found


def exposed() -> dict[str, set[str]]:
    return {name: labels for series in families().values() for name, labels in series.items()}


def expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """(metric, labels it is filtered on) for each series an expression reads."""
    found = []
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # no names inside strings
    bare = re.sub(r"\b(?:by|without)\s*\([^)]*\)", "", bare)  # nor label lists
    for match in re.finditer(r"\b([a-zA-Z_:][\w:]*)\s*(\{[^}]*\})?\s*(?=[\[)]|$)", bare):
        name, matchers = match.group(1), match.group(2) or ""
        if name not in KEYWORDS:
            found.append((name, set(re.findall(r"(\w+)\s*=~?", matchers))))
    return found


def grouping_labels(expr: str) -> set[str]:
    return {label.strip() for group in re.findall(r"\b(?:by|without)\s*\(([^)]*)\)", expr)
            for label in group.split(",") if label.strip()}


def test_the_dashboard_parses_and_has_panels_with_queries():
    assert len(expressions()) >= 10
    assert json.loads(DASHBOARD.read_text())["uid"] == "maillage"


def test_every_query_reads_only_series_that_exist_on_labels_they_carry():
    series = exposed()
    for expr in expressions():
        read = selectors(expr)
        assert read, f"no series read by {expr!r}"
        for name, labels in read:
            assert name in series, f"{name} in {expr!r} is no metric of shared/runtime/metrics.py"
            assert labels <= series[name], f"{expr!r} filters {name} on {labels - series[name]}"
        carried = set().union(*(series[name] for name, _ in read))
        assert grouping_labels(expr) <= carried, f"{expr!r} groups by a label no series carries"


def test_every_metric_has_a_panel():
    read = {name for expr in expressions() for name, _ in selectors(expr)}
    assert [family for family, series in families().items() if not read & set(series)] == []


def test_latency_quantiles_are_computed_from_histogram_buckets():
    quantiles = [expr for expr in expressions() if "histogram_quantile" in expr]
    assert quantiles and all("_bucket" in expr and "le" in grouping_labels(expr)
                             for expr in quantiles)


def test_the_parser_catches_a_metric_that_does_not_exist():
    assert selectors('sum by (queue) (rate(maillage_no_such_thing_total{queue="x"}[5m]))') == [
        ("maillage_no_such_thing_total", {"queue"})]


def test_the_service_variable_is_read_from_a_metric_that_exists():
    dashboard = json.loads(DASHBOARD.read_text())
    queries = [variable["definition"] for variable in dashboard["templating"]["list"]
               if variable["type"] == "query"]
    for query in queries:
        parsed = re.fullmatch(r"label_values\((\w+),\s*(\w+)\)", query)
        assert parsed is not None, query
        metric, label = parsed.groups()
        assert label in exposed()[metric], query
