//! The checked, typed configuration (`RawConfig` is its unchecked config-file form).

use std::time::Duration;

use crate::input::source::Source;
use crate::model::declaration::VarId;
use crate::model::secret::Secret;
use crate::model::value::{AuthMethod, Value};
use crate::report::diagnostic::Diagnostic;
use crate::resolve::load::ConfigBuilder;
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

/// A loaded configuration without error-level findings. Its warnings and infos are kept.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) settings: Vec<Setting>,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// The OIDC settings of a configuration where OIDC is on.
#[derive(Debug, Clone, Copy)]
pub struct Oidc<'a> {
    config: &'a Config,
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

impl Config {
    /// Loads from the defaults and the process environment.
    pub fn load() -> Result<Config, crate::Report> {
        Config::builder().env().load()
    }

    /// A builder to add config files, env files and environments.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    pub(crate) fn setting(&self, id: VarId) -> &Setting {
        &self.settings[id as usize]
    }

    fn value(&self, id: VarId) -> Option<&Value> {
        self.setting(id).value.as_ref()
    }

    fn text(&self, id: VarId) -> Option<&str> {
        match self.value(id)? {
            Value::Text(s) => Some(s),
            Value::Url(u) => Some(u.expose_secret()),
            _ => None,
        }
    }

    fn flag(&self, id: VarId) -> bool {
        self.value(id).and_then(Value::as_bool).unwrap_or(false)
    }

    fn secret(&self, id: VarId) -> Option<&Secret> {
        match self.value(id)? {
            Value::Secret(s) => Some(s),
            _ => None,
        }
    }

    /// The OIDC settings, when an issuer and a client id are set.
    pub fn oidc(&self) -> Option<Oidc<'_>> {
        (self.text(VarId::OidcIssuer).is_some() && self.text(VarId::OidcClientId).is_some())
            .then_some(Oidc { config: self })
    }

    /// How users sign in: `LOCAL_RESTORE` wins over OIDC, OIDC over LDAP.
    pub fn sso_mode(&self) -> SsoMode {
        if self.local_restore() {
            SsoMode::LocalRestore
        } else if self.oidc().is_some() {
            SsoMode::Oidc
        } else if self.text(VarId::LdapAddress).is_some() {
            SsoMode::Ldap
        } else {
            SsoMode::None
        }
    }

    /// `HOST`, the URL users open.
    pub fn host(&self) -> &str {
        self.text(VarId::Host).unwrap_or("http://localhost:8080")
    }

    /// The OIDC callback to register at the identity provider (`$HOST/oidc/callback`), when OIDC
    /// is on.
    pub fn callback_url(&self) -> Option<String> {
        self.oidc()?;
        Some(format!(
            "{}/oidc/callback",
            self.host().trim_end_matches('/')
        ))
    }

    /// The sign-out URL (`$HOST/logout`).
    pub fn logout_url(&self) -> String {
        format!("{}/logout", self.host().trim_end_matches('/'))
    }

    /// `LOCAL_RESTORE`.
    pub fn local_restore(&self) -> bool {
        self.flag(VarId::LocalRestore)
    }

    /// How long a session lasts (default 720 hours).
    pub fn session_length(&self) -> Duration {
        match self.value(VarId::SessionLength) {
            Some(Value::Hours(h)) => Duration::from_secs(h * 3600),
            _ => Duration::from_secs(720 * 3600),
        }
    }

    /// How long deleted run data is kept, when set.
    pub fn data_retention_period(&self) -> Option<Duration> {
        match self.value(VarId::DataRetentionPeriod) {
            Some(Value::Hours(h)) => Some(Duration::from_secs(h * 3600)),
            _ => None,
        }
    }

    /// `DISABLE_SSO_PROVISIONING`.
    pub fn sso_provisioning_disabled(&self) -> bool {
        self.flag(VarId::DisableSsoProvisioning)
    }

    /// `GORILLA_ENABLE_SSO_GROUPS_CLAIMS`.
    pub fn groups_claims_enabled(&self) -> bool {
        self.flag(VarId::EnableSsoGroupsClaims)
    }

    /// `GORILLA_USE_IDENTIFIER_CLAIMS`.
    pub fn identifier_claims_enabled(&self) -> bool {
        self.flag(VarId::UseIdentifierClaims)
    }

    /// `LICENSE`.
    pub fn license(&self) -> Option<&Secret> {
        self.secret(VarId::License)
    }

    /// The value of any variable, by any of its spellings (`GORILLA_SESSION_LENGTH` finds the
    /// session length). `None` when unset without default, or unknown.
    pub fn get(&self, variable: &str) -> Option<&Value> {
        let (spec, _) = crate::model::declaration::lookup(variable)?;
        self.settings
            .iter()
            .find(|s| std::ptr::eq(s.spec, spec))?
            .value
            .as_ref()
    }

    /// Where the value of a variable came from.
    pub fn source(&self, variable: &str) -> Option<&Source> {
        let (spec, _) = crate::model::declaration::lookup(variable)?;
        self.settings
            .iter()
            .find(|s| std::ptr::eq(s.spec, spec))
            .map(|s| &s.source)
    }

    /// Every setting with its effective value and provenance, in declaration order.
    pub fn settings(&self) -> impl Iterator<Item = SettingView<'_>> {
        views(&self.settings)
    }

    /// The warnings and infos of the load.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

impl<'a> Oidc<'a> {
    /// The issuer, byte-exact as written (no `/` added or removed).
    pub fn issuer(&self) -> &'a str {
        self.config.text(VarId::OidcIssuer).unwrap_or_default()
    }

    /// The identity provider, recognised from the issuer (a parsed copy: the issuer itself is
    /// never changed).
    pub fn provider(&self) -> crate::IdentityProvider {
        crate::model::provider::detect(self.issuer())
    }

    /// The client id.
    pub fn client_id(&self) -> &'a str {
        self.config.text(VarId::OidcClientId).unwrap_or_default()
    }

    /// The effective auth method (`implicit` when unset).
    pub fn auth_method(&self) -> AuthMethod {
        match self.config.value(VarId::OidcAuthMethod) {
            Some(Value::AuthMethod(m)) => *m,
            _ => AuthMethod::Implicit,
        }
    }

    /// The client secret, when set.
    pub fn client_secret(&self) -> Option<&'a Secret> {
        self.config.secret(VarId::OidcSecret)
    }

    /// Extra scopes beyond `openid profile email`.
    pub fn custom_scopes(&self) -> &'a [String] {
        match self.config.value(VarId::OidcCustomScopes) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }

    /// Every scope requested: `openid profile email` and the custom ones.
    pub fn scopes(&self) -> Vec<String> {
        let mut s: Vec<String> = ["openid", "profile", "email"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for c in self.custom_scopes() {
            if !s.contains(c) {
                s.push(c.clone());
            }
        }
        s
    }

    /// The discovery URL: the issuer with one trailing `/` removed, then
    /// `/.well-known/openid-configuration`.
    pub fn discovery_url(&self) -> String {
        let issuer = self.issuer();
        format!(
            "{}/.well-known/openid-configuration",
            issuer.strip_suffix('/').unwrap_or(issuer)
        )
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

/// The LDAP settings of a configuration where LDAP is configured.
#[derive(Debug, Clone, Copy)]
pub struct Ldap<'a> {
    config: &'a Config,
}

impl Config {
    fn url(&self, id: VarId) -> Option<&crate::model::secret::SecretUrl> {
        match self.value(id)? {
            Value::Url(u) => Some(u),
            _ => None,
        }
    }

    /// `MYSQL`, with its password (prints masked).
    pub fn mysql(&self) -> Option<&crate::model::secret::SecretUrl> {
        self.url(VarId::Mysql)
    }

    /// `REDIS`, with any password (prints masked).
    pub fn redis(&self) -> Option<&crate::model::secret::SecretUrl> {
        self.url(VarId::Redis)
    }

    /// `BUCKET`, with any credentials (prints masked); `None` means a local volume.
    pub fn bucket(&self) -> Option<&crate::model::secret::SecretUrl> {
        self.url(VarId::Bucket)
    }

    /// `BUCKET_QUEUE` (default `internal://`).
    pub fn bucket_queue(&self) -> &str {
        self.text(VarId::BucketQueue).unwrap_or("internal://")
    }

    /// `AWS_REGION`.
    pub fn aws_region(&self) -> Option<&str> {
        self.text(VarId::AwsRegion)
    }

    /// `AWS_S3_KMS_ID`.
    pub fn aws_s3_kms_id(&self) -> Option<&str> {
        self.text(VarId::AwsS3KmsId)
    }

    /// `GORILLA_CUSTOMER_SECRET_STORE_SOURCE` (default `k8s-secretmanager://wandb-secret`).
    pub fn customer_secret_store_source(&self) -> &str {
        self.text(VarId::CustomerSecretStoreSource)
            .unwrap_or("k8s-secretmanager://wandb-secret")
    }

    /// `WANDB_IDENTITY_TOKEN_FILE`.
    pub fn identity_token_file(&self) -> Option<&std::path::Path> {
        self.text(VarId::IdentityTokenFile)
            .map(std::path::Path::new)
    }

    /// `SLACK_CLIENT_ID` and `SLACK_SECRET`, when both are set.
    pub fn slack(&self) -> Option<(&str, &Secret)> {
        Some((
            self.text(VarId::SlackClientId)?,
            self.secret(VarId::SlackSecret)?,
        ))
    }

    /// The LDAP settings, when `LOCAL_LDAP_ADDRESS` is set.
    pub fn ldap(&self) -> Option<Ldap<'_>> {
        self.url(VarId::LdapAddress).map(|_| Ldap { config: self })
    }
}

impl<'a> Ldap<'a> {
    /// `LOCAL_LDAP_ADDRESS`, such as `ldaps://ldap.example.com:636`.
    pub fn address(&self) -> &'a str {
        self.config
            .url(VarId::LdapAddress)
            .map_or("", |u| u.expose_secret())
    }

    /// `LOCAL_LDAP_BASE_DN`.
    pub fn base_dn(&self) -> Option<&'a str> {
        self.config.text(VarId::LdapBaseDn)
    }

    /// `LOCAL_LDAP_ATTRIBUTES`.
    pub fn attributes(&self) -> Option<&'a str> {
        self.config.text(VarId::LdapAttributes)
    }

    /// `LOCAL_LDAP_BIND_DN`.
    pub fn bind_dn(&self) -> Option<&'a str> {
        self.config.text(VarId::LdapBindDn)
    }

    /// `LOCAL_LDAP_BIND_PW`.
    pub fn bind_password(&self) -> Option<&'a Secret> {
        self.config.secret(VarId::LdapBindPw)
    }

    /// `LOCAL_LDAP_TLS_ENABLE`.
    pub fn tls_enabled(&self) -> bool {
        self.config.flag(VarId::LdapTlsEnable)
    }

    /// `LOCAL_LDAP_LOGIN`.
    pub fn login_enabled(&self) -> bool {
        self.config.flag(VarId::LdapLogin)
    }

    /// `GORILLA_LDAP_GROUP_SYNC`.
    pub fn group_sync(&self) -> bool {
        self.config.flag(VarId::LdapGroupSync)
    }
}
