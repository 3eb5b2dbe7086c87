//! What a loaded configuration offers beyond its typed sections (which the declaration
//! generates): the sign-in mode, the derived URLs, provenance per setting.

use crate::input::source::Source;
use crate::model::declaration::{OidcConfig, Sections, VarId};
use crate::model::provider::IdentityProvider;
use crate::model::value::Value;
use crate::report::diagnostic::Diagnostic;
use crate::resolve::{Presence, Setting};

/// How users sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SsoMode {
    /// OpenID Connect.
    Oidc,
    /// LDAP.
    Ldap,
    /// `LOCAL_RESTORE` is on: SSO is disabled (break-glass).
    LocalRestore,
    /// Local accounts only.
    None,
}

/// One setting as `show` prints it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SettingView<'a> {
    /// The section of the nested form (`oidc`, `iam`, ...).
    pub section: &'static str,
    /// The canonical variable.
    pub variable: &'static str,
    /// The spelling that supplied the value.
    pub spelled: &'a str,
    /// The effective value (secrets print as `***`); `None` when unset.
    pub value: Option<&'a Value>,
    /// Whether the value is the default.
    pub is_default: bool,
    /// Where it came from.
    pub source: &'a Source,
}

/// A loaded configuration without error-level findings: one typed, owned section per part of the
/// declaration (it dereferences to [`Sections`], so `config.oidc` and `config.iam.session_length`
/// read their public fields), where every value came from ([`Config::source`]), and the
/// warnings and infos of the load ([`Config::warnings`]).
///
/// It serializes in the config-file form (secrets as `***`), and its JSON schema is the
/// config-file schema (`iamconf schema`).
///
/// ```
/// use iamconf::{AuthMethod, Config, Var};
///
/// let config = Config::builder()
///     .env_vars([
///         ("OIDC_ISSUER", "https://login.microsoftonline.com/1f0c5e2a-0000-4000-8000-000000000000/v2.0"),
///         ("OIDC_CLIENT_ID", "wandb"),
///         ("GORILLA_AUTH_METHOD", "pkce"),
///     ])
///     .load()
///     .expect("valid");
/// let oidc = config.oidc.as_ref().expect("OIDC is configured");
/// assert_eq!(oidc.auth_method, AuthMethod::Pkce);
/// assert_eq!(config.iam.session_length, std::time::Duration::from_secs(720 * 3600));
/// assert_eq!(config.spelled(Var::OidcAuthMethod), "GORILLA_AUTH_METHOD");
/// assert!(config.ldap.is_none());
/// ```
#[derive(Clone)]
pub struct Config {
    sections: Sections,
    /// Every setting with its source, in declaration order (provenance).
    pub(crate) settings: Vec<Setting>,
    /// The warnings and infos of the load.
    pub(crate) warnings: Vec<Diagnostic>,
}

impl std::ops::Deref for Config {
    type Target = Sections;

    fn deref(&self) -> &Sections {
        &self.sections
    }
}

impl std::fmt::Debug for Config {
    /// The sections; secrets print as `***`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.sections.fmt(f)
    }
}

impl serde::Serialize for Config {
    /// The config-file form (secrets as `***`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.sections.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Config {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Config".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Sections::json_schema(generator)
    }
}

impl Config {
    /// The configuration from resolved settings; `None` when a setting does not have its
    /// declared type (never for settings the resolver produced without errors).
    pub(crate) fn from_settings(settings: Vec<Setting>, warnings: Vec<Diagnostic>) -> Option<Self> {
        let sections = Sections::from_values(&|id: VarId| settings[id as usize].value.as_ref())?;
        Some(Config {
            sections,
            settings,
            warnings,
        })
    }

    /// The typed sections.
    pub fn sections(&self) -> &Sections {
        &self.sections
    }

    /// The typed sections, owned.
    pub fn into_sections(self) -> Sections {
        self.sections
    }

    /// How users sign in: `LOCAL_RESTORE` wins over OIDC, OIDC over LDAP.
    pub fn sso_mode(&self) -> SsoMode {
        if self.break_glass.local_restore {
            SsoMode::LocalRestore
        } else if self.oidc.is_some() {
            SsoMode::Oidc
        } else if self.ldap.is_some() {
            SsoMode::Ldap
        } else {
            SsoMode::None
        }
    }

    /// The OIDC callback to register at the identity provider (`$HOST/oidc/callback`), when OIDC
    /// is on.
    pub fn callback_url(&self) -> Option<String> {
        self.oidc.as_ref()?;
        Some(format!(
            "{}/oidc/callback",
            self.server.host.as_str().trim_end_matches('/')
        ))
    }

    /// The sign-out URL (`$HOST/logout`).
    pub fn logout_url(&self) -> String {
        format!("{}/logout", self.server.host.as_str().trim_end_matches('/'))
    }

    /// Where the value of a setting came from (the default, an env file line, a config-file key,
    /// the process environment).
    pub fn source(&self, var: VarId) -> &Source {
        &self.setting(var).source
    }

    /// The spelling that supplied a setting (`GORILLA_OIDC_ISSUER`, `oidc.issuer`), or its
    /// canonical name when it has its default.
    pub fn spelled(&self, var: VarId) -> &str {
        &self.setting(var).spelled
    }

    /// Every setting with its effective value and source, as `iamconf show` lists them.
    pub fn settings(&self) -> impl Iterator<Item = SettingView<'_>> {
        views(&self.settings)
    }

    /// The warnings and infos of the load.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn setting(&self, var: VarId) -> &Setting {
        &self.settings[var as usize]
    }
}

impl OidcConfig {
    /// The identity provider the issuer belongs to (detected from the issuer's shape).
    pub fn provider(&self) -> IdentityProvider {
        crate::model::provider::detect(self.issuer.as_str())
    }

    /// Every scope requested: `openid profile email`, then the custom ones.
    pub fn scopes(&self) -> Vec<&str> {
        let mut s: Vec<&str> = vec!["openid", "profile", "email"];
        for c in &self.custom_scopes {
            if !s.contains(&c.as_str()) {
                s.push(c);
            }
        }
        s
    }

    /// The discovery URL: the issuer with one trailing `/` removed, then
    /// `/.well-known/openid-configuration`.
    pub fn discovery_url(&self) -> String {
        crate::model::url_text::discovery_url(self.issuer.as_str())
    }
}

/// Views of resolved settings, for `show` (also when the load has errors).
pub(crate) fn views(settings: &[Setting]) -> impl Iterator<Item = SettingView<'_>> {
    settings.iter().map(|s| SettingView {
        section: s.spec.section.key,
        variable: s.spec.env,
        spelled: &s.spelled,
        value: s.value.as_ref(),
        is_default: matches!(s.presence, Presence::Absent | Presence::Empty),
        source: &s.source,
    })
}
