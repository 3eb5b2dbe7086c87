//! The generated rule reference, `schema/RULES.md`: every rule of the registry, sorted by code,
//! with one anchor per code and its full documentation (what `iamconf explain CODE` prints).

use std::fmt::Write as _;

use crate::rules::RULES;

/// The Markdown reference of every rule (`schema/RULES.md`): an index table, then one section
/// per code with an anchor named after the code.
pub fn rules_md() -> String {
    let mut rules: Vec<_> = RULES.to_vec();
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str(
        "<!-- Generated from the rule registry (src/rules/); do not edit. Rewrite with \
         `IAMCONF_BLESS=1 cargo test --all-features --test generated`. -->\n\n",
    );
    let _ = writeln!(
        out,
        "{} rules. `iamconf explain CODE` prints the same text; `--allow CODE` or a \
         `# iamconf: allow(CODE)` comment suppresses one.\n",
        rules.len()
    );
    out.push_str("| Code | Severity | When it fires |\n|---|---|---|\n");
    for r in &rules {
        let _ = writeln!(
            out,
            "| [`{code}`](#{code}) | {} | {} |",
            r.severity,
            r.summary.replace('|', "\\|"),
            code = r.code
        );
    }
    for r in &rules {
        let _ = write!(
            out,
            "\n<a id=\"{code}\"></a>\n\n## {code}\n\n**Severity:** {}\n\n{}\n\n### What it checks\n\n{}\n\n### Why it matters\n\n{}\n\n### Example\n\n```\n{}\n```\n\n### Fix\n\n{}\n",
            r.severity,
            r.summary,
            r.what.trim(),
            r.why.trim(),
            r.example.trim(),
            r.fix.trim(),
            code = r.code
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_anchor_per_code_in_order() {
        let md = rules_md();
        let anchors: Vec<&str> = md
            .lines()
            .filter_map(|l| l.strip_prefix("<a id=\"")?.strip_suffix("\"></a>"))
            .collect();
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(anchors, codes);
        for r in RULES {
            assert!(md.contains(r.fix.trim()), "{}", r.code);
        }
    }
}
