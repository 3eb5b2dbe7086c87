//! `iamconf check --probe` and `iamconf token` against a real OpenID provider (`oidc-provider`,
//! see tests/support and tests/oidc-provider/server.mjs for its registered clients). ID tokens
//! are obtained from it by driving its development login over HTTP, as a browser would, with a
//! cookie jar.
#![cfg(feature = "discovery")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::process::Command;

use base64::Engine as _;
use serde_json::Value as Json;

mod support;
use support::{Provider, start_provider};

const CALLBACK: &str = "https://wandb.test/oidc/callback";
const SECRET: &str = "iamconf-test-secret";

/// One run of the binary with `--format json`.
struct Run {
    code: i32,
    json: Json,
    stdout: String,
    stderr: String,
}

impl Run {
    fn diagnostics(&self) -> &[Json] {
        self.json["diagnostics"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    /// The codes of the online and token rules (offline rules, such as the
    /// `issuer-insecure-loopback` warning for these `http://127.0.0.1` issuers, are left out).
    fn codes(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self
            .diagnostics()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .filter(|c| {
                ["probe-", "discovery-", "jwks-", "token-"]
                    .iter()
                    .any(|p| c.starts_with(p))
            })
            .collect();
        c.sort_unstable();
        c
    }

    fn find(&self, code: &str) -> &Json {
        self.diagnostics()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {:#}", self.json))
    }
}

fn run(args: &[&str], env: &str, stdin: Option<&str>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("wandb.env");
    std::fs::write(&env_file, env).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_iamconf"));
    cmd.env_clear()
        .args(args)
        .args(["--no-env", "--format", "json", "--env-file"])
        .arg(&env_file);
    let out = if let Some(input) = stdin {
        use std::io::Write;
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    } else {
        cmd.output().unwrap()
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(Json::Null),
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `iamconf check --probe` with HOST=https://wandb.test, the provider's issuer and `vars`.
fn probe(p: &Provider, vars: &[(&str, &str)]) -> Run {
    let mut env = format!("HOST=https://wandb.test\nOIDC_ISSUER={}\n", p.issuer);
    for (k, v) in vars {
        env.push_str(&format!("{k}={v}\n"));
    }
    run(&["check", "--probe"], &env, None)
}

#[test]
fn every_correct_configuration_passes_the_probe() {
    let p = start_provider(&[]);
    let configs: &[&[(&str, &str)]] = &[
        &[
            ("OIDC_CLIENT_ID", "wandb-pkce"),
            ("OIDC_AUTH_METHOD", "pkce"),
        ],
        &[
            ("OIDC_CLIENT_ID", "wandb-confidential"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_SECRET", SECRET),
        ],
        &[
            ("OIDC_CLIENT_ID", "wandb-implicit"),
            ("OIDC_AUTH_METHOD", "implicit"),
        ],
        // The default method is implicit.
        &[("OIDC_CLIENT_ID", "wandb-implicit")],
        &[
            ("OIDC_CLIENT_ID", "wandb-code-only"),
            ("OIDC_AUTH_METHOD", "pkce"),
        ],
        // A scope the clients are allowed.
        &[
            ("OIDC_CLIENT_ID", "wandb-pkce"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_CUSTOM_SCOPES", "groups"),
        ],
    ];
    for vars in configs {
        let r = probe(&p, vars);
        assert_eq!(r.code, 0, "{vars:?}: {:#}\n{}", r.json, r.stderr);
        assert!(r.codes().is_empty(), "{vars:?}: {:#}", r.json);
    }
}

#[test]
fn authorization_endpoint_rejections() {
    let p = start_provider(&[]);
    // An unknown client id.
    let r = probe(
        &p,
        &[
            ("OIDC_CLIENT_ID", "wandb-nobody"),
            ("OIDC_AUTH_METHOD", "pkce"),
        ],
    );
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["probe-client-unknown"], "{:#}", r.json);
    let d = r.find("probe-client-unknown");
    assert_eq!(d["source"]["kind"], "probe");
    assert_eq!(d["source"]["url"], format!("{}/auth", p.issuer));
    assert_eq!(d["variables"], serde_json::json!(["OIDC_CLIENT_ID"]));
    assert!(
        d["message"].as_str().unwrap().contains("invalid_client"),
        "{d:#}"
    );

    // A HOST whose callback is not registered.
    let r = run(
        &["check", "--probe"],
        &format!(
            "HOST=https://wandb.elsewhere.test\nOIDC_ISSUER={}\nOIDC_CLIENT_ID=wandb-pkce\nOIDC_AUTH_METHOD=pkce\n",
            p.issuer
        ),
        None,
    );
    assert_eq!(r.code, 1, "{:#}", r.json);
    // The token endpoint is probed with the same (refused) redirect URI: only the code is
    // refused there, so the one finding is about the redirect URI.
    assert_eq!(r.codes(), ["probe-redirect-uri-rejected"], "{:#}", r.json);
    let d = r.find("probe-redirect-uri-rejected");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("https://wandb.elsewhere.test/oidc/callback"),
        "{d:#}"
    );
    assert_eq!(d["variables"][0], "HOST");

    // Implicit (the default) on a client allowed only the code flow: the error comes back as a
    // form_post page with status 400.
    let r = probe(&p, &[("OIDC_CLIENT_ID", "wandb-code-only")]);
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["probe-response-type-rejected"], "{:#}", r.json);
    assert!(
        r.find("probe-response-type-rejected")["help"]
            .as_str()
            .unwrap()
            .contains("OIDC_AUTH_METHOD=pkce")
    );

    // A scope the provider refuses.
    for method in ["pkce", "implicit"] {
        let client = if method == "pkce" {
            "wandb-pkce"
        } else {
            "wandb-implicit"
        };
        let r = probe(
            &p,
            &[
                ("OIDC_CLIENT_ID", client),
                ("OIDC_AUTH_METHOD", method),
                ("GORILLA_OIDC_CUSTOM_SCOPES", "groups payroll"),
            ],
        );
        assert_eq!(r.code, 1, "{method}: {:#}", r.json);
        assert_eq!(
            r.codes(),
            ["probe-scope-rejected"],
            "{method}: {:#}",
            r.json
        );
        let d = r.find("probe-scope-rejected");
        assert_eq!(
            d["variables"],
            serde_json::json!(["GORILLA_OIDC_CUSTOM_SCOPES"])
        );
        assert!(
            d["message"].as_str().unwrap().contains("invalid_scope"),
            "{d:#}"
        );
    }
}

#[test]
fn token_endpoint_client_authentication() {
    let p = start_provider(&[]);
    let wrong = "not-the-secret-5up3r";
    let r = probe(
        &p,
        &[
            ("OIDC_CLIENT_ID", "wandb-confidential"),
            ("OIDC_AUTH_METHOD", "pkce"),
            ("GORILLA_OIDC_SECRET", wrong),
        ],
    );
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["probe-secret-rejected"], "{:#}", r.json);
    let d = r.find("probe-secret-rejected");
    assert_eq!(d["source"]["url"], format!("{}/token", p.issuer));
    assert_eq!(d["variables"][0], "GORILLA_OIDC_SECRET");
    assert!(!r.stdout.contains(wrong) && !r.stderr.contains(wrong));

    let r = probe(
        &p,
        &[
            ("OIDC_CLIENT_ID", "wandb-confidential"),
            ("OIDC_AUTH_METHOD", "pkce"),
        ],
    );
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["probe-secret-required"], "{:#}", r.json);
}

#[test]
fn an_idp_answering_500_is_inconclusive() {
    let p = start_provider(&["--auth-500"]);
    let r = probe(&p, &[("OIDC_CLIENT_ID", "wandb-implicit")]);
    // An info: reported, not a failure.
    assert_eq!(r.code, 0, "{:#}", r.json);
    assert_eq!(r.codes(), ["probe-inconclusive"], "{:#}", r.json);
    let d = r.find("probe-inconclusive");
    assert_eq!(d["severity"], "info");
    assert!(
        d["message"].as_str().unwrap().contains("HTTP status 500"),
        "{d:#}"
    );
}

#[test]
fn probe_is_opt_in_and_needs_the_discovery_feature_only() {
    // Without --probe no probe request is made (and a refused client says nothing).
    let p = start_provider(&[]);
    let r = run(
        &["check", "--discover"],
        &format!(
            "HOST=https://wandb.test\nOIDC_ISSUER={}\nOIDC_CLIENT_ID=wandb-nobody\n",
            p.issuer
        ),
        None,
    );
    assert_eq!(r.code, 0, "{:#}", r.json);
    assert!(r.codes().is_empty(), "{:#}", r.json);
}

// ---- ID tokens from the provider ------------------------------------------------------------

/// A browser: no automatic redirects, a cookie jar.
struct Browser {
    agent: ureq::Agent,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new() -> Self {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .max_idle_connections(0)
            .build()
            .new_agent();
        Browser {
            agent,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Keeps the cookies of a response; returns (status, location, body).
    fn take(&mut self, mut r: ureq::http::Response<ureq::Body>) -> (u16, Option<String>, String) {
        for v in r.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            if let Some((k, val)) = pair.split_once('=') {
                self.cookies.insert(k.trim().to_owned(), val.to_owned());
            }
        }
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap();
        (status, location, body)
    }

    fn get(&mut self, url: &str) -> (u16, Option<String>, String) {
        let mut req = self.agent.get(url);
        if !self.cookies.is_empty() {
            req = req.header("Cookie", self.cookie_header());
        }
        let r = req.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        self.take(r)
    }

    fn post(&mut self, url: &str, form: &[(&str, &str)]) -> (u16, Option<String>, String) {
        let r = self
            .agent
            .post(url)
            .header("Cookie", self.cookie_header())
            .send_form(form.iter().copied())
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        self.take(r)
    }
}

/// The value of hidden input `name` in a form_post page.
fn form_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = start + html[start..].find('"')?;
    Some(html[start..end].to_owned())
}

/// Signs `login` in at the provider through its development login and consent pages, with the
/// implicit client (id_token, form_post), and returns the ID token.
fn id_token(p: &Provider, login: &str, scope: &str) -> String {
    let mut b = Browser::new();
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("client_id", "wandb-implicit")
        .append_pair("redirect_uri", CALLBACK)
        .append_pair("response_type", "id_token")
        .append_pair("response_mode", "form_post")
        .append_pair("scope", scope)
        .append_pair("nonce", "n-0S6_WzA2Mj")
        .append_pair("state", "s");
    let mut url = format!("{}/auth?{}", p.issuer, q.finish());
    let absolute = |l: &str| {
        if l.starts_with("http") {
            l.to_owned()
        } else {
            format!("{}{l}", p.issuer)
        }
    };
    // auth -> login interaction -> auth (resume) -> consent interaction -> auth -> form_post.
    for _ in 0..6 {
        let (status, location, body) = b.get(&url);
        if let Some(token) = form_value(&body, "id_token") {
            return token;
        }
        assert!(
            (300..400).contains(&status),
            "unexpected answer {status} at {url}: {body}"
        );
        let next = absolute(&location.unwrap());
        if next.contains("/interaction/") {
            let (_, _, page) = b.get(&next);
            let form: Vec<(&str, &str)> = if page.contains("name=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            };
            let (status, location, body) = b.post(&next, &form);
            assert!((300..400).contains(&status), "{status}: {body}");
            url = absolute(&location.unwrap());
        } else {
            url = next;
        }
    }
    panic!("no ID token after the login and consent steps");
}

/// `iamconf token FILE --discover` with this configuration.
fn judge(token: &str, env: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("id_token.txt");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let mut args = vec!["token", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args, env, None)
}

fn token_env(p: &Provider, client_id: &str) -> String {
    format!(
        "HOST=https://wandb.test\nOIDC_ISSUER={}\nOIDC_CLIENT_ID={client_id}\nGORILLA_ENABLE_SSO_GROUPS_CLAIMS=true\nGORILLA_USE_IDENTIFIER_CLAIMS=true\n",
        p.issuer
    )
}

fn assert_token_not_echoed(r: &Run, token: &str) {
    let signature = token.rsplit('.').next().unwrap();
    let payload = token.split('.').nth(1).unwrap();
    for text in [&r.stdout, &r.stderr] {
        assert!(!text.contains(token), "the token was printed");
        assert!(!text.contains(signature), "the signature was printed");
        assert!(!text.contains(payload), "the encoded payload was printed");
    }
}

#[test]
fn a_real_id_token_passes_and_another_clients_fails() {
    let p = start_provider(&[]);
    let token = id_token(&p, "ada", "openid profile email groups");

    let r = judge(&token, &token_env(&p, "wandb-implicit"), &["--discover"]);
    assert_eq!(r.code, 0, "{:#}\n{}", r.json, r.stderr);
    assert!(r.codes().is_empty(), "{:#}", r.json);
    assert_eq!(r.json["token"]["header"]["alg"], "RS256");
    assert_eq!(r.json["token"]["claims"]["email"], "ada@example.com");
    assert_eq!(
        r.json["token"]["claims"]["groups"],
        serde_json::json!(["ml-team", "admins"])
    );
    assert_token_not_echoed(&r, &token);

    // Standard input, human format: the header and claims, never the token.
    let out = Command::new(env!("CARGO_BIN_EXE_iamconf"))
        .env_clear()
        .args(["token", "-", "--no-env", "--env-file"])
        .arg({
            let dir = tempfile::tempdir().unwrap().keep();
            let f = dir.join("wandb.env");
            std::fs::write(&f, token_env(&p, "wandb-implicit")).unwrap();
            f
        })
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(token.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("ada@example.com") && text.contains("signature: (dropped)"),
        "{text}"
    );
    assert!(!text.contains(&token) && !text.contains(token.rsplit('.').next().unwrap()));

    // The same token judged for another client.
    let r = judge(&token, &token_env(&p, "wandb-pkce"), &[]);
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["token-audience-mismatch"], "{:#}", r.json);
    let d = r.find("token-audience-mismatch");
    assert_eq!(d["source"]["kind"], "token");
    assert!(
        d["message"].as_str().unwrap().contains("wandb-implicit"),
        "{d:#}"
    );
    assert_token_not_echoed(&r, &token);
}

#[test]
fn a_tampered_payload_fails_the_signature() {
    let p = start_provider(&[]);
    let token = id_token(&p, "ada", "openid profile email");
    let parts: Vec<&str> = token.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Json = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["email"] = Json::from("mallory@example.com");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        engine.encode(claims.to_string()),
        parts[2]
    );
    let env = format!(
        "HOST=https://wandb.test\nOIDC_ISSUER={}\nOIDC_CLIENT_ID=wandb-implicit\n",
        p.issuer
    );
    // Offline, the claims are all fine: only the signature tells.
    let r = judge(&tampered, &env, &[]);
    assert_eq!(r.code, 0, "{:#}", r.json);
    let r = judge(&tampered, &env, &["--discover"]);
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["token-signature-invalid"], "{:#}", r.json);
    assert_token_not_echoed(&r, &tampered);
    // The untouched token verifies.
    let r = judge(&token, &env, &["--discover"]);
    assert!(r.codes().is_empty(), "{:#}", r.json);
}

#[test]
fn an_es256_token_verifies_too() {
    let p = start_provider(&["--es256"]);
    let token = id_token(&p, "ada", "openid profile email");
    let r = judge(&token, &token_env_plain(&p), &["--discover"]);
    assert_eq!(r.json["token"]["header"]["alg"], "ES256", "{:#}", r.json);
    assert_eq!(r.code, 0, "{:#}\n{}", r.json, r.stderr);
    assert!(r.codes().is_empty(), "{:#}", r.json);
    // One changed byte of the signature.
    let mut bytes = token.into_bytes();
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    let r = judge(&tampered, &token_env_plain(&p), &["--discover"]);
    assert_eq!(r.codes(), ["token-signature-invalid"], "{:#}", r.json);
}

fn token_env_plain(p: &Provider) -> String {
    format!(
        "HOST=https://wandb.test\nOIDC_ISSUER={}\nOIDC_CLIENT_ID=wandb-implicit\n",
        p.issuer
    )
}

#[test]
fn group_guids_are_not_team_names() {
    let p = start_provider(&["--group-guids"]);
    let token = id_token(&p, "ada", "openid profile email groups");
    let r = judge(&token, &token_env(&p, "wandb-implicit"), &["--discover"]);
    // A warning: exit 0 unless --deny-warnings.
    assert_eq!(r.code, 0, "{:#}", r.json);
    assert_eq!(r.codes(), ["token-groups-not-team-names"], "{:#}", r.json);
    let r = judge(
        &token,
        &token_env(&p, "wandb-implicit"),
        &["--deny-warnings"],
    );
    assert_eq!(r.code, 1, "{:#}", r.json);
}

#[test]
fn malformed_and_unreadable_tokens() {
    let env = "OIDC_ISSUER=https://idp.example.com\nOIDC_CLIENT_ID=wandb\n";
    let r = run(&["token", "-"], env, Some("eyJhbGciOiJSUzI1NiJ9.eyJpc3Mi"));
    assert_eq!(r.code, 1, "{:#}", r.json);
    assert_eq!(r.codes(), ["token-malformed"], "{:#}", r.json);
    assert!(!r.stdout.contains("eyJpc3Mi"));
    let r = run(&["token", "/nonexistent/token.txt"], env, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
}

// ---- What exactly is sent ---------------------------------------------------------------------

/// One request a recording provider received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    head: String,
    body: String,
}

/// A provider on 127.0.0.1 that records every request; its authorization endpoint redirects to
/// its login page (which must never be requested) and its token endpoint answers
/// `invalid_grant`. `auth_refuses`: the authorization endpoint answers an error page instead.
fn recording_idp(auth_refuses: bool) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Seen>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let doc = serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize?tenant=t1"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "jwks_uri": format!("{issuer}/keys"),
        "response_types_supported": ["code", "id_token"],
        "response_modes_supported": ["query", "form_post"],
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": ["RS256"],
    })
    .to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut data = Vec::new();
            let mut buf = [0u8; 8192];
            let header_end = loop {
                if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break data.len(),
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            };
            let head = String::from_utf8_lossy(&data[..header_end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while data.len() < header_end + length {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            }
            let mut words = head.split(' ');
            let method = words.next().unwrap_or_default().to_owned();
            let target = words.next().unwrap_or_default().to_owned();
            log.lock().unwrap().push(Seen {
                method,
                target: target.clone(),
                head: head.clone(),
                body: String::from_utf8_lossy(&data[header_end..]).into_owned(),
            });
            let (status, location, body) = if target.starts_with("/.well-known/") {
                ("200 OK", None, doc.clone())
            } else if target.starts_with("/keys") {
                (
                    "200 OK",
                    None,
                    r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#.to_owned(),
                )
            } else if target.starts_with("/authorize") && auth_refuses {
                (
                    "400 Bad Request",
                    None,
                    "<html><title>Error</title><p>invalid_request: redirect_uri mismatch</p></html>"
                        .to_owned(),
                )
            } else if target.starts_with("/authorize") {
                ("302 Found", Some("/login?session=x"), String::new())
            } else if target.starts_with("/oauth/token") {
                (
                    "400 Bad Request",
                    None,
                    r#"{"error":"invalid_grant"}"#.to_owned(),
                )
            } else {
                (
                    "200 OK",
                    None,
                    "<form><input type=password></form>".to_owned(),
                )
            };
            let mut response = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            if let Some(l) = location {
                response.push_str(&format!("Location: {l}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(&body);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (issuer, seen)
}

fn query(target: &str) -> BTreeMap<String, String> {
    let q = target.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn pkce_probe_sends_exactly_wandbs_requests_and_never_follows_the_login() {
    let (issuer, seen) = recording_idp(false);
    let env = format!(
        "HOST=https://wandb.example.com/\nOIDC_ISSUER={issuer}\nOIDC_CLIENT_ID=my client\nOIDC_AUTH_METHOD=pkce\nGORILLA_OIDC_SECRET=p@ss:word\nGORILLA_OIDC_CUSTOM_SCOPES=groups,offline_access\n"
    );
    let r = run(&["check", "--probe"], &env, None);
    assert_eq!(r.code, 0, "{:#}\n{}", r.json, r.stderr);
    assert!(r.codes().is_empty(), "{:#}", r.json);
    let seen = seen.lock().unwrap().clone();
    let targets: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.target.split('?').next().unwrap()))
        .collect();
    // Discovery, keys, the authorization request, the token exchange: two probe requests, and
    // the login page is never requested.
    assert_eq!(
        targets,
        [
            "GET /.well-known/openid-configuration",
            "GET /keys",
            "GET /authorize",
            "POST /oauth/token"
        ]
    );
    let auth = query(&seen[2].target);
    assert_eq!(auth["tenant"], "t1", "the endpoint's own query is kept");
    assert_eq!(auth["client_id"], "my client");
    assert_eq!(
        auth["redirect_uri"],
        "https://wandb.example.com/oidc/callback"
    );
    assert_eq!(auth["response_type"], "code");
    assert_eq!(auth["code_challenge_method"], "S256");
    assert_eq!(auth["code_challenge"].len(), 43);
    assert_eq!(auth["scope"], "openid profile email groups offline_access");
    assert!(!auth.contains_key("response_mode"));
    // The token exchange: an unusable code, HTTP Basic with the form-encoded id and secret.
    let token = &seen[3];
    let form: BTreeMap<String, String> = url::form_urlencoded::parse(token.body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(form["grant_type"], "authorization_code");
    assert!(form["code"].starts_with("iamconf-probe-unusable-"));
    assert_eq!(
        form["redirect_uri"],
        "https://wandb.example.com/oidc/callback"
    );
    assert!(!form.contains_key("client_secret"));
    let basic = base64::engine::general_purpose::STANDARD.encode("my+client:p%40ss%3Aword");
    assert!(
        token
            .head
            .contains(&format!("authorization: Basic {basic}"))
            || token
                .head
                .contains(&format!("Authorization: Basic {basic}")),
        "{}",
        token.head
    );
    // The secret went nowhere else.
    for s in &seen[..3] {
        assert!(
            !s.head.contains("Basic") && !s.target.contains("p%40ss"),
            "{s:?}"
        );
    }
}

#[test]
fn implicit_probe_sends_one_request_or_two_when_refused() {
    let (issuer, seen) = recording_idp(false);
    let env = format!(
        "HOST=https://wandb.example.com\nOIDC_ISSUER={issuer}\nOIDC_CLIENT_ID=abc\nGORILLA_OIDC_SECRET=unused-by-implicit\n"
    );
    let r = run(&["check", "--probe"], &env, None);
    assert_eq!(r.code, 0, "{:#}", r.json);
    let seen_now = seen.lock().unwrap().clone();
    assert_eq!(seen_now.len(), 3, "{seen_now:?}");
    let auth = query(&seen_now[2].target);
    assert_eq!(auth["response_type"], "id_token");
    assert_eq!(auth["response_mode"], "form_post");
    assert!(auth["nonce"].len() >= 16);
    assert!(!auth.contains_key("code_challenge"));

    // Refused without a redirect: the same request again without redirect_uri. Both refused
    // alike, and the page names the redirect URI: the redirect URI is the cause.
    let (issuer, seen) = recording_idp(true);
    let env = format!("HOST=https://wandb.example.com\nOIDC_ISSUER={issuer}\nOIDC_CLIENT_ID=abc\n");
    let r = run(&["check", "--probe"], &env, None);
    assert_eq!(r.codes(), ["probe-redirect-uri-rejected"], "{:#}", r.json);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(query(&seen[2].target).contains_key("redirect_uri"));
    assert!(!query(&seen[3].target).contains_key("redirect_uri"));
}
