//! `iamconf lint`: runs the lint, writes the findings, the skipped files and the summary line,
//! and picks the exit code.
//!
//! Order of the output: the paths that cannot be read (standard error), the findings (standard
//! output), the skipped-files line (standard error), then one summary line that counts the files
//! judged (standard output in the human format, standard error otherwise, so that JSON and SARIF
//! stay pure). Nothing claims a clean pass when an input could not be read or no file was judged.

use std::io::Write;

use iamconf::lint::LintOptions;
use iamconf::{Counts, Report};

use crate::cli::{Common, Format, LintArgs, OK, USAGE};

/// Runs `lint` and returns the exit code.
pub(crate) fn run(args: LintArgs, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let stdin = if args.paths.iter().any(|p| p.as_os_str() == "-") {
        match iamconf::lint::read_limited(&mut std::io::stdin().lock()) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                let _ = writeln!(err, "error: cannot read standard input: {e}");
                return USAGE;
            }
        }
    } else {
        None
    };
    let mut options = LintOptions::default()
        .no_ignore(args.no_ignore)
        .hidden(args.hidden)
        .follow_outside(args.follow_outside);
    if let Some(v) = &args.chart_version {
        options = options.chart_version(v.clone());
    }
    if let Some(bytes) = stdin {
        options = options.stdin(bytes);
    }
    let mut report = iamconf::lint::lint_with(&args.paths, args.kind, &options);
    if let Err(code) = super::drop_allowed(&mut report, &args.common, err) {
        return code;
    }
    for path in report.unreadable_inputs() {
        let _ = writeln!(err, "error: cannot read {}", path.display());
    }
    for note in report.notes() {
        let _ = writeln!(err, "note: {note}");
    }
    let text = super::render_findings(report.diagnostics(), &args.common, color);
    let _ = out.write_all(text.as_bytes());

    let skipped = report.skipped_inputs();
    if args.common.verbose {
        for path in skipped {
            let _ = writeln!(
                err,
                "note: skipped {}: not a .env file, Helm values, manifest, Compose or config file (see --kind)",
                path.display()
            );
        }
    } else if !skipped.is_empty() {
        let _ = writeln!(
            err,
            "skipped {} that {} not W&B configuration; --verbose lists them",
            plural(skipped.len(), "file"),
            if skipped.len() == 1 { "is" } else { "are" }
        );
    }

    let checked = report.checked_files().unwrap_or(0);
    let unreadable = report.unreadable_inputs().len();
    if unreadable > 0 {
        if checked > 0 {
            let line = format!(
                "{}; {} could not be read",
                summary(checked, &report, &args.common),
                plural(unreadable, "path")
            );
            write_summary(&line, &args.common, out, err);
        }
        return USAGE;
    }
    if checked == 0 {
        if args.allow_empty {
            if skipped.is_empty() {
                let _ = writeln!(err, "checked 0 files: no W&B configuration file was found");
            }
            return OK;
        }
        let why = if skipped.is_empty() {
            "no W&B configuration file was found"
        } else {
            "none of the files given is W&B configuration"
        };
        let _ = writeln!(
            err,
            "error: checked 0 files: {why}; check the paths, or pass --allow-empty if that is expected"
        );
        return USAGE;
    }
    let line = summary(checked, &report, &args.common);
    write_summary(&line, &args.common, out, err);
    super::exit_code(&report, &args.common)
}

/// `checked 12 files: 2 errors, 1 warning` (infos too when they are shown).
fn summary(checked: usize, report: &Report, common: &Common) -> String {
    let Counts {
        errors: e,
        warnings: w,
        infos: i,
        ..
    } = report.counts();
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
    let mut line = format!("checked {}: {counted}", plural(checked, "file"));
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

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
