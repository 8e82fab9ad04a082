//! `moto-server`: one shared backend served like Moto's `moto_server`.
//!
//! ```text
//! cargo run --bin moto-server -- -p 5000
//! ```

use std::net::{SocketAddr, ToSocketAddrs as _};
use std::process::ExitCode;
use std::sync::Arc;

use moto_recorded::backend::{Backend, BackendOptions};
use moto_recorded::config::Config;
use moto_recorded::recorder::Storage;
use moto_recorded::server::{Server, ServerOptions};

const USAGE: &str = "\
usage: moto-server [-H HOST] [-p PORT]

Serves an emulated AWS with Moto's /moto-api/ control plane.

  -H, --host HOST   address to listen on (default 127.0.0.1)
  -p, --port PORT   port to listen on (default $MOTO_PORT, else 5000)
  -h, --help        print this help
  -V, --version     print the version

The recorder appends to $MOTO_RECORDER_FILEPATH (default ./moto_recording) and starts
on when $MOTO_ENABLE_RECORDING is true. Stop with Ctrl-C.";

struct Arguments {
    host: String,
    port: Option<u16>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("moto-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let Some(arguments) = parse_arguments(std::env::args().skip(1))? else {
        return Ok(());
    };
    let config = Config::global().map_err(|error| error.to_string())?;
    let port = arguments.port.unwrap_or(config.port);
    let address = resolve(&arguments.host, port)?;
    let backend = Backend::new(BackendOptions {
        storage: Storage::File(config.recorder_filepath.clone()),
        recording: config.enable_recording,
        ..BackendOptions::default()
    });
    let server = Server::start(
        Arc::new(backend),
        ServerOptions {
            address,
            // The name it was started with is a name of this server: its control plane
            // answers requests that use it (`-H my-host` in a container network).
            host_names: vec![arguments.host.clone()],
            ..ServerOptions::default()
        },
    )
    .map_err(|error| error.to_string())?;
    // Listen for Ctrl-C before saying where we serve: a client that reads the line and
    // interrupts at once must get a clean stop, not the default signal action.
    let stop = StopSignal::listen()?;
    eprintln!(
        "moto-server: serving on {} (recorder file {}, recording {}); Ctrl-C to stop",
        server.endpoint_url(),
        config.recorder_filepath.display(),
        if config.enable_recording { "on" } else { "off" }
    );
    stop.wait()?;
    drop(server);
    eprintln!("moto-server: stopped");
    Ok(())
}

/// The arguments, or `None` when help or the version was printed.
fn parse_arguments(mut args: impl Iterator<Item = String>) -> Result<Option<Arguments>, String> {
    let mut arguments = Arguments {
        host: "127.0.0.1".to_owned(),
        port: None,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("moto-server {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "-H" | "--host" => arguments.host = value(&flag)?,
            "-p" | "--port" => {
                let text = value(&flag)?;
                let port = text.parse().map_err(|_| {
                    format!("{flag} {text:?} is not a port: use a number from 0 to 65535")
                })?;
                arguments.port = Some(port);
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(Some(arguments))
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, String> {
    (host, port)
        .to_socket_addrs()
        .map_err(|error| format!("cannot resolve --host {host:?}: {error}"))?
        .next()
        .ok_or_else(|| format!("--host {host:?} resolves to no address"))
}

/// Ctrl-C (and, on Unix, SIGTERM), listened for from the moment it is made.
struct StopSignal {
    runtime: tokio::runtime::Runtime,
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl StopSignal {
    fn listen() -> Result<StopSignal, String> {
        let error = |error: std::io::Error| format!("cannot listen for Ctrl-C: {error}");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(error)?;
        #[cfg(unix)]
        let signals = {
            use tokio::signal::unix::{SignalKind, signal};
            let _entered = runtime.enter();
            (
                signal(SignalKind::interrupt()).map_err(error)?,
                signal(SignalKind::terminate()).map_err(error)?,
            )
        };
        Ok(StopSignal {
            runtime,
            #[cfg(unix)]
            signals,
        })
    }

    #[cfg(unix)]
    fn wait(self) -> Result<(), String> {
        let (mut interrupt, mut terminate) = self.signals;
        self.runtime.block_on(async {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        });
        Ok(())
    }

    #[cfg(not(unix))]
    fn wait(self) -> Result<(), String> {
        self.runtime
            .block_on(tokio::signal::ctrl_c())
            .map_err(|error| format!("cannot listen for Ctrl-C: {error}"))
    }
}
