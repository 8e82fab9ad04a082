"""Differential conformance suite: the same boto3 scenarios against a real Moto server
and against `moto-server`, answers compared call by call.

    .venv-interop/bin/python interop/conformance/run.py [--moto-server PATH] [--only SERVICE]
        [--json PATH] [--report-only] [--self-test] [--verbose]

Both servers are started fresh on free loopback ports, reset and seeded (`a=42`) before
every scenario. Each call's normalised outcome is compared; a difference not listed in
divergences.toml is a failure (exit status 1) unless --report-only. --self-test compares
Moto with a second Moto instead, which must show no divergence at all.
"""

import argparse
import concurrent.futures
import importlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import apigateway  # noqa: E402
import compare  # noqa: E402
import dynamodb  # noqa: E402
import ec2  # noqa: E402
import events  # noqa: E402
import iam  # noqa: E402
import kms  # noqa: E402
import logs  # noqa: E402
import s3  # noqa: E402
import secretsmanager  # noqa: E402
import sns  # noqa: E402
import sqs  # noqa: E402
import ssm  # noqa: E402
import sts  # noqa: E402
import timestreamwrite  # noqa: E402
from harness import Aws  # noqa: E402

# `lambda` is a Python keyword: its module is imported by name.
lambda_ = importlib.import_module("lambda")

SERVICES = {
    "ec2": ec2,
    "s3": s3,
    "dynamodb": dynamodb,
    "sqs": sqs,
    "sts": sts,
    "secretsmanager": secretsmanager,
    "iam": iam,
    "ssm": ssm,
    "sns": sns,
    "kms": kms,
    "events": events,
    "logs": logs,
    "apigateway": apigateway,
    "lambda": lambda_,
    "timestreamwrite": timestreamwrite,
}
SEED = 42


class Server:
    """A server process started here, on a free loopback port."""

    def __init__(self, name: str, command: list[str], workdir: str):
        self.name = name
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, f"{name}.log"), "wb")
        # Its own working directory: a recorder file, if any, never lands in the repo.
        self.process = subprocess.Popen(
            command + ["-p", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir
        )
        self.clients: dict = {}
        self.wait_until_up()

    def wait_until_up(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited ({self.process.returncode}); see {self.log.name}")
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/reset", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # a GET on reset is refused with 400: the server answers
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {timeout:.0f}s; see {self.log.name}")

    def post(self, path: str):
        request = urllib.request.Request(f"{self.endpoint}{path}", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                raise SystemExit(f"{self.name}: POST {path} answered {response.status}")

    def fresh(self):
        """Clean state and the same random sequence before each scenario."""
        self.post("/moto-api/reset")
        self.post(f"/moto-api/seed?a={SEED}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def moto_command() -> list[str]:
    return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1"]


def moto_server_command(path: str) -> list[str]:
    binary = Path(path)
    if not binary.is_absolute():
        binary = REPO / binary
    if not binary.exists():
        if binary != REPO / "target/release/moto-server":
            raise SystemExit(f"no moto-server at {binary}")
        print("building moto-server (cargo build --release --bin moto-server)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--bin", "moto-server"], cwd=REPO, check=True)
    return [str(binary), "-H", "127.0.0.1"]


def scenarios(only: str | None):
    for service, module in SERVICES.items():
        if only and service != only:
            continue
        for function in module.SCENARIOS:
            yield f"{service}.{function.__name__}", function


def run_side(server: Server, function):
    server.fresh()
    aws = Aws(server.endpoint, server.clients)
    try:
        function(aws)
    except Exception as error:  # noqa: BLE001 - a scenario's own bug or a missing value
        aws.stopped(error)
    return aws.calls


def dump(directory, name, side, calls, endpoint):
    """Writes one side's normalised calls, for reading a divergence in full."""
    entries = [
        {"call": label, **outcome, **({"message": message} if message else {})}
        for label, (outcome, message) in compare.normalised(calls, endpoint).items()
    ]
    path = Path(directory) / f"{name}.{side}.json"
    path.write_text(json.dumps(entries, indent=1, default=str) + "\n")


def run_all(left: Server, right: Server, only, accepted, verbose, dump_dir=None):
    verdicts = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name, function in scenarios(only):
            started = time.monotonic()
            left_calls, right_calls = pool.map(lambda s: run_side(s, function), (left, right))
            found = compare.compare(
                name, left_calls, left.endpoint, right_calls, right.endpoint, accepted
            )
            verdicts.extend(found)
            if dump_dir:
                dump(dump_dir, name, left.name, left_calls, left.endpoint)
                dump(dump_dir, name, right.name, right_calls, right.endpoint)
            print_scenario(name, found, left.name, right.name, time.monotonic() - started, verbose)
    return verdicts


def print_scenario(name, verdicts, left_name, right_name, seconds, verbose):
    counts = {s: sum(v.status == s for v in verdicts) for s in ("identical", "accepted", "divergent")}
    print(
        f"== {name}: {len(verdicts)} calls, {counts['identical']} identical, "
        f"{counts['accepted']} accepted, {counts['divergent']} divergent ({seconds:.1f}s)",
        flush=True,
    )
    for verdict in verdicts:
        if verdict.status == "divergent" or (verbose and verdict.status == "accepted"):
            print_verdict(verdict, left_name, right_name)


def print_verdict(verdict, left_name, right_name, max_paths=6):
    tag = "DIVERGENT" if verdict.status == "divergent" else "accepted"
    shown = verdict.open if verdict.status == "divergent" else verdict.diffs
    accepted = len(verdict.diffs) - len(verdict.open) if verdict.status == "divergent" else 0
    print(f"  {tag} {verdict.label}" + (f" ({accepted} accepted paths not shown)" if accepted else ""))
    for path, a, b in shown[:max_paths]:
        print(f"      {path}: {left_name}={compare.short(a)}  {right_name}={compare.short(b)}")
    if len(shown) > max_paths:
        print(f"      ... {len(shown) - max_paths} more paths")
    if verdict.status == "accepted":
        for reason in verdict.reasons:
            print(f"      why: {reason}")
    a_message, b_message = verdict.messages
    if a_message or b_message:
        print(f"      messages: {left_name}={clip(a_message)}  {right_name}={clip(b_message)}")


def clip(message, width=160):
    text = repr(message)
    return text if len(text) <= width else text[: width - 3] + "..."


def table(verdicts) -> dict:
    rows = {}
    for verdict in verdicts:
        row = rows.setdefault(verdict.service, {"calls": 0, "identical": 0, "accepted": 0, "divergent": 0})
        row["calls"] += 1
        row[verdict.status] += 1
    total = {"calls": 0, "identical": 0, "accepted": 0, "divergent": 0}
    for row in rows.values():
        for key in total:
            total[key] += row[key]
    rows["total"] = total
    for row in rows.values():
        conformant = row["identical"] + row["accepted"]
        row["percent"] = round(100.0 * conformant / row["calls"], 1) if row["calls"] else 100.0
    return rows


def print_table(rows, left_name, right_name):
    print(f"\n{right_name} vs {left_name} (percent = identical + accepted)")
    print(f"| service | calls | identical | accepted | divergent | % |")
    print(f"|---|---:|---:|---:|---:|---:|")
    for service, row in rows.items():
        print(
            f"| {service} | {row['calls']} | {row['identical']} | {row['accepted']} "
            f"| {row['divergent']} | {row['percent']:.1f} |"
        )


def clean_environment():
    """boto3 reads nothing from the machine: no profiles, no real credentials."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moto-server", default="target/release/moto-server", help="moto-server binary")
    parser.add_argument("--only", choices=sorted(SERVICES), help="run one service's scenarios")
    parser.add_argument("--json", help="write the table (and the divergent calls) as JSON here")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when calls diverge")
    parser.add_argument("--self-test", action="store_true", help="Moto against a second Moto")
    parser.add_argument("--divergences", default=str(HERE / "divergences.toml"))
    parser.add_argument("--verbose", action="store_true", help="also print accepted divergences")
    parser.add_argument("--dump", metavar="DIR", help="write each side's normalised calls here")
    args = parser.parse_args()
    clean_environment()

    # Moto against Moto must agree on everything: nothing is accepted there.
    accepted = [] if args.self_test else compare.load_accepted(args.divergences)
    right_command = moto_command() if args.self_test else moto_server_command(args.moto_server)
    right_name = "moto2" if args.self_test else "ours"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="conformance-") as workdir:
        servers = []
        try:
            servers.append(Server("moto", moto_command(), workdir))
            servers.append(Server(right_name, right_command, workdir))
            if args.dump:
                os.makedirs(args.dump, exist_ok=True)
            verdicts = run_all(servers[0], servers[1], args.only, accepted, args.verbose, args.dump)
        finally:
            for server in servers:
                server.stop()

    rows = table(verdicts)
    print_table(rows, "moto", right_name)
    print(f"\n{time.monotonic() - started:.0f}s")
    stale = [e for e in accepted if not e.used and (not args.only or e.scenario.startswith(args.only + "."))]
    for entry in stale:
        print(f"note: accepted divergence no longer seen: {entry.scenario} {entry.call} {entry.path or ''}")
    if args.json:
        divergent = [
            {"scenario": v.scenario, "call": v.label, "paths": [p for p, _, _ in v.open]}
            for v in verdicts
            if v.status == "divergent"
        ]
        payload = {"compared": f"{right_name} vs moto", "table": rows, "divergent": divergent}
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n")
    if rows["total"]["divergent"] and not args.report_only:
        sys.exit(1)


if __name__ == "__main__":
    main()
