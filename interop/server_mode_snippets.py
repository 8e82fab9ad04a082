"""Moto's ServerMode recorder snippets, as its documentation gives them, against a
server on http://localhost:5000 (moto-server in CI; `moto_server` answers the same).

Run: .venv-interop/bin/python interop/server_mode_snippets.py
Exits non-zero, saying which call differed, if any answer is not Moto's.
"""

import sys

import requests


def expect(response, status, body, what):
    if response.status_code != status or response.text != body:
        sys.exit(
            f"{what}: expected {status} {body!r}, got {response.status_code} {response.text!r}"
        )
    print(f"ok  {what}: {status} {body!r}")


def main():
    # The documentation's calls, unchanged.
    expect(requests.post("http://localhost:5000/moto-api/recorder/reset-recording"), 200, "", "reset-recording")
    expect(requests.post("http://localhost:5000/moto-api/recorder/start-recording"), 200, "Recording is set to True", "start-recording")
    expect(requests.post("http://localhost:5000/moto-api/seed?a=42"), 200, "", "seed")
    expect(requests.post("http://localhost:5000/moto-api/recorder/stop-recording"), 200, "Recording is set to False", "stop-recording")
    content = requests.get("http://localhost:5000/moto-api/recorder/download-recording").content
    if b"/moto-api/seed?a=42" not in content:
        sys.exit(f"download-recording: the seed request was not recorded: {content!r}")
    print("ok  download-recording: the seed request is in the log")
    expect(requests.post("http://localhost:5000/moto-api/recorder/upload-recording", data=content), 200, "", "upload-recording")
    expect(requests.post("http://localhost:5000/moto-api/recorder/replay-recording"), 200, "", "replay-recording")
    after = requests.get("http://localhost:5000/moto-api/recorder/download-recording").content
    if after != content:
        sys.exit("replay-recording recorded itself")
    print("ok  replay-recording did not record itself")
    expect(requests.post("http://localhost:5000/moto-api/reset"), 200, '{"status": "ok"}', "reset")
    expect(requests.get("http://localhost:5000/moto-api/reset"), 400, '{"Error": "Need to POST to reset Moto"}', "reset with GET")


if __name__ == "__main__":
    main()
