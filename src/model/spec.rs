//! The shape of a variable declaration: [`VarSpec`] and its [`Kind`] (the `variables!` macro in
//! `declare.rs` turns the one declaration into a table of them).

/// How a variable's text is parsed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Free text.
    Text,
    /// A secret string: never printed.
    Secret,
    /// Go's `strconv.ParseBool` set.
    Bool,
    /// Exactly `implicit` or `pkce`.
    AuthMethod,
    /// `SESSION_LENGTH` is bare hours, `GORILLA_SESSION_LENGTH` a Go duration in hours (`720h`).
    SessionLength,
    /// A number of hours ending in `h` (`24h`).
    RetentionPeriod,
    /// Scope names separated by spaces or commas.
    Scopes,
    /// An absolute filesystem path.
    AbsPath,
    /// An AWS region id such as `us-east-1`.
    AwsRegion,
    /// An OIDC issuer: kept byte-exact; its shape is judged by the OIDC rules.
    Issuer,
    /// A URL whose allowed schemes depend on what it points at.
    Url(UrlKind),
}

/// What a URL variable points at, which fixes its allowed schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    /// `HOST`: `http` or `https`.
    Host,
    /// `mysql://USER:PASSWORD@HOST[:PORT]/DB`.
    Mysql,
    /// `redis://` (or `rediss://`).
    Redis,
    /// `s3://`, `gs://`, `az://`, `file://`.
    Bucket,
    /// `sqs://`, `pubsub:/`, `az://`, `internal://`.
    Queue,
    /// `ldap://` or `ldaps://`.
    Ldap,
    /// A secret store URI (`k8s-secretmanager://` and friends).
    SecretStore,
}

impl UrlKind {
    /// The schemes a value of this kind may use.
    pub(crate) fn schemes(self) -> &'static [&'static str] {
        match self {
            UrlKind::Host => &["http", "https"],
            UrlKind::Mysql => &["mysql"],
            UrlKind::Redis => &["redis", "rediss"],
            UrlKind::Bucket => &["s3", "gs", "az", "file"],
            UrlKind::Queue => &["sqs", "pubsub", "az", "internal"],
            UrlKind::Ldap => &["ldap", "ldaps"],
            UrlKind::SecretStore => &[
                "k8s-secretmanager",
                "aws-secretmanager",
                "gcp-secretmanager",
                "az-secretmanger",
                "az-secretmanager",
            ],
        }
    }
}

impl Kind {
    /// A short type name for docs and messages.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Secret => "secret",
            Kind::Bool => "bool",
            Kind::AuthMethod => "`implicit` \\| `pkce`",
            Kind::SessionLength => "hours",
            Kind::RetentionPeriod => "duration (`<n>h`)",
            Kind::Scopes => "list of scopes",
            Kind::AbsPath => "absolute path",
            Kind::AwsRegion => "AWS region",
            Kind::Issuer => "issuer URL",
            Kind::Url(_) => "URL",
        }
    }
}

/// One configuration section of the nested (config-file) form.
#[derive(Debug)]
pub(crate) struct SectionSpec {
    /// The key of the section in config files (`oidc`).
    pub(crate) key: &'static str,
    /// Its title in the docs.
    #[cfg_attr(not(feature = "schema"), allow(dead_code, reason = "docs only"))]
    pub(crate) title: &'static str,
}

/// One setting: every spelling that reaches it, its type, default and docs.
#[derive(Debug)]
pub(crate) struct VarSpec {
    /// The section it belongs to.
    pub(crate) section: &'static SectionSpec,
    /// The field name in the nested form (`issuer`).
    pub(crate) field: &'static str,
    /// The canonical variable (`OIDC_ISSUER`).
    pub(crate) env: &'static str,
    /// Other spellings the server reads, same meaning.
    pub(crate) aliases: &'static [&'static str],
    /// Spellings that are read but deprecated.
    pub(crate) deprecated: &'static [&'static str],
    /// Spellings that charts or docs emitted but the server does not read.
    pub(crate) unread: &'static [&'static str],
    /// How the value is parsed.
    pub(crate) kind: Kind,
    /// The default, as the text of the canonical variable.
    pub(crate) default: Option<&'static str>,
    /// Whether the value is a secret (never printed).
    pub(crate) secret: bool,
    /// Operator-chart values keys that set this variable.
    #[cfg_attr(
        not(any(feature = "schema", feature = "lint")),
        allow(dead_code, reason = "chart docs and lint only")
    )]
    pub(crate) helm: &'static [&'static str],
    /// Whether a section that is used at all needs it (drives the `*-incomplete` rules, the
    /// non-`Option` fields of an optional section and the schema's `required`).
    pub(crate) required: bool,
    /// The doc comment of the declaration.
    pub(crate) doc: &'static str,
}

/// How a spelling relates to its setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// The canonical name.
    Canonical,
    /// Another name the server reads.
    Alias,
    /// Read, but deprecated.
    Deprecated,
    /// Not read by the server.
    Unread,
}

impl VarSpec {
    /// The `section.field` key of the nested form.
    pub(crate) fn key(&self) -> String {
        format!("{}.{}", self.section.key, self.field)
    }

    /// Every spelling with its status, canonical first. Secrets also accept `NAME_FILE`.
    pub(crate) fn spellings(&self) -> impl Iterator<Item = (&'static str, Spelling)> + '_ {
        std::iter::once((self.env, Spelling::Canonical))
            .chain(self.aliases.iter().map(|a| (*a, Spelling::Alias)))
            .chain(self.deprecated.iter().map(|a| (*a, Spelling::Deprecated)))
            .chain(self.unread.iter().map(|a| (*a, Spelling::Unread)))
    }

    /// The first line of the doc comment.
    #[cfg_attr(not(feature = "schema"), allow(dead_code, reason = "docs only"))]
    pub(crate) fn summary(&self) -> &'static str {
        self.doc.lines().next().unwrap_or("").trim()
    }
}
