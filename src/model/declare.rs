//! The `variables!` macro: it turns the one declaration of the variables (`declaration.rs`) into
//! the table every part of the crate reads and into the public typed configuration.

/// The type of a typed-section field: the declared `as` type when given, else the form type,
/// wrapped in `Option` when the setting has neither a default nor the `required` marker.
macro_rules! field_type {
    ([$typed:ty] $($rest:tt)*) => { $typed };
    ([] $ty:ty, Some, $($req:tt)*) => { $ty };
    ([] $ty:ty, None, true) => { $ty };
    ([] $ty:ty, None, ) => { Option<$ty> };
}
pub(crate) use field_type;

/// The type of a section in `Config`: `Option` for sections with the `[optional]` marker.
macro_rules! section_type {
    ($S:ident [optional]) => { Option<$S> };
    ($S:ident) => { $S };
}
pub(crate) use section_type;

/// Builds a section from resolved settings: `None` when a required setting has no value.
macro_rules! build_section {
    ($S:ident [optional] $value:ident) => {
        $S::from_values($value)
    };
    ($S:ident $value:ident) => {
        $S::from_values($value)?
    };
}
pub(crate) use build_section;

/// Declares every variable once. From that declaration it generates:
///
/// - the `VarId` enum (one id per setting, public as [`crate::Var`]),
/// - the `VARIABLES` table (names, aliases, kind, default, secret flag, Helm keys, docs),
/// - the `SECTIONS` table,
/// - one public typed struct per section (`OidcConfig`, ...) and [`crate::Config`]'s sections;
///   a field has the declared `as` type, else the form type (wrapped in `Option` when the
///   setting has no default and no `required: true` marker),
/// - one `Raw*` struct per section and `RawConfig`, the nested config-file form that the typed
///   sections deserialize from and whose JSON schema they have (doc comments become
///   descriptions).
macro_rules! variables {
    (
        $(
            $(#[doc = $sdoc:literal])*
            section $skey:ident : $Raw:ident => $Typed:ident $([$optional:ident])?, $STATIC:ident, $title:literal {
                $(
                    $(#[doc = $doc:literal])*
                    $Id:ident $field:ident : $ty:ty $(as $typed:ty)? {
                        env: $env:literal,
                        aliases: [$($alias:literal),* $(,)?],
                        deprecated: [$($dep:literal),* $(,)?],
                        unread: [$($unread:literal),* $(,)?],
                        kind: $kind:expr,
                        default: $dname:ident $(($dval:literal))?,
                        secret: $secret:literal,
                        helm: [$($helm:literal),* $(,)?]
                        $(, required: $required:tt)? $(,)?
                    }
                ),* $(,)?
            }
        )*
    ) => {
        /// A typed key of a setting: one variant per declared variable (its canonical name in
        /// the docs). [`crate::Config::source`] and [`crate::Config::spelled`] take it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum VarId {
            $( $( #[doc = concat!("`", $env, "`")] $Id, )* )*
        }

        impl VarId {
            /// The declaration of this setting.
            pub(crate) fn spec(self) -> &'static $crate::model::spec::VarSpec {
                &VARIABLES[self as usize]
            }

            /// Every key, in declaration order.
            pub const ALL: &'static [VarId] = &[$( $( VarId::$Id, )* )*];

            /// The canonical variable (`OIDC_ISSUER`).
            pub fn env(self) -> &'static str {
                self.spec().env
            }

            /// The `section.field` key of the nested form (`oidc.issuer`).
            pub fn key(self) -> String {
                self.spec().key()
            }
        }

        $(
            pub(crate) static $STATIC: $crate::model::spec::SectionSpec =
                $crate::model::spec::SectionSpec { key: stringify!($skey), title: $title };
        )*

        /// The sections, in declaration order.
        pub(crate) static SECTIONS: &[&$crate::model::spec::SectionSpec] = &[$(&$STATIC),*];

        /// Every setting, in declaration order.
        pub(crate) static VARIABLES: &[$crate::model::spec::VarSpec] = &[
            $( $(
                $crate::model::spec::VarSpec {
                    section: &$STATIC,
                    field: stringify!($field),
                    env: $env,
                    aliases: &[$($alias),*],
                    deprecated: &[$($dep),*],
                    unread: &[$($unread),*],
                    kind: $kind,
                    default: $dname $(($dval))?,
                    secret: $secret,
                    helm: &[$($helm),*],
                    required: false $(|| $required)?,
                    doc: concat!($($doc, "\n"),*),
                },
            )* )*
        ];

        $(
            $(#[doc = $sdoc])*
            #[cfg(feature = "schema")]
            #[derive(Default, serde::Serialize, schemars::JsonSchema)]
            #[allow(dead_code, reason = "its schema is the only use")]
            #[serde(deny_unknown_fields)]
            pub(crate) struct $Raw {
                $(
                    $(#[doc = $doc])*
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub(crate) $field: Option<$ty>,
                )*
            }

            $(#[doc = $sdoc])*
            ///
            /// Built from the one declaration of the variables: each field is documented with
            /// its canonical variable. It serializes in the config-file form (secrets as `***`),
            /// deserializes from it with the same parsers as every other input, and its JSON
            /// schema is the config-file schema of the section.
            #[derive(Clone, PartialEq)]
            pub struct $Typed {
                $(
                    $(#[doc = $doc])*
                    #[doc = ""]
                    #[doc = concat!("Variable: `", $env, "`.")]
                    pub $field: $crate::model::declare::field_type!([$($typed)?] $ty, $dname, $($required)?),
                )*
            }

            impl std::fmt::Debug for $Typed {
                /// Field by field; secrets print as `***`.
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(stringify!($Typed))
                        $( .field(stringify!($field), &self.$field) )*
                        .finish()
                }
            }

            impl $Typed {
                /// The section from the effective value of each setting; `None` when a required
                /// setting has no value.
                pub(crate) fn from_values<'v>(
                    value: &impl Fn(VarId) -> Option<&'v $crate::model::value::Value>,
                ) -> Option<Self> {
                    use $crate::model::typed::Field as _;
                    Some($Typed {
                        $(
                            $field: <$crate::model::declare::field_type!([$($typed)?] $ty, $dname, $($required)?)>::from_value(
                                value(VarId::$Id),
                            )?,
                        )*
                    })
                }
            }

            impl $crate::model::typed::Section for $Typed {
                fn to_form(&self, expose: bool) -> serde_json::Map<String, serde_json::Value> {
                    use $crate::model::typed::Field as _;
                    let mut map = serde_json::Map::new();
                    $(
                        let form = if expose { self.$field.to_form_exposed() } else { self.$field.to_form() };
                        if let Some(v) = form {
                            map.insert(stringify!($field).to_owned(), v);
                        }
                    )*
                    map
                }
            }

            impl $crate::model::typed::Slot for $Typed {
                type Section = $Typed;
                fn get(&self) -> Option<&$Typed> {
                    Some(self)
                }
                fn from_form(form: Option<serde_json::Value>) -> Result<Self, String> {
                    serde_json::from_value(form.unwrap_or_else(|| serde_json::json!({}))).map_err(|e| e.to_string())
                }
            }

            impl $crate::model::typed::Slot for Option<$Typed> {
                type Section = $Typed;
                fn get(&self) -> Option<&$Typed> {
                    self.as_ref()
                }
                fn from_form(form: Option<serde_json::Value>) -> Result<Self, String> {
                    form.map(|f| serde_json::from_value(f).map_err(|e| e.to_string())).transpose()
                }
            }

            impl serde::Serialize for $Typed {
                /// The config-file form; secrets as `***`.
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    $crate::model::typed::Section::to_form(self, false).serialize(serializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for $Typed {
                /// The config-file form, each value parsed and checked as the variable would be.
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let form = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
                    let known = [$(stringify!($field)),*];
                    if let Some(unknown) = form.keys().find(|k| !known.contains(&k.as_str())) {
                        return Err(serde::de::Error::unknown_field(unknown, &[]));
                    }
                    Ok($Typed {
                        $(
                            $field: $crate::model::typed::field_from_form(
                                VarId::$Id.spec(),
                                form.get(stringify!($field)),
                            )
                            .map_err(serde::de::Error::custom)?,
                        )*
                    })
                }
            }

            #[cfg(feature = "schema")]
            impl schemars::JsonSchema for $Typed {
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    stringify!($Typed).into()
                }

                fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let mut schema = <$Raw as schemars::JsonSchema>::json_schema(generator);
                    let required: Vec<&str> = VARIABLES
                        .iter()
                        .filter(|v| v.required && std::ptr::eq(v.section, &$STATIC))
                        .map(|v| v.field)
                        .collect();
                    if !required.is_empty() {
                        schema.insert("required".into(), serde_json::json!(required));
                    }
                    schema
                }
            }
        )*

        /// The nested configuration-file form (TOML, YAML or JSON).
        #[cfg(feature = "schema")]
        #[derive(Default, serde::Serialize, schemars::JsonSchema)]
        #[allow(dead_code, reason = "its schema is the only use")]
        #[serde(deny_unknown_fields)]
        #[schemars(title = "iamconf configuration")]
        pub(crate) struct RawConfig {
            $(
                $(#[doc = $sdoc])*
                #[serde(default)]
                pub(crate) $skey: $Raw,
            )*
        }

        /// The typed sections of a configuration; [`crate::Config`] dereferences to it, so
        /// `config.oidc` and `config.iam.session_length` read its fields.
        #[derive(Clone, PartialEq)]
        pub struct Sections {
            $(
                $(#[doc = $sdoc])*
                pub $skey: $crate::model::declare::section_type!($Typed $([$optional])?),
            )*
        }

        impl Sections {
            /// The sections from the effective value of each setting; `None` when an
            /// always-present section cannot be built (a setting of another type than declared).
            pub(crate) fn from_values<'v>(
                value: &impl Fn(VarId) -> Option<&'v $crate::model::value::Value>,
            ) -> Option<Self> {
                Some(Sections {
                    $( $skey: $crate::model::declare::build_section!($Typed $([$optional])? value), )*
                })
            }

            /// Every section in the config-file form, nested; secrets masked unless `expose`.
            pub(crate) fn to_form(&self, expose: bool) -> serde_json::Map<String, serde_json::Value> {
                let mut map = serde_json::Map::new();
                $(
                    if let Some(section) = $crate::model::typed::Slot::get(&self.$skey) {
                        map.insert(
                            stringify!($skey).to_owned(),
                            serde_json::Value::Object($crate::model::typed::Section::to_form(section, expose)),
                        );
                    }
                )*
                map
            }
        }

        impl std::fmt::Debug for Sections {
            /// The sections; secrets print as `***`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Sections")
                    $( .field(stringify!($skey), &self.$skey) )*
                    .finish()
            }
        }

        impl<'de> serde::Deserialize<'de> for Sections {
            /// The config-file form of every section, each value parsed and checked as the
            /// variable would be (absent optional sections: `None`; others: their defaults).
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut form = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
                let known = [$(stringify!($skey)),*];
                if let Some(unknown) = form.keys().find(|k| !known.contains(&k.as_str())) {
                    return Err(serde::de::Error::unknown_field(unknown, &[]));
                }
                Ok(Sections {
                    $(
                        $skey: $crate::model::typed::Slot::from_form(form.remove(stringify!($skey)))
                            .map_err(serde::de::Error::custom)?,
                    )*
                })
            }
        }

        impl serde::Serialize for Sections {
            /// The config-file form (secrets as `***`).
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.to_form(false).serialize(serializer)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for Sections {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "Sections".into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = <RawConfig as schemars::JsonSchema>::json_schema(generator);
                for section in SECTIONS {
                    let required: Vec<&str> = VARIABLES
                        .iter()
                        .filter(|v| v.required && std::ptr::eq(v.section, *section))
                        .map(|v| v.field)
                        .collect();
                    if required.is_empty() {
                        continue;
                    }
                    let pointer = format!("/properties/{}", section.key);
                    if let Some(serde_json::Value::Object(slot)) = schema.pointer_mut(&pointer) {
                        slot.insert("required".into(), serde_json::json!(required));
                    }
                }
                schema
            }
        }
    };
}
pub(crate) use variables;
