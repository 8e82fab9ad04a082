"""Load benchmark: `moto-server` (this repository, release build) and Moto's `moto_server`
on loopback, the same requests, side by side.

Run from the repository (after `cargo build --release --bin moto-server`):

    .venv-interop/bin/python interop/load_bench.py [--duration 60] [--connections 16,64]
        [--workloads getitem,getobject,mixed] [--moto-server target/release/moto-server]

Drives both servers with wrk (installed from Debian with apt-get when missing), two
threads, 16 and 64 keep-alive connections, for `--duration` seconds per run:

- `getitem`: DynamoDB GetItem of one item;
- `getobject`: S3 GetObject of a 1 KiB object;
- `mixed`, with the recorder on: S3 PutObject and GetObject, DynamoDB PutItem, GetItem
  and Query, SQS SendMessage, ReceiveMessage and DeleteMessage (each receipt handle a
  receive returns is deleted by a later request of the same wrk thread).

Requests carry a fixed SigV4 Authorization header (the credential scope routes them;
neither server checks signatures). Prints, per run, requests per second, the median and
p99 latency, errors (socket errors and non-2xx answers) and each server's resident memory
before and after the run, as Markdown. Nothing asserts a figure.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNATURE = "0" * 64


def authorization(service: str) -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/{service}/aws4_request, "
        f"SignedHeaders=host, Signature={SIGNATURE}"
    )


def json_headers(service: str, target: str) -> dict:
    return {
        "Authorization": authorization(service),
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": target,
    }


def dynamodb(operation: str, body: dict) -> tuple:
    return ("POST", "/", json_headers("dynamodb", f"DynamoDB_20120810.{operation}"), json.dumps(body))


def sqs(operation: str, body: dict) -> tuple:
    return ("POST", "/", json_headers("sqs", f"AmazonSQS.{operation}"), json.dumps(body))


def s3(method: str, path: str, body: str = "") -> tuple:
    return (method, path, {"Authorization": authorization("s3")}, body)


KIB = "x" * 1024


def setup_requests() -> list:
    return [
        dynamodb(
            "CreateTable",
            {
                "TableName": "bench",
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "BillingMode": "PAY_PER_REQUEST",
            },
        ),
        dynamodb("PutItem", {"TableName": "bench", "Item": {"pk": {"S": "user"}, "sk": {"S": "0"}}}),
        s3("PUT", "/bench"),
        s3("PUT", "/bench/object.txt", KIB),
        sqs("CreateQueue", {"QueueName": "bench"}),
    ]


def send(origin: str, request: tuple) -> tuple:
    method, path, headers, body = request
    data = body.encode() if body else None
    req = urllib.request.Request(origin + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def lua_request(request: tuple) -> str:
    method, path, headers, body = request
    pairs = ", ".join(f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items())
    return f'{{{lua_string(method)}, {lua_string(path)}, {{{pairs}}}, {lua_string(body)}}}'


# The common part of every wrk script: a JSON summary printed by `done`.
LUA_DONE = r"""
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""

LUA_FIXED = r"""
local fixed = %s
request = function()
  return wrk.format(fixed[1], fixed[2], fixed[3], fixed[4])
end
"""

# The mixed workload: a fixed cycle of requests; SQS DeleteMessage takes a receipt handle
# a ReceiveMessage answer of the same wrk thread gave (and receives instead when none is
# left).
LUA_MIXED = r"""
local queue_url = %s
local cycle = %s
local step = 0
local counter = 0
local round = 0
local handles = {}

local function sqs(operation, body)
  return wrk.format("POST", "/", {
    ["Authorization"] = %s,
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS." .. operation,
  }, body)
end

request = function()
  step = step %% (#cycle + 3) + 1
  counter = counter + 1
  if step == 1 then round = round + 1 end
  if step <= #cycle then
    local r = cycle[step]
    local path = string.gsub(r[2], "{n}", tostring(round %% 100))
    local body = string.gsub(r[4], "{n}", tostring(round %% 100))
    return wrk.format(r[1], path, r[3], body)
  elseif step == #cycle + 1 then
    return sqs("SendMessage", '{"QueueUrl":"' .. queue_url .. '","MessageBody":"m' .. counter .. '"}')
  elseif step == #cycle + 2 or #handles == 0 then
    return sqs("ReceiveMessage", '{"QueueUrl":"' .. queue_url .. '","MaxNumberOfMessages":1}')
  else
    local handle = table.remove(handles, 1)
    return sqs("DeleteMessage", '{"QueueUrl":"' .. queue_url .. '","ReceiptHandle":"' .. handle .. '"}')
  end
end

-- Connections answer out of order: a receive's answer is known by its receipt handle.
response = function(status, headers, body)
  if status == 200 then
    local handle = string.match(body, '"ReceiptHandle"%%s*:%%s*"([^"]+)"')
    if handle then table.insert(handles, handle) end
  end
end
"""


def mixed_cycle() -> list:
    return [
        s3("PUT", "/bench/mixed-{n}.txt", KIB),
        # Another connection may still be writing this round's key: read the set-up object.
        s3("GET", "/bench/object.txt"),
        dynamodb("PutItem", {"TableName": "bench", "Item": {"pk": {"S": "user"}, "sk": {"S": "{n}"}}}),
        dynamodb("GetItem", {"TableName": "bench", "Key": {"pk": {"S": "user"}, "sk": {"S": "{n}"}}}),
        dynamodb(
            "Query",
            {
                "TableName": "bench",
                "KeyConditionExpression": "pk = :pk",
                "ExpressionAttributeValues": {":pk": {"S": "user"}},
                "Limit": 10,
            },
        ),
    ]


def script(workload: str, queue_url: str) -> str:
    if workload == "getitem":
        fixed = dynamodb("GetItem", {"TableName": "bench", "Key": {"pk": {"S": "user"}, "sk": {"S": "0"}}})
        return LUA_FIXED % lua_request(fixed) + LUA_DONE
    if workload == "getobject":
        return LUA_FIXED % lua_request(s3("GET", "/bench/object.txt")) + LUA_DONE
    cycle = "{" + ", ".join(lua_request(r) for r in mixed_cycle()) + "}"
    return LUA_MIXED % (lua_string(queue_url), cycle, lua_string(authorization("sqs"))) + LUA_DONE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on port {port} after 60 s")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk could not be installed")
    return found


def start(name: str, command: list, directory: str) -> tuple:
    port = free_port()
    env = dict(os.environ, MOTO_RECORDER_FILEPATH=os.path.join(directory, f"{name}.log"))
    env.pop("MOTO_ENABLE_RECORDING", None)
    process = subprocess.Popen(
        command + ["-p", str(port)],
        cwd=directory,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port, process)
    return process, f"http://127.0.0.1:{port}"


def prepare(origin: str) -> str:
    """Resets the server and builds the state every workload reads; returns the queue url."""
    send(origin, ("POST", "/moto-api/reset", {}, ""))
    queue_url = ""
    for request in setup_requests():
        status, body = send(origin, request)
        if status != 200:
            sys.exit(f"{origin}: setup request {request[:2]} answered {status}: {body[:300]!r}")
        if b"QueueUrl" in body:
            queue_url = json.loads(body)["QueueUrl"]
    return queue_url


def run(wrk: str, origin: str, pid: int, workload: str, connections: int, duration: int, directory: str) -> dict:
    queue_url = prepare(origin)
    recording = workload == "mixed"
    if recording:
        send(origin, ("POST", "/moto-api/recorder/reset-recording", {}, ""))
        send(origin, ("POST", "/moto-api/recorder/start-recording", {}, ""))
    path = os.path.join(directory, f"{workload}.lua")
    with open(path, "w") as file:
        file.write(script(workload, queue_url))
    before = rss_mib(pid)
    output = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", path, origin],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = rss_mib(pid)
    if recording:
        send(origin, ("POST", "/moto-api/recorder/stop-recording", {}, ""))
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result.update(rss_before=before, rss_after=after)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--workloads", default="getitem,getobject,mixed")
    parser.add_argument(
        "--moto-server",
        default=os.path.join(
            os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "moto-server"
        ),
    )
    parser.add_argument(
        "--moto", default=os.path.join(os.path.dirname(sys.executable), "moto_server")
    )
    arguments = parser.parse_args()
    # The servers run in a scratch directory: a relative path must not depend on it.
    arguments.moto_server = os.path.abspath(arguments.moto_server)
    wrk = ensure_wrk()
    if not os.path.exists(arguments.moto_server):
        sys.exit(f"no {arguments.moto_server}: cargo build --release --bin moto-server")
    servers = []
    with tempfile.TemporaryDirectory() as directory:
        try:
            for name, command in [("moto-server", [arguments.moto_server]), ("Moto", [arguments.moto])]:
                process, origin = start(name.replace(" ", "_"), command, directory)
                servers.append((name, process, origin))
            print(
                f"wrk -t2, {arguments.duration} s a run, {os.cpu_count()} cores; "
                f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
            )
            print(
                "| workload | connections | server | req/s | p50 | p99 | errors | RSS before | RSS after |"
            )
            print("|---|---|---|---|---|---|---|---|---|")
            for workload in arguments.workloads.split(","):
                for connections in [int(c) for c in arguments.connections.split(",")]:
                    for name, process, origin in servers:
                        r = run(wrk, origin, process.pid, workload, connections, arguments.duration, directory)
                        errors = r["connect"] + r["read"] + r["write"] + r["timeout"] + r["status"]
                        rate = r["requests"] / (r["duration_us"] / 1e6)
                        label = workload + (" (recording)" if workload == "mixed" else "")
                        print(
                            f"| {label} | {connections} | {name} | {rate:,.0f} | "
                            f"{r['p50_us'] / 1000:.2f} ms | {r['p99_us'] / 1000:.2f} ms | {errors} | "
                            f"{r['rss_before']:.1f} MiB | {r['rss_after']:.1f} MiB |",
                            flush=True,
                        )
        finally:
            for _, process, _ in servers:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
