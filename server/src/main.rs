//! `mdm-prereqs-server`: parses the configuration and runs the server.

use server::config::USAGE;
use server::{Config, Invocation};
use std::process::ExitCode;

fn main() -> ExitCode {
    let config = match Config::parse(std::env::args().skip(1), |key| std::env::var(key).ok()) {
        Ok(Invocation::Run(config)) => config,
        Ok(Invocation::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("mdm-prereqs-server: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mdm-prereqs-server: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::serve(&config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mdm-prereqs-server: {error}");
            ExitCode::FAILURE
        }
    }
}
