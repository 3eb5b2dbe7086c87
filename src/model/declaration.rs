//! The one declaration of every variable (REFERENCE.md section 1).
//!
//! Everything else derives from this file: the loader's list of spellings, the "did you mean"
//! candidates, the JSON schema, `ENVIRONMENT.md` and the Helm docs. Adding a variable here is the
//! whole change.

use std::path::PathBuf;
use std::time::Duration;

use crate::model::declare::variables;
use crate::model::secret::{Secret, SecretUrl};
use crate::model::spec::{Kind, UrlKind};
use crate::model::typed::Issuer;
use crate::model::value::AuthMethod;
#[cfg(feature = "schema")]
use crate::model::value::{RetentionPeriod, SessionHours};

variables! {
    /// OpenID Connect single sign-on.
    section oidc: RawOidc => OidcConfig [optional], OIDC_SECTION, "OIDC single sign-on" {
        /// The OpenID issuer URL, byte-exact as the identity provider publishes it.
        ///
        /// The discovery document must be served at `$OIDC_ISSUER/.well-known/openid-configuration`
        /// and its `issuer` field must equal this value exactly, trailing `/` included.
        OidcIssuer issuer: String as Issuer {
            env: "OIDC_ISSUER",
            aliases: ["GORILLA_OIDC_ISSUER"],
            deprecated: [],
            unread: [],
            kind: Kind::Issuer,
            default: None,
            secret: false,
            helm: ["global.auth.oidc.issuer"],
            required: true,
        },
        /// The OAuth client id of the W&B application registered at the identity provider.
        OidcClientId client_id: String {
            env: "OIDC_CLIENT_ID",
            aliases: ["GORILLA_OIDC_CLIENT_ID"],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: ["global.auth.oidc.clientId"],
            required: true,
        },
        /// The OIDC flow: `implicit` (implicit flow with form_post) or `pkce` (authorization code
        /// with PKCE).
        ///
        /// An empty value counts as unset, which means `implicit`. AWS Cognito and Microsoft Entra ID
        /// need `pkce`.
        OidcAuthMethod auth_method: AuthMethod {
            env: "OIDC_AUTH_METHOD",
            aliases: ["GORILLA_AUTH_METHOD"],
            deprecated: [],
            unread: ["GORILLA_OIDC_AUTH_METHOD"],
            kind: Kind::AuthMethod,
            default: Some("implicit"),
            secret: false,
            helm: ["global.auth.oidc.authMethod"],
        },
        /// The OAuth client secret, only when the identity provider requires one.
        OidcSecret client_secret: String as Option<Secret> {
            env: "GORILLA_OIDC_SECRET",
            aliases: ["OIDC_SECRET"],
            deprecated: ["OIDC_CLIENT_SECRET", "GORILLA_OIDC_CLIENT_SECRET"],
            unread: [],
            kind: Kind::Secret,
            default: None,
            secret: true,
            helm: ["global.auth.oidc.secret", "global.auth.oidc.oidcSecret"],
        },
        /// Extra scopes requested beyond `openid profile email`, separated by spaces or commas.
        OidcCustomScopes custom_scopes: Vec<String> as Vec<String> {
            env: "GORILLA_OIDC_CUSTOM_SCOPES",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Scopes,
            default: None,
            secret: false,
            helm: [],
        },
    }

    /// Break-glass recovery.
    section break_glass: RawBreakGlass => BreakGlassConfig, BREAK_GLASS_SECTION, "Break-glass" {
        /// Disables SSO and prints a temporary admin password to the container log.
        ///
        /// Meant for lock-out recovery only: remove it once access is restored.
        LocalRestore local_restore: bool {
            env: "LOCAL_RESTORE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
    }

    /// Identity and access management options.
    section iam: RawIam => IamConfig, IAM_SECTION, "IAM options" {
        /// Turns off automatic provisioning of users who sign in through SSO.
        DisableSsoProvisioning disable_sso_provisioning: bool {
            env: "DISABLE_SSO_PROVISIONING",
            aliases: ["GORILLA_DISABLE_SSO_PROVISIONING"],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// How long a login session lasts, in hours.
        ///
        /// `SESSION_LENGTH` is a bare number of hours (`24`); `GORILLA_SESSION_LENGTH` is a Go
        /// duration in hours (`24h`). In config files, a number of hours or `"<n>h"`.
        SessionLength session_length: SessionHours as Duration {
            env: "SESSION_LENGTH",
            aliases: ["GORILLA_SESSION_LENGTH"],
            deprecated: [],
            unread: [],
            kind: Kind::SessionLength,
            default: Some("720"),
            secret: false,
            helm: ["global.auth.sessionLengthHours"],
        },
        /// Reads team membership from the `groups` claim of the ID token (a string array of W&B
        /// team names).
        EnableSsoGroupsClaims enable_sso_groups_claims: bool {
            env: "GORILLA_ENABLE_SSO_GROUPS_CLAIMS",
            aliases: [],
            deprecated: ["GORILLA_ENABLE_SSO_GROUP_CLAIMS"],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Synchronises team membership from LDAP groups (only meaningful with LDAP).
        LdapGroupSync ldap_group_sync: bool {
            env: "GORILLA_LDAP_GROUP_SYNC",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Takes the username from `preferred_username` and the full name from `name`.
        ///
        /// Usernames may only hold `[A-Za-z0-9_-]`.
        UseIdentifierClaims use_identifier_claims: bool {
            env: "GORILLA_USE_IDENTIFIER_CLAIMS",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Disables personal entities (projects owned by a user rather than a team).
        DisablePersonalEntity disable_personal_entity: bool {
            env: "GORILLA_DISABLE_PERSONAL_ENTITY",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Stops instance admins from accessing every team (enable with care).
        DisableAdminTeamAccess disable_admin_team_access: bool {
            env: "GORILLA_DISABLE_ADMIN_TEAM_ACCESS",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Identity federation: the absolute path where identity JWTs are stored.
        IdentityTokenFile identity_token_file: String as Option<PathBuf> {
            env: "WANDB_IDENTITY_TOKEN_FILE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::AbsPath,
            default: None,
            secret: false,
            helm: [],
        },
    }

    /// Server basics.
    section server: RawServer => ServerConfig, SERVER_SECTION, "Server basics" {
        /// The URL users open, with its scheme. The OIDC callback to register at the identity
        /// provider is `$HOST/oidc/callback`, the sign-out URL `$HOST/logout`.
        Host host: String as url::Url {
            env: "HOST",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Host),
            default: Some("http://localhost:8080"),
            secret: false,
            helm: ["global.host"],
        },
        /// The W&B license.
        License license: String as Option<Secret> {
            env: "LICENSE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Secret,
            default: None,
            secret: true,
            helm: ["global.license"],
        },
        /// The MySQL database, `mysql://USER:PASSWORD@HOST[:PORT]/DB` (the password is redacted).
        Mysql mysql: String as Option<SecretUrl> {
            env: "MYSQL",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Mysql),
            default: None,
            secret: false,
            helm: [],
        },
        /// An external Redis, `redis://[USER:PASSWORD@]HOST[:PORT][?tls=true]`.
        Redis redis: String as Option<SecretUrl> {
            env: "REDIS",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Redis),
            default: None,
            secret: false,
            helm: [],
        },
        /// The object store: `s3://`, `gs://`, `az://ACCOUNT/CONTAINER`, or S3-compatible
        /// `s3://KEY:SECRET@HOST/BUCKET?tls=true`. Unset means a local volume.
        Bucket bucket: String as Option<SecretUrl> {
            env: "BUCKET",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Bucket),
            default: None,
            secret: false,
            helm: [],
        },
        /// The bucket notification queue: `sqs://NAME`, `pubsub:/PROJECT/TOPIC/SUBSCRIPTION`,
        /// `az://ACCOUNT/QUEUE` or `internal://`.
        BucketQueue bucket_queue: String as SecretUrl {
            env: "BUCKET_QUEUE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Queue),
            default: Some("internal://"),
            secret: false,
            helm: [],
        },
        /// The notifications queue.
        NotificationsQueue notifications_queue: String {
            env: "NOTIFICATIONS_QUEUE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// The AWS region of the bucket, such as `us-east-1`.
        AwsRegion aws_region: String {
            env: "AWS_REGION",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::AwsRegion,
            default: None,
            secret: false,
            helm: [],
        },
        /// The ARN of the KMS key that encrypts the bucket. Leave unset for S3-compatible storage
        /// outside AWS.
        AwsS3KmsId aws_s3_kms_id: String {
            env: "AWS_S3_KMS_ID",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: ["global.bucket.kmsKey"],
        },
        /// Enables request logging.
        LoggingEnabled logging_enabled: bool {
            env: "LOGGING_ENABLED",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Lets users who are not admins create teams.
        AllowUserTeamCreation allow_user_team_creation: bool {
            env: "GORILLA_ALLOW_USER_TEAM_CREATION",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Where team secrets are stored: `k8s-secretmanager://`, `aws-secretmanager://`,
        /// `gcp-secretmanager://` or `az-secretmanger://` (sic).
        CustomerSecretStoreSource customer_secret_store_source: String as SecretUrl {
            env: "GORILLA_CUSTOMER_SECRET_STORE_SOURCE",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::SecretStore),
            default: Some("k8s-secretmanager://wandb-secret"),
            secret: false,
            helm: [],
        },
        /// How long deleted run data is kept, in hours with `h` (`24h`). Deleted data is then
        /// unrecoverable.
        DataRetentionPeriod data_retention_period: RetentionPeriod as Option<Duration> {
            env: "GORILLA_DATA_RETENTION_PERIOD",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::RetentionPeriod,
            default: None,
            secret: false,
            helm: [],
        },
        /// Enables the registry UI.
        EnableRegistryUi enable_registry_ui: bool {
            env: "ENABLE_REGISTRY_UI",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// Enables artifact garbage collection.
        ArtifactGcEnabled artifact_gc_enabled: bool {
            env: "GORILLA_ARTIFACT_GC_ENABLED",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// The client id of the Slack application used for alerts.
        SlackClientId slack_client_id: String {
            env: "SLACK_CLIENT_ID",
            aliases: ["GORILLA_SLACK_CLIENT_ID"],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: ["global.slack.clientId"],
        },
        /// The client secret of the Slack application.
        SlackSecret slack_secret: String as Option<Secret> {
            env: "SLACK_SECRET",
            aliases: ["GORILLA_SLACK_SECRET"],
            deprecated: [],
            unread: [],
            kind: Kind::Secret,
            default: None,
            secret: true,
            helm: ["global.slack.secret"],
        },
    }

    /// LDAP sign-in. Each `LOCAL_LDAP_X` also accepts `LDAP_X`, the spelling of W&B's operator docs.
    section ldap: RawLdap => LdapConfig [optional], LDAP_SECTION, "LDAP" {
        /// The LDAP server, such as `ldaps://ldap.example.com:636`. Required when LDAP is used.
        LdapAddress address: String as SecretUrl {
            env: "LOCAL_LDAP_ADDRESS",
            aliases: ["LDAP_ADDRESS"],
            deprecated: [],
            unread: [],
            kind: Kind::Url(UrlKind::Ldap),
            default: None,
            secret: false,
            helm: [],
            required: true,
        },
        /// The base DN of searches. Required when LDAP is used.
        LdapBaseDn base_dn: String {
            env: "LOCAL_LDAP_BASE_DN",
            aliases: ["LDAP_BASE_DN"],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
            required: true,
        },
        /// Attribute mapping, such as `email=mail,group=gidNumber`. Required when LDAP is used.
        LdapAttributes attributes: String {
            env: "LOCAL_LDAP_ATTRIBUTES",
            aliases: ["LDAP_ATTRIBUTES"],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
            required: true,
        },
        /// The DN to bind as.
        LdapBindDn bind_dn: String {
            env: "LOCAL_LDAP_BIND_DN",
            aliases: ["LDAP_BIND_DN"],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// The password of the bind DN.
        LdapBindPw bind_password: String as Option<Secret> {
            env: "LOCAL_LDAP_BIND_PW",
            aliases: ["LDAP_BIND_PW"],
            deprecated: [],
            unread: [],
            kind: Kind::Secret,
            default: None,
            secret: true,
            helm: [],
        },
        /// Uses TLS to reach the LDAP server.
        LdapTlsEnable tls_enable: bool {
            env: "LOCAL_LDAP_TLS_ENABLE",
            aliases: ["LDAP_TLS_ENABLE"],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// The groups whose members may sign in.
        LdapGroupAllowList group_allow_list: String {
            env: "LOCAL_LDAP_GROUP_ALLOW_LIST",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// Enables the LDAP login form.
        LdapLogin login: bool {
            env: "LOCAL_LDAP_LOGIN",
            aliases: ["LDAP_LOGIN"],
            deprecated: [],
            unread: [],
            kind: Kind::Bool,
            default: Some("false"),
            secret: false,
            helm: [],
        },
        /// The base DN of user searches.
        LdapUserBaseDn user_base_dn: String {
            env: "LDAP_USER_BASE_DN",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// The base DN of group searches.
        LdapGroupBaseDn group_base_dn: String {
            env: "LDAP_GROUP_BASE_DN",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// The object class of users.
        LdapUserObjectClass user_object_class: String {
            env: "LDAP_USER_OBJECT_CLASS",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
        /// The object class of groups.
        LdapGroupObjectClass group_object_class: String {
            env: "LDAP_GROUP_OBJECT_CLASS",
            aliases: [],
            deprecated: [],
            unread: [],
            kind: Kind::Text,
            default: None,
            secret: false,
            helm: [],
        },
    }
}

/// Finds a declared setting by any of its spellings (not `_FILE`).
pub(crate) fn lookup(
    name: &str,
) -> Option<(
    &'static crate::model::spec::VarSpec,
    crate::model::spec::Spelling,
)> {
    VARIABLES.iter().find_map(|spec| {
        spec.spellings()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (spec, s))
    })
}

/// Every name the server or its charts use, for "did you mean".
pub(crate) fn known_names() -> impl Iterator<Item = &'static str> {
    VARIABLES.iter().flat_map(|s| s.spellings().map(|(n, _)| n))
}

#[cfg(test)]
mod tests {
    //! The declaration is the single source of truth: every variable declared above is read by
    //! the loader under each of its spellings, is known to "did you mean", and has docs.
    use super::*;
    use crate::input::environment::{Entry, Environment};
    use crate::input::source::Source;
    use crate::model::spec::Kind;
    use crate::model::suggest::did_you_mean;
    use crate::resolve::{Options, Presence, resolve};

    /// A valid value for a kind, written for the spelling `name`.
    fn sample(kind: Kind, name: &str) -> &'static str {
        match kind {
            Kind::Bool => "true",
            Kind::AuthMethod => "pkce",
            Kind::SessionLength if name.starts_with("GORILLA_") => "12h",
            Kind::SessionLength => "12",
            Kind::RetentionPeriod => "12h",
            Kind::Scopes => "groups",
            Kind::AbsPath => "/var/run/token",
            Kind::AwsRegion => "eu-west-1",
            Kind::Issuer => "https://idp.example.com",
            Kind::Url(u) => match u {
                crate::model::spec::UrlKind::Host => "https://wandb.example.com",
                crate::model::spec::UrlKind::Mysql => "mysql://u:p@db/w",
                crate::model::spec::UrlKind::Redis => "redis://r:6379",
                crate::model::spec::UrlKind::Bucket => "s3://b",
                crate::model::spec::UrlKind::Queue => "sqs://q",
                crate::model::spec::UrlKind::Ldap => "ldaps://l:636",
                crate::model::spec::UrlKind::SecretStore => "aws-secretmanager://s",
            },
            Kind::Text | Kind::Secret => "value",
        }
    }

    #[test]
    fn every_declared_spelling_is_read_by_the_loader() {
        for (index, spec) in VARIABLES.iter().enumerate() {
            for (name, spelling) in spec.spellings() {
                let mut env = Environment::default();
                env.insert(Entry::text(
                    name,
                    sample(spec.kind, name),
                    Source::env(name),
                ));
                let r = resolve(&env, Options::default());
                let s = &r.settings[index];
                let expect = if spelling == crate::model::spec::Spelling::Unread {
                    Presence::Absent
                } else {
                    Presence::Set
                };
                assert_eq!(
                    s.presence, expect,
                    "{name} ({:?}): {:?}",
                    spelling, r.diagnostics
                );
                if expect == Presence::Set {
                    assert_eq!(s.spelled, name);
                    assert_eq!(s.source.name.as_deref(), Some(name));
                }
                assert!(
                    !r.diagnostics.iter().any(|d| d.code == "unknown-variable"),
                    "{name} unknown"
                );
            }
        }
    }

    #[test]
    fn every_declared_name_is_a_did_you_mean_candidate_and_documented() {
        for spec in VARIABLES {
            for (name, _) in spec.spellings() {
                // One letter dropped from the end is found again.
                let typo = &name[..name.len() - 1];
                assert!(did_you_mean(typo).is_some(), "{name}");
                assert!(known_names().any(|k| k == name));
            }
            assert!(
                !spec.summary().is_empty(),
                "{} has no doc comment",
                spec.env
            );
            assert!(
                !spec.field.is_empty()
                    && spec
                        .env
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            );
        }
        let names: Vec<&str> = known_names().collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "a spelling is declared twice");
    }

    #[test]
    #[cfg(feature = "schema")]
    fn the_config_file_form_has_one_field_per_variable() {
        let schema = schemars::schema_for!(RawConfig);
        let json = serde_json::to_value(&schema).unwrap_or_default();
        let text = json.to_string();
        for spec in VARIABLES {
            assert!(
                text.contains(&format!("\"{}\"", spec.field)),
                "{} missing from RawConfig",
                spec.key()
            );
        }
    }
}
