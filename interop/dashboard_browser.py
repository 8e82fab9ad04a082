# Loads moto-server's dashboard (GET /moto-api/) in headless Chromium against a server with
# state, and checks what the page shows.
# Setup: Debian's chromium (apt-get install chromium) and the interop venv (boto3).
# Run:   .venv-interop/bin/python interop/dashboard_browser.py target/debug/moto-server SCREENSHOT.png
"""The dashboard, in a real browser.

Starts the given ``moto-server`` on a free loopback port, seeds it, records while boto3
creates a bucket with an object, a DynamoDB table, an SQS queue, a secret and an EC2
instance, then has headless Chromium load ``/moto-api/``, run its script and print the
resulting DOM. The check fails when a resource or a recorded operation is missing from
the page, when the page reports that it could not load the state, or when anything is
written to the browser console (the page logs nothing when it works). A second Chromium
run saves a screenshot.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: without the background-networking ones, Chromium keeps
# trying to reach Google's hosts.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Lets the page's fetches finish before the DOM is dumped or the screenshot taken.
    "--virtual-time-budget=10000",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"moto-server does not listen on port {port} after 60 s")


def post(url: str) -> None:
    request = urllib.request.Request(url, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def fill(endpoint: str) -> str:
    """Creates one resource of each kind; answers the instance id."""
    options = dict(
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3 = boto3.client("s3", **options)
    s3.create_bucket(Bucket="orders")
    s3.put_object(Bucket="orders", Key="o-1.json", Body=b'{"total":42}')
    boto3.client("dynamodb", **options).create_table(
        TableName="customers",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    boto3.client("sqs", **options).create_queue(QueueName="jobs")
    boto3.client("secretsmanager", **options).create_secret(
        Name="db/password", SecretString="hunter2"
    )
    launched = boto3.client("ec2", **options).run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1
    )
    return launched["Instances"][0]["InstanceId"]


def chromium(url: str, profile: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: dashboard_browser.py <moto-server binary> <screenshot.png>")
    binary, screenshot = sys.argv[1], os.path.abspath(sys.argv[2])
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [binary, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(port)
        post(f"{endpoint}/moto-api/seed?a=42")
        post(f"{endpoint}/moto-api/recorder/start-recording")
        instance = fill(endpoint)
        with tempfile.TemporaryDirectory(prefix="dashboard-chromium-") as profile:
            run = chromium(
                f"{endpoint}/moto-api/",
                profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
            )
            if run.returncode != 0:
                sys.exit(f"chromium failed ({run.returncode}):\n{run.stderr}")
            dom = run.stdout
            console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
            expected = [
                "orders",  # the bucket
                "o-1.json",  # its object
                "customers",  # the table
                "jobs",  # the queue
                "db/password",  # the secret
                instance,
                "CreateBucket",  # recorded operations
                "RunInstances",
                "FakeBucket",  # kinds, as Moto names them
                "Instance",
            ]
            missing = [text for text in expected if text not in dom]
            problems = []
            if missing:
                problems.append(f"the page does not show {missing}")
            # The page's own error paragraph (its script's text also has the words).
            if '<p class="error">' in dom:
                problems.append("the page shows an error")
            if not re.search(r'id="seed">42<', dom):
                problems.append("the page does not show seed 42")
            if console:
                problems.append("the browser console says:\n" + "\n".join(console))
            if problems:
                sys.exit("dashboard check failed:\n- " + "\n- ".join(problems) + f"\n\nDOM:\n{dom}")
            shot = chromium(
                f"{endpoint}/moto-api/",
                profile,
                f"--screenshot={screenshot}",
                "--window-size=1280,1600",
            )
            if shot.returncode != 0 or not os.path.exists(screenshot):
                sys.exit(f"chromium took no screenshot ({shot.returncode}):\n{shot.stderr}")
        print(f"dashboard: {len(expected)} expected texts shown, console empty; screenshot {screenshot}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
