//! The HTTP client of the online check: ureq (blocking, rustls with ring, no OpenSSL) with
//! connect and total timeouts, a size limit, a User-Agent, extra root certificates and a
//! redirect policy enforced by following redirects by hand.

use std::time::{Duration, Instant};

use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::model::secret::redact_url;

/// The largest discovery document accepted.
pub(crate) const MAX_BODY: u64 = 1 << 20;

/// How many redirects are followed at most.
const MAX_REDIRECTS: usize = 5;

/// The `User-Agent` sent.
pub(crate) const USER_AGENT: &str = concat!("iamconf/", env!("CARGO_PKG_VERSION"));

/// A fetched body and the URL it finally came from.
#[derive(Debug)]
pub(crate) struct Fetched {
    /// The URL of the last request (after redirects).
    pub(crate) url: String,
    /// The body (at most [`MAX_BODY`] bytes).
    pub(crate) body: Vec<u8>,
}

/// Why a fetch failed, for the `discovery-unreachable` message; never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchError {
    /// The cause, one line.
    pub(crate) cause: String,
    /// The URL (redacted) of the request that failed.
    pub(crate) url: String,
}

/// Client settings.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    /// Total time for the whole fetch, redirects and body included.
    pub(crate) timeout: Duration,
    /// Time to set up a connection (DNS, TCP, TLS).
    pub(crate) connect_timeout: Duration,
    /// Root certificates trusted besides Mozilla's (from `--ca-cert`).
    pub(crate) extra_roots: Vec<Certificate<'static>>,
}

/// Whether `host` (as `url` prints it) is a loopback address or `localhost`.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// The cause of a ureq error, in words.
fn describe(
    e: &ureq::Error,
    host: &str,
    https: bool,
    timeout: Duration,
    connect: Duration,
) -> String {
    match e {
        ureq::Error::HostNotFound => format!("DNS: host {host:?} not found"),
        ureq::Error::Timeout(ureq::Timeout::Connect) => {
            format!("timed out connecting to {host:?} (connect timeout {connect:?})")
        }
        ureq::Error::Timeout(ureq::Timeout::Resolve) => {
            format!("DNS: timed out resolving {host:?}")
        }
        ureq::Error::Timeout(t) => {
            format!(
                "timed out after {:.1} s without a complete response ({t} timeout)",
                timeout.as_secs_f64()
            )
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                format!("connection refused by {host:?}")
            }
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                format!("timed out talking to {host:?}")
            }
            // rustls reports handshake and certificate failures as `InvalidData`.
            std::io::ErrorKind::InvalidData if https => format!("TLS error: {io}"),
            // The system resolver's failure (`getaddrinfo`), as std words it.
            _ if io.to_string().contains("lookup address") => {
                format!("DNS: cannot resolve host {host:?} ({io})")
            }
            _ => format!("network error talking to {host:?}: {io}"),
        },
        ureq::Error::Rustls(t) => format!("TLS error: {t}"),
        ureq::Error::Tls(t) => format!("TLS error: {t}"),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("the response is larger than the limit of {MAX_BODY} bytes (1 MiB)")
        }
        ureq::Error::StatusCode(code) => format!("HTTP status {code}"),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => "the URL is not valid".to_owned(),
        ureq::Error::ConnectionFailed => format!("cannot connect to {host:?}"),
        other => other.to_string(),
    }
}

impl Client {
    fn agent(&self) -> ureq::Agent {
        let roots = if self.extra_roots.is_empty() {
            RootCerts::WebPki
        } else {
            let mut all: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                .collect();
            all.extend(self.extra_roots.iter().cloned());
            RootCerts::new_with_certs(&all)
        };
        ureq::Agent::config_builder()
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .timeout_global(Some(self.timeout))
            .timeout_connect(Some(self.connect_timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .accept("application/json")
            .build()
            .new_agent()
    }

    /// GETs `url`, following redirects to `https` only (or to loopback `http` when `url` is
    /// itself loopback `http`), within the total timeout; the body must be at most
    /// [`MAX_BODY`] bytes and the final status 200.
    pub(crate) fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let start = Instant::now();
        let err = |cause: String, at: &str| FetchError {
            cause,
            url: redact_url(at),
        };
        let first = url::Url::parse(url).map_err(|e| err(format!("not a valid URL: {e}"), url))?;
        let loopback_http = first.scheme() == "http" && is_loopback(&first);
        if !matches!(first.scheme(), "https" | "http") {
            return Err(err(
                format!("not an http(s) URL (scheme {:?})", first.scheme()),
                url,
            ));
        }
        let agent = self.agent();
        // Fetch the URL as given (byte-exact), not as `url::Url` re-prints it.
        let mut current = url.to_owned();
        let mut current_parsed = first;
        for _ in 0..=MAX_REDIRECTS {
            let host = current_parsed.host_str().unwrap_or_default().to_owned();
            let https = current_parsed.scheme() == "https";
            let Some(remaining) = self.timeout.checked_sub(start.elapsed()) else {
                return Err(err(
                    format!(
                        "timed out after {:.1} s (following redirects)",
                        self.timeout.as_secs_f64()
                    ),
                    &current,
                ));
            };
            let mut response = agent
                .get(&current)
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| {
                    err(
                        describe(&e, &host, https, self.timeout, self.connect_timeout),
                        &current,
                    )
                })?;
            let status = response.status();
            if status.is_redirection() {
                let Some(location) = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                else {
                    return Err(err(
                        format!("HTTP status {status} without a Location header"),
                        &current,
                    ));
                };
                let next = current_parsed.join(location).map_err(|_| {
                    err(
                        format!("HTTP status {status} to an invalid Location"),
                        &current,
                    )
                })?;
                let allowed = next.scheme() == "https"
                    || (loopback_http && next.scheme() == "http" && is_loopback(&next));
                if !allowed {
                    return Err(err(
                        format!(
                            "redirect refused: {status} to {:?}, which is not https",
                            redact_url(next.as_str())
                        ),
                        &current,
                    ));
                }
                current = next.to_string();
                current_parsed = next;
                continue;
            }
            if status != ureq::http::StatusCode::OK {
                return Err(err(format!("HTTP status {status}, not 200"), &current));
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_vec()
                .map_err(|e| {
                    err(
                        describe(&e, &host, https, self.timeout, self.connect_timeout),
                        &current,
                    )
                })?;
            return Ok(Fetched { url: current, body });
        }
        Err(err(
            format!("more than {MAX_REDIRECTS} redirects"),
            &current,
        ))
    }
}

/// One request of the probe: never followed when it redirects.
#[derive(Debug)]
pub(crate) enum Request<'a> {
    /// A GET (the authorization request; its parameters are in the URL).
    Get,
    /// A POST of `application/x-www-form-urlencoded` fields, with HTTP Basic client
    /// authentication when `basic` is given (RFC 6749 2.3.1: each part form-urlencoded).
    PostForm {
        /// The form fields.
        form: &'a [(&'a str, &'a str)],
        /// Client id and secret for HTTP Basic.
        basic: Option<(&'a str, &'a str)>,
    },
}

/// An answer to one request, whatever its status.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The `Location` header, if any.
    pub(crate) location: Option<String>,
    /// The body (at most [`MAX_BODY`] bytes).
    pub(crate) body: Vec<u8>,
}

/// The `Authorization` header value of HTTP Basic client authentication (RFC 6749 2.3.1).
fn basic_auth(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", enc(id), enc(secret));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

impl Client {
    /// Sends one request to `url` (https, or http to a loopback host) and returns the answer
    /// as it is: a redirect is not followed, any status is an answer.
    pub(crate) fn send(&self, url: &str, request: &Request<'_>) -> Result<Answer, FetchError> {
        let err = |cause: String| FetchError {
            cause,
            url: redact_url(url),
        };
        let parsed = url::Url::parse(url).map_err(|e| err(format!("not a valid URL: {e}")))?;
        let https = parsed.scheme() == "https";
        if !(https || (parsed.scheme() == "http" && is_loopback(&parsed))) {
            return Err(err(format!(
                "refused to send to a {:?} URL that is not https (only loopback hosts may use http)",
                parsed.scheme()
            )));
        }
        let host = parsed.host_str().unwrap_or_default().to_owned();
        let agent = self.agent();
        let describe = |e: &ureq::Error| {
            err(describe(
                e,
                &host,
                https,
                self.timeout,
                self.connect_timeout,
            ))
        };
        let result = match request {
            Request::Get => agent
                .get(url)
                .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
                .call(),
            Request::PostForm { form, basic } => {
                let mut builder = agent.post(url);
                if let Some((id, secret)) = basic {
                    builder = builder.header("Authorization", basic_auth(id, secret));
                }
                builder.send_form(form.iter().copied())
            }
        };
        let mut response = result.map_err(|e| describe(&e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header("location");
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| describe(&e))?;
        Ok(Answer {
            status,
            location,
            body,
        })
    }
}

/// Reads the PEM certificates of `--ca-cert FILE`.
pub(crate) fn read_ca_file(path: &std::path::Path) -> Result<Vec<Certificate<'static>>, String> {
    let bytes = crate::input::bounded::read(path, crate::input::bounded::Purpose::CaBundle)
        .map_err(|e| format!("cannot read --ca-cert file {}: {e}", path.display()))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "--ca-cert file {} is not valid PEM: {e}",
                    path.display()
                ));
            }
        }
    }
    if certs.is_empty() {
        return Err(format!(
            "--ca-cert file {} holds no PEM certificate",
            path.display()
        ));
    }
    Ok(certs)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn client(timeout: f64) -> Client {
        Client {
            timeout: Duration::from_secs_f64(timeout),
            connect_timeout: Duration::from_secs(5),
            extra_roots: Vec::new(),
        }
    }

    /// Serves each of `responses` once, in order, on 127.0.0.1; returns the base URL.
    fn serve(responses: Vec<Vec<u8>>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                // Read a request body too (a POST), so that closing does not reset it.
                let head = String::from_utf8_lossy(&seen).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                let header_end = seen
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .map_or(seen.len(), |i| i + 4);
                let mut have = seen.len() - header_end;
                while have < length {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => have += n,
                    }
                }
                let _ = stream.write_all(&response);
            }
        });
        format!("http://{addr}")
    }

    fn ok(body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn redirect(to: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn fetches_and_follows_loopback_redirects() {
        let base = serve(vec![redirect("/next"), ok(b"{}")]);
        let f = client(5.0).get(&format!("{base}/start")).unwrap();
        assert_eq!(f.body, b"{}");
        assert!(f.url.ends_with("/next"), "{}", f.url);
    }

    #[test]
    fn refuses_redirect_to_plain_http_elsewhere() {
        let base = serve(vec![redirect("http://example.com/x")]);
        let e = client(5.0).get(&format!("{base}/start")).unwrap_err();
        assert!(e.cause.contains("redirect refused"), "{e:?}");
    }

    #[test]
    fn status_and_size_limit() {
        let base = serve(vec![
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        ]);
        let e = client(5.0).get(&base).unwrap_err();
        assert!(e.cause.contains("404"), "{e:?}");
        let big = vec![b' '; (MAX_BODY as usize) + 10];
        let base = serve(vec![ok(&big)]);
        let e = client(5.0).get(&base).unwrap_err();
        assert!(e.cause.contains("1 MiB"), "{e:?}");
    }

    #[test]
    fn refused_connection_and_bad_ca_file() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let e = client(5.0)
            .get(&format!("http://127.0.0.1:{port}/"))
            .unwrap_err();
        assert!(e.cause.contains("refused"), "{e:?}");
        let e = client(5.0).get("ftp://x/").unwrap_err();
        assert!(e.cause.contains("not an http(s) URL"), "{e:?}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ca.pem");
        std::fs::write(&p, "not pem").unwrap();
        assert!(read_ca_file(&p).unwrap_err().contains("no PEM certificate"));
        assert!(
            read_ca_file(&dir.path().join("missing.pem"))
                .unwrap_err()
                .contains("cannot read")
        );
    }

    #[test]
    fn unknown_host_is_a_dns_error() {
        // `.invalid` never resolves (RFC 2606).
        let e = client(5.0)
            .get("https://iamconf-test.invalid/.well-known/openid-configuration")
            .unwrap_err();
        assert!(e.cause.starts_with("DNS"), "{e:?}");
    }

    #[test]
    fn send_returns_any_answer_and_never_follows() {
        let base = serve(vec![
            redirect("https://idp.example.com/login"),
            b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n{\"error\":\"invalid_client\"}".to_vec(),
        ]);
        let a = client(5.0)
            .send(&format!("{base}/auth"), &Request::Get)
            .unwrap();
        assert_eq!(a.status, 302);
        assert_eq!(a.location.as_deref(), Some("https://idp.example.com/login"));
        let form = [("grant_type", "authorization_code")];
        let a = client(5.0)
            .send(
                &format!("{base}/token"),
                &Request::PostForm {
                    form: &form,
                    basic: Some(("id", "s")),
                },
            )
            .unwrap();
        assert_eq!(a.status, 400);
        assert_eq!(a.body, br#"{"error":"invalid_client"}"#);
        let e = client(5.0)
            .send("http://example.com/token", &Request::Get)
            .unwrap_err();
        assert!(e.cause.contains("not https"), "{e:?}");
    }

    #[test]
    fn basic_auth_form_encodes_both_parts() {
        // RFC 6749 2.3.1: `a:b` -> `a%3Ab`; base64 of "a%3Ab:p+w" is "YSUzQWI6cCt3".
        assert_eq!(basic_auth("a:b", "p w"), "Basic YSUzQWI6cCt3");
    }

    #[test]
    fn user_agent_names_iamconf() {
        assert!(USER_AGENT.starts_with("iamconf/"));
    }
}
