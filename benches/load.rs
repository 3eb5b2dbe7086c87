//! Loading benchmark: `iamconf` against a hand-written std-only parse and against figment, each
//! reading the same injected environment of 40 variables (see `BENCHMARKS.md`).
//!
//! The contenders, in one criterion group `load`:
//!
//! - `iamconf`: `Config::builder().env_vars(..).load()`, the full public path (merge with
//!   provenance, aliases, type-directed parsing, every rule, did-you-mean on unknown names).
//! - `hand_written`: a minimal std-only parse of the same variables into [`Plain`] (types only:
//!   Go's bool set, auth method, hours, URLs split on `://`; first alias wins; no findings).
//! - `figment_dict`: figment extracting a serde struct from a `Dict` built from the same pairs,
//!   with each value parsed exactly as figment's `Env` provider parses it.
//! - `figment_env`: figment's real `Env` provider, reading the process environment that a
//!   `figment::Jail` sets to the same 40 variables (outside the timed loop; the bench binary
//!   runs single-threaded, and the jail restores the environment when it ends).
//!
//! Before measuring, the bench checks that all of them read the same settings.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use figment::Figment;
use figment::providers::{Env, Serialized};
use figment::value::{Dict, Value};
use serde::de::{self, Deserializer, Visitor};

/// A realistic full environment of a W&B Server pod using Okta (40 variables): aliases given
/// twice with equal values, a deprecated secret name, an unknown typo, and the usual system and
/// Kubernetes variables. `iamconf` finds two warnings here, so `load` returns `Ok`. The same file
/// is what the process benchmark (`hyperfine`) checks.
const ENV_FILE: &str = include_str!("okta-40.env");

/// The `KEY=value` lines of [`ENV_FILE`].
fn vars() -> Vec<(String, String)> {
    ENV_FILE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The OIDC flow, as the hand-written parse sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Implicit,
    Pkce,
}

/// A URL split on `://`, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PlainUrl {
    scheme: String,
    rest: String,
}

/// The settings both baselines produce: one field per setting, aliases folded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plain {
    issuer: Option<String>,
    client_id: Option<String>,
    auth_method: Flow,
    client_secret: Option<String>,
    custom_scopes: Vec<String>,
    local_restore: bool,
    disable_sso_provisioning: bool,
    session_hours: u64,
    groups_claims: bool,
    identifier_claims: bool,
    disable_personal_entity: bool,
    disable_admin_team_access: bool,
    allow_user_team_creation: bool,
    host: Option<PlainUrl>,
    license: Option<String>,
    mysql: Option<PlainUrl>,
    redis: Option<PlainUrl>,
    bucket: Option<PlainUrl>,
    bucket_queue: Option<PlainUrl>,
    aws_region: Option<String>,
    aws_s3_kms_id: Option<String>,
    logging_enabled: bool,
    data_retention_hours: Option<u64>,
    enable_registry_ui: bool,
    artifact_gc_enabled: bool,
}

/// Go's `strconv.ParseBool`.
fn go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn flow(s: &str) -> Option<Flow> {
    match s {
        "implicit" => Some(Flow::Implicit),
        "pkce" => Some(Flow::Pkce),
        _ => None,
    }
}

/// `720` or `720h`.
fn hours(s: &str) -> Option<u64> {
    s.strip_suffix('h').unwrap_or(s).parse().ok()
}

fn split_url(s: &str) -> Option<PlainUrl> {
    let (scheme, rest) = s.split_once("://")?;
    Some(PlainUrl {
        scheme: scheme.to_owned(),
        rest: rest.to_owned(),
    })
}

fn scopes(s: &str) -> Vec<String> {
    s.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The hand-written baseline: read the pairs into a map, then one typed field per setting.
/// Stops at the first bad value, reports nothing else.
fn hand_written(vars: impl Iterator<Item = (String, String)>) -> Result<Plain, String> {
    let map: HashMap<String, String> = vars.collect();
    let get = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| map.get(*n).filter(|v| !v.is_empty()))
            .map(String::as_str)
    };
    let text = |names: &[&str]| get(names).map(str::to_owned);
    let flag = |name: &str, default: bool| match get(&[name]) {
        None => Ok(default),
        Some(v) => go_bool(v).ok_or_else(|| format!("{name}: not a bool")),
    };
    let url = |name: &str| match get(&[name]) {
        None => Ok(None),
        Some(v) => split_url(v)
            .map(Some)
            .ok_or_else(|| format!("{name}: not a URL")),
    };
    let session_hours = match get(&["SESSION_LENGTH"]) {
        Some(v) => hours(v).ok_or("SESSION_LENGTH: not hours")?,
        None => match get(&["GORILLA_SESSION_LENGTH"]) {
            Some(v) => v
                .strip_suffix('h')
                .and_then(|h| h.parse().ok())
                .ok_or("GORILLA_SESSION_LENGTH: not hours")?,
            None => 720,
        },
    };
    Ok(Plain {
        issuer: text(&["OIDC_ISSUER", "GORILLA_OIDC_ISSUER"]),
        client_id: text(&["OIDC_CLIENT_ID", "GORILLA_OIDC_CLIENT_ID"]),
        auth_method: match get(&["OIDC_AUTH_METHOD", "GORILLA_AUTH_METHOD"]) {
            None => Flow::Implicit,
            Some(v) => flow(v).ok_or("OIDC_AUTH_METHOD: not implicit or pkce")?,
        },
        client_secret: text(&[
            "GORILLA_OIDC_SECRET",
            "OIDC_SECRET",
            "OIDC_CLIENT_SECRET",
            "GORILLA_OIDC_CLIENT_SECRET",
        ]),
        custom_scopes: get(&["GORILLA_OIDC_CUSTOM_SCOPES"])
            .map(scopes)
            .unwrap_or_default(),
        local_restore: flag("LOCAL_RESTORE", false)?,
        disable_sso_provisioning: match get(&["DISABLE_SSO_PROVISIONING"]) {
            Some(_) => flag("DISABLE_SSO_PROVISIONING", false)?,
            None => flag("GORILLA_DISABLE_SSO_PROVISIONING", false)?,
        },
        session_hours,
        groups_claims: flag("GORILLA_ENABLE_SSO_GROUPS_CLAIMS", false)?,
        identifier_claims: flag("GORILLA_USE_IDENTIFIER_CLAIMS", false)?,
        disable_personal_entity: flag("GORILLA_DISABLE_PERSONAL_ENTITY", false)?,
        disable_admin_team_access: flag("GORILLA_DISABLE_ADMIN_TEAM_ACCESS", false)?,
        allow_user_team_creation: flag("GORILLA_ALLOW_USER_TEAM_CREATION", false)?,
        host: url("HOST")?,
        license: text(&["LICENSE"]),
        mysql: url("MYSQL")?,
        redis: url("REDIS")?,
        bucket: url("BUCKET")?,
        bucket_queue: url("BUCKET_QUEUE")?,
        aws_region: text(&["AWS_REGION"]),
        aws_s3_kms_id: text(&["AWS_S3_KMS_ID"]),
        logging_enabled: flag("LOGGING_ENABLED", false)?,
        data_retention_hours: match get(&["GORILLA_DATA_RETENTION_PERIOD"]) {
            None => None,
            Some(v) => Some(hours(v).ok_or("GORILLA_DATA_RETENTION_PERIOD: not hours")?),
        },
        enable_registry_ui: flag("ENABLE_REGISTRY_UI", false)?,
        artifact_gc_enabled: flag("GORILLA_ARTIFACT_GC_ENABLED", false)?,
    })
}

/// Deserializes Go's bool set from whatever figment made of the text (`true` is a bool, `1` a
/// number, `T` a string).
fn de_go_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a Go bool")
        }
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(Some(b))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            match n {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                _ => Err(E::custom("not a bool")),
            }
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            self.visit_u64(u64::try_from(n).map_err(|_| E::custom("not a bool"))?)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            go_bool(s).map(Some).ok_or_else(|| E::custom("not a bool"))
        }
    }
    d.deserialize_any(V)
}

/// Deserializes hours given as a number (`720`) or `720h`.
fn de_hours<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("hours")
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            u64::try_from(n)
                .map(Some)
                .map_err(|_| E::custom("negative hours"))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            hours(s).map(Some).ok_or_else(|| E::custom("not hours"))
        }
    }
    d.deserialize_any(V)
}

/// Deserializes an auth method.
fn de_flow<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Flow>, D::Error> {
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    s.map(|s| flow(&s).ok_or_else(|| de::Error::custom("not implicit or pkce")))
        .transpose()
}

/// The serde struct a figment user would write: one field per spelling (serde's `alias` rejects
/// two spellings given at once), folded into [`Plain`] afterwards.
#[derive(Debug, serde::Deserialize)]
#[allow(non_snake_case)]
struct FigmentRaw {
    OIDC_ISSUER: Option<String>,
    GORILLA_OIDC_ISSUER: Option<String>,
    OIDC_CLIENT_ID: Option<String>,
    GORILLA_OIDC_CLIENT_ID: Option<String>,
    #[serde(default, deserialize_with = "de_flow")]
    OIDC_AUTH_METHOD: Option<Flow>,
    #[serde(default, deserialize_with = "de_flow")]
    GORILLA_AUTH_METHOD: Option<Flow>,
    GORILLA_OIDC_SECRET: Option<String>,
    OIDC_SECRET: Option<String>,
    OIDC_CLIENT_SECRET: Option<String>,
    GORILLA_OIDC_CLIENT_SECRET: Option<String>,
    GORILLA_OIDC_CUSTOM_SCOPES: Option<String>,
    #[serde(default, deserialize_with = "de_go_bool")]
    LOCAL_RESTORE: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    DISABLE_SSO_PROVISIONING: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_DISABLE_SSO_PROVISIONING: Option<bool>,
    #[serde(default, deserialize_with = "de_hours")]
    SESSION_LENGTH: Option<u64>,
    #[serde(default, deserialize_with = "de_hours")]
    GORILLA_SESSION_LENGTH: Option<u64>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_ENABLE_SSO_GROUPS_CLAIMS: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_USE_IDENTIFIER_CLAIMS: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_DISABLE_PERSONAL_ENTITY: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_DISABLE_ADMIN_TEAM_ACCESS: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_ALLOW_USER_TEAM_CREATION: Option<bool>,
    HOST: Option<String>,
    LICENSE: Option<String>,
    MYSQL: Option<String>,
    REDIS: Option<String>,
    BUCKET: Option<String>,
    BUCKET_QUEUE: Option<String>,
    AWS_REGION: Option<String>,
    AWS_S3_KMS_ID: Option<String>,
    #[serde(default, deserialize_with = "de_go_bool")]
    LOGGING_ENABLED: Option<bool>,
    #[serde(default, deserialize_with = "de_hours")]
    GORILLA_DATA_RETENTION_PERIOD: Option<u64>,
    #[serde(default, deserialize_with = "de_go_bool")]
    ENABLE_REGISTRY_UI: Option<bool>,
    #[serde(default, deserialize_with = "de_go_bool")]
    GORILLA_ARTIFACT_GC_ENABLED: Option<bool>,
}

impl FigmentRaw {
    /// Folds the spellings (first wins) and splits the URLs.
    fn into_plain(self) -> Result<Plain, String> {
        let url = |name: &str, v: Option<String>| {
            v.map(|v| split_url(&v).ok_or_else(|| format!("{name}: not a URL")))
                .transpose()
        };
        Ok(Plain {
            issuer: self.OIDC_ISSUER.or(self.GORILLA_OIDC_ISSUER),
            client_id: self.OIDC_CLIENT_ID.or(self.GORILLA_OIDC_CLIENT_ID),
            auth_method: self
                .OIDC_AUTH_METHOD
                .or(self.GORILLA_AUTH_METHOD)
                .unwrap_or(Flow::Implicit),
            client_secret: self
                .GORILLA_OIDC_SECRET
                .or(self.OIDC_SECRET)
                .or(self.OIDC_CLIENT_SECRET)
                .or(self.GORILLA_OIDC_CLIENT_SECRET),
            custom_scopes: self
                .GORILLA_OIDC_CUSTOM_SCOPES
                .as_deref()
                .map(scopes)
                .unwrap_or_default(),
            local_restore: self.LOCAL_RESTORE.unwrap_or(false),
            disable_sso_provisioning: self
                .DISABLE_SSO_PROVISIONING
                .or(self.GORILLA_DISABLE_SSO_PROVISIONING)
                .unwrap_or(false),
            session_hours: self
                .SESSION_LENGTH
                .or(self.GORILLA_SESSION_LENGTH)
                .unwrap_or(720),
            groups_claims: self.GORILLA_ENABLE_SSO_GROUPS_CLAIMS.unwrap_or(false),
            identifier_claims: self.GORILLA_USE_IDENTIFIER_CLAIMS.unwrap_or(false),
            disable_personal_entity: self.GORILLA_DISABLE_PERSONAL_ENTITY.unwrap_or(false),
            disable_admin_team_access: self.GORILLA_DISABLE_ADMIN_TEAM_ACCESS.unwrap_or(false),
            allow_user_team_creation: self.GORILLA_ALLOW_USER_TEAM_CREATION.unwrap_or(false),
            host: url("HOST", self.HOST)?,
            license: self.LICENSE,
            mysql: url("MYSQL", self.MYSQL)?,
            redis: url("REDIS", self.REDIS)?,
            bucket: url("BUCKET", self.BUCKET)?,
            bucket_queue: url("BUCKET_QUEUE", self.BUCKET_QUEUE)?,
            aws_region: self.AWS_REGION,
            aws_s3_kms_id: self.AWS_S3_KMS_ID,
            logging_enabled: self.LOGGING_ENABLED.unwrap_or(false),
            data_retention_hours: self.GORILLA_DATA_RETENTION_PERIOD,
            enable_registry_ui: self.ENABLE_REGISTRY_UI.unwrap_or(false),
            artifact_gc_enabled: self.GORILLA_ARTIFACT_GC_ENABLED.unwrap_or(false),
        })
    }
}

/// figment from a `Dict` built from the pairs, each value parsed as figment's `Env` does.
fn figment_dict(vars: impl Iterator<Item = (String, String)>) -> Result<Plain, String> {
    let dict: Dict = vars
        .map(|(k, v)| {
            let value: Value = match v.parse() {
                Ok(value) => value,
                Err(never) => match never {},
            };
            (k, value)
        })
        .collect();
    Figment::from(Serialized::defaults(dict))
        .extract::<FigmentRaw>()
        .map_err(|e| e.to_string())?
        .into_plain()
}

/// figment's own `Env` provider over the process environment (set by a `Jail`).
fn figment_env() -> Result<Plain, String> {
    Figment::from(Env::raw().lowercase(false))
        .extract::<FigmentRaw>()
        .map_err(|e| e.to_string())?
        .into_plain()
}

/// Runs `f` with the process environment set to exactly `vars`, restored afterwards.
// The closure's error type is figment's own (`figment::Error`), fixed by `Jail`.
#[allow(clippy::result_large_err)]
fn in_jail(vars: &[(String, String)], f: impl FnOnce()) {
    figment::Jail::expect_with(|jail| {
        jail.clear_env();
        for (k, v) in vars {
            jail.set_env(k, v);
        }
        f();
        Ok(())
    });
}

/// Fails the bench if the contenders do not read the same settings.
fn check_equivalence(vars: &[(String, String)]) {
    let config = iamconf::Config::builder()
        .env_vars(vars.iter().cloned())
        .load();
    let config = match config {
        Ok(c) => c,
        Err(report) => panic!("iamconf rejected the bench environment: {report:?}"),
    };
    let codes: Vec<&str> = config.warnings().iter().map(|d| d.code()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert!(codes.contains(&"deprecated-name") && codes.contains(&"unknown-variable"));

    let plain = hand_written(vars.iter().cloned()).expect("hand-written parse");
    let oidc = config.oidc.as_ref().expect("OIDC configured");
    assert_eq!(plain.issuer.as_deref(), Some(oidc.issuer.as_str()));
    assert_eq!(plain.client_id.as_deref(), Some(oidc.client_id.as_str()));
    assert_eq!(plain.auth_method, Flow::Pkce);
    assert_eq!(oidc.auth_method, iamconf::AuthMethod::Pkce);
    assert_eq!(
        plain.client_secret.as_deref(),
        oidc.client_secret
            .as_ref()
            .map(iamconf::Secret::expose_secret)
    );
    assert_eq!(plain.custom_scopes, oidc.custom_scopes);
    assert_eq!(plain.local_restore, config.break_glass.local_restore);
    assert_eq!(
        plain.disable_sso_provisioning,
        config.iam.disable_sso_provisioning
    );
    assert_eq!(
        Duration::from_secs(plain.session_hours * 3600),
        config.iam.session_length
    );
    assert_eq!(plain.groups_claims, config.iam.enable_sso_groups_claims);
    assert_eq!(plain.identifier_claims, config.iam.use_identifier_claims);
    assert_eq!(
        plain
            .data_retention_hours
            .map(|h| Duration::from_secs(h * 3600)),
        config.server.data_retention_period
    );
    assert_eq!(
        plain.host.as_ref().map(|u| u.scheme.as_str()),
        Some("https")
    );
    assert_eq!(config.server.host.as_str(), "https://wandb.example.com/");
    assert_eq!(
        config
            .server
            .mysql
            .as_ref()
            .map(iamconf::SecretUrl::expose_secret),
        vars.iter()
            .find(|(k, _)| k == "MYSQL")
            .map(|(_, v)| v.as_str())
    );
    assert!(plain.disable_personal_entity && !plain.disable_admin_team_access);

    let via_dict = figment_dict(vars.iter().cloned()).expect("figment from a Dict");
    assert_eq!(via_dict, plain);
    in_jail(vars, || {
        assert_eq!(figment_env().expect("figment Env"), plain);
    });
}

fn bench_load(c: &mut Criterion) {
    let vars = vars();
    assert_eq!(vars.len(), 40);
    check_equivalence(&vars);

    let mut group = c.benchmark_group("load");
    // Modest run time (about 20 s for the group): microsecond routines need no longer.
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("iamconf", |b| {
        b.iter(|| {
            iamconf::Config::builder()
                .env_vars(black_box(&vars).iter().cloned())
                .load()
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| hand_written(black_box(&vars).iter().cloned()))
    });
    group.bench_function("figment_dict", |b| {
        b.iter(|| figment_dict(black_box(&vars).iter().cloned()))
    });
    // The jail is set up (and torn down) outside the timed loop, on each call of the closure.
    group.bench_function("figment_env", |b| in_jail(&vars, || b.iter(figment_env)));
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
