//! The `moto-server` binary: flags, the control plane over HTTP, Ctrl-C.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use moto_recorded::recording::Recording;

struct Running {
    child: Child,
    url: String,
    stderr: BufReader<std::process::ChildStderr>,
}

fn spawn(args: &[&str], vars: &[(&str, &str)]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_moto-server"))
        .args(args)
        .envs(vars.iter().copied())
        .env_remove("MOTO_ENABLE_RECORDING")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Running { child, url, stderr }
}

fn interrupt(running: Running) -> String {
    stop_with(running, "-INT")
}

fn stop_with(mut running: Running, signal: &str) -> String {
    let status = Command::new("kill")
        .args([signal, &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        running.child.wait().unwrap().success(),
        "exits cleanly on Ctrl-C"
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut running.stderr, &mut rest).unwrap();
    rest
}

#[test]
fn serves_the_control_plane_and_records_to_the_recorder_file() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("moto_recording");
    let running = spawn(
        &["-H", "127.0.0.1", "--port=0"],
        &[("MOTO_RECORDER_FILEPATH", log.to_str().unwrap())],
    );
    let url = &running.url;
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let start = ureq::post(format!("{url}/moto-api/recorder/start-recording"))
        .send_empty()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert_eq!(start, "Recording is set to True");
    ureq::post(format!("{url}/moto-api/seed?a=42"))
        .send_empty()
        .unwrap();
    let download = ureq::get(format!("{url}/moto-api/recorder/download-recording"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert_eq!(
        download,
        std::fs::read_to_string(&log).unwrap(),
        "file-backed"
    );
    assert_eq!(Recording::read(&log).unwrap().seed(), Some(42));
    assert_eq!(interrupt(running), "moto-server: stopped\n");
}

#[test]
fn takes_its_port_from_moto_port() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let running = spawn(&[], &[("MOTO_PORT", &port.to_string())]);
    assert_eq!(running.url, format!("http://127.0.0.1:{port}"));
    assert_eq!(
        stop_with(running, "-TERM"),
        "moto-server: stopped\n",
        "SIGTERM stops it cleanly too"
    );
}

#[test]
fn bad_flags_and_variables_are_errors_that_say_what_to_do() {
    let run = |args: &[&str], vars: &[(&str, &str)]| {
        let output = Command::new(env!("CARGO_BIN_EXE_moto-server"))
            .args(args)
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["--frobnicate"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("moto-server: unknown argument \"--frobnicate\"\n\nusage: moto-server"),
        "{stderr}"
    );
    let (code, stderr) = run(&["-p"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("moto-server: -p needs a value"),
        "{stderr}"
    );
    let (code, stderr) = run(&[], &[("MOTO_ENABLE_RECORDING", "maybe")]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("MOTO_ENABLE_RECORDING=\"maybe\" is not understood"),
        "{stderr}"
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, stderr) = run(&["-p", &port], &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!("moto-server: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    let help = Command::new(env!("CARGO_BIN_EXE_moto-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("-p, --port PORT"));
}
