//! `iamconf lint`: runs the lint, writes the findings, the skipped files and the summary line,
//! and picks the exit code.
//!
//! Order of the output: the paths that cannot be read (standard error), the findings (standard
//! output), the skipped-files line, then one summary line that counts the files judged (standard
//! output in the human format, standard error otherwise, so that JSON and SARIF stay pure).
//! Nothing claims a clean pass when an input could not be read or no file was judged.

use std::io::Write;

use crate::cli::{Common, Format, LintArgs, OK, USAGE};
use crate::lint::{LintOptions, WalkOptions};
use crate::report::diagnostic::Diagnostic;
use crate::report::render::{self, Style};

/// Runs `lint` and returns the exit code.
pub(crate) fn run(args: LintArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let stdin_wanted = args.paths.iter().any(|p| p.as_os_str() == "-");
    let stdin = if stdin_wanted {
        match crate::lint::read_stdin(&mut std::io::stdin().lock()) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                let _ = writeln!(err, "error: cannot read standard input: {e}");
                return USAGE;
            }
        }
    } else {
        None
    };
    let options = LintOptions {
        kind: args.kind,
        walk: WalkOptions {
            no_ignore: args.no_ignore,
            hidden: args.hidden,
            follow_outside: args.follow_outside,
        },
    };
    let result = crate::lint::lint(&args.paths, &options, stdin);
    let mut diags = result.diagnostics;
    if let Err(code) = super::drop_allowed(&mut diags, &args.common, err) {
        return code;
    }
    for (path, reason) in &result.unreadable {
        let _ = writeln!(err, "error: cannot read {}: {reason}", path.display());
    }

    let text = match args.common.format {
        Format::Human => render::human::render_findings(
            &diags,
            Style {
                color,
                verbose: args.common.verbose,
            },
        ),
        _ => super::render_machine(&diags, &args.common),
    };
    let _ = out.write_all(text.as_bytes());

    let skipped = result.skipped.len();
    if args.common.verbose {
        for path in &result.skipped {
            let _ = writeln!(
                err,
                "note: skipped {}: not a .env file, Helm values, manifest, Compose or config file (see --kind)",
                path.display()
            );
        }
    } else if skipped > 0 {
        let _ = writeln!(
            err,
            "skipped {} that {} not W&B configuration; --verbose lists them",
            files(skipped),
            if skipped == 1 { "is" } else { "are" }
        );
    }

    if !result.unreadable.is_empty() {
        if result.checked > 0 {
            let line = summary(result.checked, &diags, &args.common);
            let n = result.unreadable.len();
            let line = format!(
                "{line}; {n} {} could not be read",
                if n == 1 { "path" } else { "paths" }
            );
            write_summary(&line, &args.common, out, err);
        }
        return USAGE;
    }
    if result.checked == 0 {
        if args.allow_empty {
            if skipped == 0 {
                let _ = writeln!(err, "checked 0 files: no W&B configuration file was found");
            }
            return OK;
        }
        let why = if skipped > 0 {
            "none of the files given is W&B configuration"
        } else {
            "no W&B configuration file was found"
        };
        let _ = writeln!(
            err,
            "error: checked 0 files: {why}; check the paths, or pass --allow-empty if that is expected"
        );
        return USAGE;
    }
    let line = summary(result.checked, &diags, &args.common);
    write_summary(&line, &args.common, out, err);
    super::exit_code(&diags, &args.common)
}

/// `checked 12 files: 2 errors, 1 warning` (infos too when they are shown).
fn summary(checked: usize, diags: &[Diagnostic], common: &Common) -> String {
    let (e, w, i) = render::counts(diags);
    let show_infos = common.verbose || common.format == Format::Json;
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(plural(e, "error"));
    }
    if w > 0 || e > 0 {
        parts.push(plural(w, "warning"));
    }
    if i > 0 && show_infos {
        parts.push(plural(i, "info"));
    }
    let counted = if parts.is_empty() {
        "no problems found".to_owned()
    } else {
        parts.join(", ")
    };
    let mut line = format!("checked {}: {counted}", files(checked));
    if i > 0 && !show_infos {
        line.push_str(&format!(
            " ({}; --verbose shows {})",
            plural(i, "info"),
            if i == 1 { "it" } else { "them" }
        ));
    }
    line
}

fn write_summary(line: &str, common: &Common, out: &mut dyn Write, err: &mut dyn Write) {
    let _ = if common.format == Format::Human {
        writeln!(out, "{line}")
    } else {
        writeln!(err, "{line}")
    };
}

fn files(n: usize) -> String {
    plural(n, "file")
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
