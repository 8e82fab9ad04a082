"""Times Moto's in-process replay (decorator mode) of a recording, for benches/versus_moto.rs.

Run: .venv-interop/bin/python interop/bench_moto.py <recording> <target host> <repeats>

Each repeat starts a fresh mock (`mock_aws`), uploads the recording to Moto's recorder
and times `recorder.replay_recording(target_host)`, which sends every request through
Moto's in-process request mock. Prints the median and the slowest time in seconds as JSON.
"""

import json
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    recording, target_host, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    log = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False)
    os.environ["MOTO_RECORDER_FILEPATH"] = log.name
    from moto import mock_aws
    from moto.moto_api import recorder
    from moto.moto_api._internal import mock_random

    # In process, the seed is a call, not a request: every entry goes to the target host.
    with open(recording, "rb") as file:
        data = b"".join(line for line in file if b"/moto-api/" not in line)
    times = []
    for _ in range(repeats):
        with mock_aws():
            mock_random.seed(42)
            recorder.upload_recording(data)
            started = time.perf_counter()
            recorder.replay_recording(target_host=target_host)
            times.append(time.perf_counter() - started)
    os.unlink(log.name)
    print(json.dumps({"median": statistics.median(times), "max": max(times)}))


if __name__ == "__main__":
    main()
