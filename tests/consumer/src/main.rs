//! What a server does with iamconf at start-up: load its own figment, merge iamconf's layer
//! into it, load iamconf from a figment, validate with validator, read typed fields.

use figment::Figment;
use figment::providers::{Format, Toml};
use validator::Validate;

/// The server's configuration, embedding iamconf's sections.
#[derive(Debug, serde::Deserialize, Validate)]
struct Server {
    #[validate(range(min = 1024))]
    port: u16,
    #[validate(nested)]
    oidc: iamconf::OidcConfig,
    #[validate(nested)]
    iam: iamconf::IamConfig,
}

const SERVER_TOML: &str = r#"
port = 8080

[wandb.oidc]
issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZLiEFD4b6"
client_id = "wandb"
auth_method = "pkce"
"#;

fn main() {
    let figment = Figment::new().merge(Toml::string(SERVER_TOML));

    // Load iamconf from the server's figment: every rule runs.
    let config = iamconf::Config::from_figment(&figment.focus("wandb")).unwrap_or_else(|report| {
        eprintln!("{report}");
        std::process::exit(1)
    });
    let method: iamconf::AuthMethod = config.oidc.as_ref().expect("OIDC is configured").auth_method;
    assert_eq!(method, iamconf::AuthMethod::Pkce);

    // Merge iamconf's resolved settings into the server's figment and extract.
    let merged = figment.merge(config.to_figment_exposing_secrets());
    let server: Server = merged.extract().expect("the server's configuration");
    server.validate().expect("valid");
    assert_eq!(server.oidc.auth_method, iamconf::AuthMethod::Pkce);

    // validate() reports iamconf's rule codes.
    let mut broken = server.oidc.clone();
    broken.auth_method = iamconf::AuthMethod::Implicit;
    let errors = broken.validate().expect_err("Cognito needs pkce");
    let codes: Vec<&str> = errors
        .field_errors()
        .values()
        .flat_map(|list| list.iter().map(|e| e.code.as_ref()))
        .collect();
    assert!(codes.contains(&"cognito-requires-pkce"), "{codes:?}");

    println!(
        "ok: {} via {}, session {}h",
        server.oidc.issuer,
        method,
        server.iam.session_length.as_secs() / 3600
    );
}
