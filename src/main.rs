use std::process::ExitCode;

use clap::Parser;
use testbed::config::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    testbed::jenkins::install_tls_provider();
    let log_json = match &cli.command {
        Command::Serve(args) => args.common.log_json,
        Command::Demo(args) => args.common.log_json,
    };
    testbed::server::init_logging(log_json);
    let result = match cli.command {
        Command::Serve(args) => testbed::server::serve(args).await,
        Command::Demo(args) => testbed::demo::run(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("testbed: {err:#}");
            ExitCode::FAILURE
        }
    }
}
