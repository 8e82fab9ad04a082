"""Compares two sides' normalised calls and applies the accepted-divergence list."""

import fnmatch
import json
import re
import tomllib
from dataclasses import dataclass, field

from harness import Call
from normalise import Normaliser

ABSENT = "(absent)"


@dataclass
class Verdict:
    scenario: str
    label: str
    status: str  # identical | accepted | divergent
    diffs: list = field(default_factory=list)  # (path, left value, right value)
    messages: tuple = (None, None)
    reasons: list = field(default_factory=list)
    open: list = field(default_factory=list)  # the diffs no accepted entry covers

    @property
    def service(self) -> str:
        return self.scenario.split(".", 1)[0]


@dataclass
class Accepted:
    scenario: str
    call: str
    path: str | None
    reason: str
    used: bool = False

    def covers(self, scenario: str, label: str, path: str) -> bool:
        # Scenario and call may use `*` to name several calls with one entry.
        if not (fnmatch.fnmatchcase(scenario, self.scenario) and fnmatch.fnmatchcase(label, self.call)):
            return False
        if self.path is None:
            return True
        pattern = "^" + re.escape(self.path).replace(r"\*", ".*") + r"(?:$|[.\[])"
        return re.match(pattern, path) is not None


def load_accepted(path) -> list[Accepted]:
    with open(path, "rb") as file:
        data = tomllib.load(file)
    entries = []
    for item in data.get("accepted", []):
        if not item.get("reason"):
            raise SystemExit(f"{path}: entry {item} has no reason")
        entries.append(Accepted(item["scenario"], item["call"], item.get("path"), item["reason"]))
    return entries


def normalised(calls: list[Call], endpoint: str) -> dict:
    """label -> (normalised outcome, message), numbering ids across the whole scenario."""
    normaliser = Normaliser(endpoint)
    out = {}
    for call in calls:
        outcome = normaliser.value(call.outcome, random_keys=call.random_keys)
        out[call.label] = (outcome, call.message)
    return out


def diff(left, right, path=""):
    """(path, left, right) for every place the two values differ, types included."""
    if isinstance(left, dict) and isinstance(right, dict):
        keys = list(left) + [k for k in right if k not in left]
        for key in keys:
            sub = f"{path}.{key}" if path else key
            if key not in left:
                yield sub, ABSENT, right[key]
            elif key not in right:
                yield sub, left[key], ABSENT
            else:
                yield from diff(left[key], right[key], sub)
    elif isinstance(left, list) and isinstance(right, list):
        for index in range(max(len(left), len(right))):
            sub = f"{path}[{index}]"
            if index >= len(left):
                yield sub, ABSENT, right[index]
            elif index >= len(right):
                yield sub, left[index], ABSENT
            else:
                yield from diff(left[index], right[index], sub)
    elif type(left) is not type(right) or left != right:
        yield path or "$", left, right


def outcome_diff(left, right):
    """Diffs of two outcomes; an answer against an error is one line, not a key dump."""
    if set(left) != set(right):
        return [("(outcome)", summary(left), summary(right))]
    kind = next(iter(left))
    prefix = "" if kind == "output" else kind
    return list(diff(left[kind], right[kind], prefix))


def summary(outcome) -> str:
    if "error" in outcome:
        return f"error {outcome['error']['Code']} ({outcome['error']['HTTPStatus']})"
    if "exception" in outcome:
        return f"exception {outcome['exception']}"
    if "missing" in outcome:
        return "not reached (the scenario stopped before it)"
    return "output"


def compare(scenario, left_calls, left_endpoint, right_calls, right_endpoint, accepted):
    left = normalised(left_calls, left_endpoint)
    right = normalised(right_calls, right_endpoint)
    labels = list(left) + [label for label in right if label not in left]
    verdicts = []
    for label in labels:
        a, a_message = left.get(label, ({"missing": "not reached"}, None))
        b, b_message = right.get(label, ({"missing": "not reached"}, None))
        diffs = outcome_diff(a, b)
        verdict = Verdict(scenario, label, "identical", diffs, (a_message, b_message))
        if diffs:
            covering = []
            for path, _, _ in diffs:
                entry = next((e for e in accepted if e.covers(scenario, label, path)), None)
                covering.append(entry)
                if entry:
                    entry.used = True
            verdict.reasons = sorted({entry.reason for entry in covering if entry})
            verdict.open = [d for d, entry in zip(diffs, covering) if entry is None]
            verdict.status = "divergent" if verdict.open else "accepted"
        verdicts.append(verdict)
    return verdicts


def short(value, width=90) -> str:
    text = value if value == ABSENT else json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= width else text[: width - 3] + "..."
