//! The operator-wandb chart version a values file is rendered with, and the four SSO bugs of
//! released chart versions (REFERENCE.md 2.4, from `git log -S` on `charts/operator-wandb`):
//!
//! | versions | bug | fixed in |
//! |---|---|---|
//! | 0.7.4 – 0.13.12 | reads `global.auth.oidc.method` (not `authMethod`) and passes no client secret | 0.13.13 |
//! | 0.13.13 – 0.35.9 | the client secret goes only to `OIDC_CLIENT_SECRET` (and from 0.28.3 `GORILLA_OIDC_CLIENT_SECRET`), names the server does not read | 0.35.10 |
//! | 0.28.3 – 0.41.1 | `GORILLA_OIDC_AUTH_METHOD` is emitted instead of `GORILLA_AUTH_METHOD` | 0.41.2 |
//! | 0.33.0 – 0.41.1 | the api ConfigMap hard-codes `GORILLA_AUTH_METHOD: implicit` | 0.41.2 |
//!
//! The version comes from `--chart-version`, a custom resource's `spec.chart.version`, or a
//! `Chart.lock` / `Chart.yaml` beside the values file that depends on `operator-wandb` (an exact
//! version only: a range such as `~0.35.0` names no single chart).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::input::tree::Node;

/// A chart version (`major.minor.patch`) and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChartVersion {
    pub(crate) version: (u64, u64, u64),
    /// Where the version comes from, for messages (`--chart-version`, `spec.chart.version`,
    /// `Chart.lock`).
    pub(crate) from: String,
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b, c) = self.version;
        write!(f, "{a}.{b}.{c}")
    }
}

impl ChartVersion {
    /// Parses `0.43.8` (a leading `v` and a `-pre`/`+build` tail are allowed). `None` for
    /// anything else, ranges included.
    pub(crate) fn parse(text: &str, from: impl Into<String>) -> Option<Self> {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let core = t.split(['-', '+']).next().unwrap_or(t);
        let mut parts = core.split('.');
        let mut num = || -> Option<u64> {
            let p = parts.next()?;
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let version = (num()?, num()?, num()?);
        if parts.next().is_some() {
            return None;
        }
        Some(ChartVersion {
            version,
            from: from.into(),
        })
    }

    /// Whether the version is in `[from, to)`.
    fn within(&self, from: (u64, u64, u64), to: (u64, u64, u64)) -> bool {
        self.version >= from && self.version < to
    }
}

/// One known bug of a chart version range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bug {
    /// 0.7.4 – 0.13.12: `authMethod` ignored (the chart reads `method`).
    MethodKeyIgnored,
    /// 0.7.4 – 0.13.12: no client secret at all.
    NoSecret,
    /// 0.13.13 – 0.35.9: the client secret only under unread names.
    SecretUnreadNames,
    /// 0.28.3 – 0.41.1: `GORILLA_OIDC_AUTH_METHOD` instead of `GORILLA_AUTH_METHOD`.
    GorillaMethodName,
    /// 0.33.0 – 0.41.1: the api ConfigMap hard-codes `implicit`.
    ApiImplicit,
}

impl Bug {
    /// The first chart version without the bug.
    pub(crate) fn fixed_in(self) -> &'static str {
        match self {
            Bug::MethodKeyIgnored | Bug::NoSecret => "0.13.13",
            Bug::SecretUnreadNames => "0.35.10",
            Bug::GorillaMethodName | Bug::ApiImplicit => "0.41.2",
        }
    }
}

/// What of the values the bugs depend on.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct OidcFacts {
    /// `clientId` is set (OIDC is on).
    pub(crate) client_id: bool,
    /// `authMethod` is set to something other than the default.
    pub(crate) auth_method: bool,
    /// `authMethod` is `pkce`.
    pub(crate) pkce: bool,
    /// `method` (the key the old charts read) is set too.
    pub(crate) method_key: bool,
    /// A client secret is given (`secret` or `oidcSecret.name`).
    pub(crate) secret: bool,
    /// An env channel sets `GORILLA_AUTH_METHOD` itself (the documented work-around).
    pub(crate) gorilla_method_override: bool,
    /// An env channel sets `GORILLA_OIDC_SECRET` or `OIDC_SECRET` itself.
    pub(crate) secret_override: bool,
}

/// The bugs of `version` that apply to values with these facts.
pub(crate) fn bugs(version: &ChartVersion, f: OidcFacts) -> Vec<Bug> {
    let mut out = Vec::new();
    if version.within((0, 7, 4), (0, 13, 13)) {
        if f.client_id && f.auth_method && !f.method_key {
            out.push(Bug::MethodKeyIgnored);
        }
        if f.secret && !f.secret_override {
            out.push(Bug::NoSecret);
        }
    }
    if version.within((0, 13, 13), (0, 35, 10)) && f.secret && !f.secret_override {
        out.push(Bug::SecretUnreadNames);
    }
    if f.client_id && f.auth_method && !f.gorilla_method_override {
        if version.within((0, 33, 0), (0, 41, 2)) && f.pkce {
            out.push(Bug::ApiImplicit);
        } else if version.within((0, 28, 3), (0, 41, 2)) {
            out.push(Bug::GorillaMethodName);
        }
    }
    out
}

/// The operator-wandb version a `Chart.lock` or `Chart.yaml` depends on, if it names one exactly.
pub(crate) fn from_chart_file(docs: &[Node], file_name: &str) -> Option<ChartVersion> {
    let root = docs.iter().find(|d| !d.is_null())?;
    let deps = root.get("dependencies")?.as_seq()?;
    deps.iter().find_map(|d| {
        (d.get("name")?.as_str()? == "operator-wandb")
            .then(|| d.get("version")?.as_str())
            .flatten()
            .and_then(|v| ChartVersion::parse(v, file_name))
    })
}

/// Whether a file name is a chart's `Chart.yaml` or `Chart.lock`.
pub(crate) fn is_chart_file(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("Chart.yaml" | "Chart.lock")
    )
}

/// The chart versions found in `Chart.lock`/`Chart.yaml` files, by directory (`Chart.lock`
/// wins: it holds the resolved version).
#[derive(Debug, Default)]
pub(crate) struct ByDirectory(Vec<(PathBuf, ChartVersion, bool)>);

impl ByDirectory {
    /// Reads a chart file's dependency on operator-wandb.
    pub(crate) fn add(&mut self, path: &Path, text: &str) {
        let Ok(docs) = crate::input::yaml::parse(text) else {
            return;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(v) = from_chart_file(&docs, name) else {
            return;
        };
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let lock = name == "Chart.lock";
        if let Some(slot) = self.0.iter_mut().find(|(d, _, _)| *d == dir) {
            if lock || !slot.2 {
                *slot = (dir, v, lock);
            }
        } else {
            self.0.push((dir, v, lock));
        }
    }

    /// The version for a values file: the one of its own directory.
    pub(crate) fn for_file(&self, path: &Path) -> Option<&ChartVersion> {
        let dir = path.parent().unwrap_or(Path::new(""));
        self.0.iter().find(|(d, _, _)| d == dir).map(|(_, v, _)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> ChartVersion {
        ChartVersion::parse(s, "test").unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn parses_exact_versions_only() {
        assert_eq!(v("0.43.8").version, (0, 43, 8));
        assert_eq!(v("v0.35.2").version, (0, 35, 2));
        assert_eq!(v("0.41.2-rc.1").version, (0, 41, 2));
        for bad in ["~0.35.0", "^0.35", "0.35.x", "0.35", ">=0.30.0", ""] {
            assert!(ChartVersion::parse(bad, "t").is_none(), "{bad}");
        }
    }

    #[test]
    fn each_bug_has_its_range() {
        let pkce = OidcFacts {
            client_id: true,
            auth_method: true,
            pkce: true,
            secret: true,
            ..OidcFacts::default()
        };
        assert_eq!(
            bugs(&v("0.10.0"), pkce),
            [Bug::MethodKeyIgnored, Bug::NoSecret]
        );
        assert_eq!(bugs(&v("0.13.13"), pkce), [Bug::SecretUnreadNames]);
        assert_eq!(
            bugs(&v("0.30.0"), pkce),
            [Bug::SecretUnreadNames, Bug::GorillaMethodName]
        );
        assert_eq!(
            bugs(&v("0.35.9"), pkce),
            [Bug::SecretUnreadNames, Bug::ApiImplicit]
        );
        assert_eq!(bugs(&v("0.35.10"), pkce), [Bug::ApiImplicit]);
        assert_eq!(bugs(&v("0.41.1"), pkce), [Bug::ApiImplicit]);
        assert!(bugs(&v("0.41.2"), pkce).is_empty());
        assert!(bugs(&v("0.43.8"), pkce).is_empty());
        assert!(bugs(&v("0.7.3"), pkce).is_empty());
        let worked_around = OidcFacts {
            gorilla_method_override: true,
            secret_override: true,
            ..pkce
        };
        assert!(bugs(&v("0.35.2"), worked_around).is_empty());
    }
}
