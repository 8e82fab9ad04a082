"""Sends the same control-plane calls (Moto's ServerMode snippets, then the edge cases)
to a stock `moto_server` and to `moto-server`, and compares their answers.

Run: .venv-interop/bin/python interop/compare_control_plane.py <moto_server url> <moto-server url>

Every answer must be the same (status and body) except the documented deliberate
differences listed in DELIBERATE, where Moto is silently wrong; those must differ in the
documented way. Prints a table and exits non-zero on any other difference.
"""

import json
import os
import sys

import boto3
import requests

# step -> (Moto's status, moto-server's status): the README's "Deliberate differences".
DELIBERATE = {
    "download before anything was recorded": (500, 200),
    "seed without a": (500, 400),
    "seed with a non-integer a": (500, 400),
    "upload sent form-encoded": (200, 400),
    "download after a form-encoded upload": (200, 200),
    "upload of a malformed recording": (200, 400),
    "replay whose step fails": (200, 400),
    "unknown /moto-api/ path": (404, 404),
}
# Steps whose bodies are compared as recordings: Moto stores requests verbatim
# (signatures, ports), moto-server canonically; the requests must be the same.
AS_RECORDING = {"download-recording", "download after replay"}


def s3(url):
    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def steps(url):
    """The calls, in order, against one server; yields (name, response)."""
    post = lambda path, **kw: requests.post(f"{url}{path}", timeout=60, **kw)  # noqa: E731
    get = lambda path: requests.get(f"{url}{path}", timeout=60)  # noqa: E731
    yield "download before anything was recorded", get("/moto-api/recorder/download-recording")
    yield "reset-recording", post("/moto-api/recorder/reset-recording")
    yield "start-recording", post("/moto-api/recorder/start-recording")
    yield "seed", post("/moto-api/seed?a=42")
    client = s3(url)
    client.create_bucket(Bucket="orders")
    client.put_object(Bucket="orders", Key="o-1.json", Body=b'{"total":42}')
    yield "stop-recording", post("/moto-api/recorder/stop-recording")
    log = get("/moto-api/recorder/download-recording")
    yield "download-recording", log
    yield "reset", post("/moto-api/reset")
    yield "reset with GET", get("/moto-api/reset")
    yield "upload-recording", post("/moto-api/recorder/upload-recording", data=log.content)
    yield "replay-recording", post("/moto-api/recorder/replay-recording")
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="orders").get("Contents", [])]
    yield "state after replay", FakeResponse(200, json.dumps(keys))
    yield "download after replay", get("/moto-api/recorder/download-recording")
    yield "seed as a form field", post("/moto-api/seed", data={"a": "7"})
    yield "seed as JSON", post("/moto-api/seed", json={"a": 7})
    yield "seed without a", post("/moto-api/seed")
    yield "seed with a non-integer a", post("/moto-api/seed?a=forty-two")
    yield "upload sent form-encoded", post("/moto-api/recorder/upload-recording", data={"recording": "x"})
    yield "download after a form-encoded upload", get("/moto-api/recorder/download-recording")
    yield "upload of a malformed recording", post("/moto-api/recorder/upload-recording", data=b"{not json\n")
    missing = {"headers": {}, "method": "GET", "url": f"{url}/no-such-bucket/k", "body": "", "body_encoded": False}
    # Without a recorded status (as Moto writes logs), a 4xx is not a failure for either.
    post("/moto-api/recorder/upload-recording", data=json.dumps(missing).encode() + b"\n")
    yield "replay of a 4xx step without a status", post("/moto-api/recorder/replay-recording")
    # With the status it was recorded with (our extension), a different answer fails.
    failing = json.dumps({**missing, "status": 200})
    post("/moto-api/recorder/upload-recording", data=failing.encode() + b"\n")
    yield "replay whose step fails", post("/moto-api/recorder/replay-recording")
    yield "unknown /moto-api/ path", get("/moto-api/no-such-endpoint")
    yield "final reset", post("/moto-api/reset")


class FakeResponse:
    def __init__(self, status, text):
        self.status_code, self.text, self.content = status, text, text.encode()


def requests_of(log: bytes):
    """(method, path and query) of each recorded request."""
    out = []
    for line in log.decode().splitlines():
        if line.strip():
            entry = json.loads(line)
            url = entry["url"]
            path = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
            out.append((entry["method"], path))
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare_control_plane.py <moto_server url> <moto-server url>")
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    moto = list(steps(sys.argv[1].rstrip("/")))
    ours = list(steps(sys.argv[2].rstrip("/")))
    failures = 0
    print(f"{'step':40} {'moto_server':>11} {'moto-server':>11}  verdict")
    for (name, a), (_, b) in zip(moto, ours):
        if name in DELIBERATE:
            ok = (a.status_code, b.status_code) == DELIBERATE[name] and (
                a.status_code != b.status_code or a.text != b.text
            )
            verdict = "documented difference" if ok else "NOT AS DOCUMENTED"
        elif name in AS_RECORDING:
            ok = a.status_code == b.status_code and requests_of(a.content) == requests_of(b.content)
            verdict = "same requests" if ok else f"DIFFERENT: {requests_of(a.content)} / {requests_of(b.content)}"
        else:
            ok = a.status_code == b.status_code and a.text == b.text
            verdict = "same" if ok else f"DIFFERENT: {a.text[:80]!r} / {b.text[:80]!r}"
        failures += not ok
        print(f"{name:40} {a.status_code:>11} {b.status_code:>11}  {verdict}")
    if failures:
        sys.exit(f"{failures} step(s) differ in a way the README does not document")


if __name__ == "__main__":
    main()
