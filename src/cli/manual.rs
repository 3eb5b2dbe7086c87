//! `iamconf completions SHELL` and `iamconf man [SUBCOMMAND]`: generated from the clap
//! definition, so they never drift from the real options.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, OK, USAGE};

/// Writes the completion script of `shell`.
pub(crate) fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut command = Cli::command();
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "iamconf", &mut script);
    match out.write_all(&script) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the completion script: {e}");
            USAGE
        }
    }
}

/// Writes the manual page `iamconf(1)`, or `iamconf-SUBCOMMAND(1)`.
pub(crate) fn man(subcommand: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut command = Cli::command();
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) if name != "help" => {
                let title = format!("iamconf-{name}");
                sub.clone()
                    .name(title)
                    .bin_name(format!("iamconf {name}"))
                    .version(env!("CARGO_PKG_VERSION"))
            }
            _ => {
                let _ = writeln!(
                    err,
                    "error: `{name}` is not a subcommand of iamconf (see `iamconf --help`)"
                );
                return USAGE;
            }
        },
    };
    let mut bytes = Vec::new();
    let written = clap_mangen::Man::new(page)
        .render(&mut bytes)
        .and_then(|()| out.write_all(&bytes));
    match written {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the manual page: {e}");
            USAGE
        }
    }
}
