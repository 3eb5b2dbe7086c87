//! The `iamconf` command.

use std::io::IsTerminal;

mod cli;

fn main() -> std::process::ExitCode {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    cli::run(std::env::args_os(), color, &mut out, &mut err)
}
