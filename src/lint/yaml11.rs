//! How Go's YAML readers see a plain scalar, for the files those readers load.
//!
//! Helm reads values files (and the operator reads a `WeightsAndBiases` custom resource) with
//! `sigs.k8s.io/yaml`, which parses with its go-yaml v2 fork: YAML 1.1 scalar resolution. An
//! unquoted `yes`, `on`, `y` is the boolean `true`; `0777` is the octal integer 511; `1e3` is a
//! float. The tree is then converted to JSON and decoded into `interface{}`, so every number
//! becomes a `float64`, and a template prints it with Go's `%v`: `1000000` renders as `1e+06`,
//! `12345678` as `1.2345678e+07`. [`helm_render`] gives the text Helm puts into an env value
//! (`toString`), which is what the server reads and what the rules judge.
//!
//! Kubernetes manifests go through the same `sigs.k8s.io/yaml` (`YAMLToJSON`), but `kubectl`
//! converts them WITHOUT a typed target: an unquoted `value: yes` becomes the JSON boolean `true`
//! and the API server refuses the object (`cannot unmarshal bool into Go struct field
//! EnvVar...value of type string`); numbers fail the same way. Only a typed decode in Go code
//! (`yaml.Unmarshal(data, &corev1.EnvVar{})`) turns them into the strings `"true"` or `"24"`.
//! [`kubectl_rejects`] says when a manifest scalar that must be a string is one of those.
//!
//! Sources: `sigs.k8s.io/yaml` `yaml.go` (`convertToJSONableObject`: numbers and booleans become
//! strings only when the target field is a string), go-yaml v2 `resolve.go` (the YAML 1.1 tables
//! below), Helm 3 values loading (`chartutil.ReadValues` → `sigs.k8s.io/yaml.Unmarshal` into
//! `map[string]interface{}`), Go `fmt` `%v` for `float64` (`strconv.FormatFloat(f, 'g', -1, 64)`
//! with the exponent threshold 6 of the shortest form).

/// What a plain (unquoted) scalar is under YAML 1.1 as go-yaml v2 resolves it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Yaml11 {
    /// A string (also every quoted scalar).
    Str,
    /// `y Y yes Yes YES on On ON true True TRUE` and their negatives.
    Bool(bool),
    /// A decimal, octal (`0777`), hexadecimal (`0x1F`) or binary (`0b101`) integer, `_` allowed.
    Int(i128),
    /// A float (`1.5`, `1e3`, `.5`), or an integer too large for 64 bits.
    Float(f64),
    /// `.inf`, `-.inf`, `.nan`: JSON cannot hold them, so Helm fails on them.
    NotJson,
}

/// Resolves a scalar as go-yaml v2 does. Quoted scalars are always strings.
pub(crate) fn resolve(text: &str, quoted: bool) -> Yaml11 {
    if quoted {
        return Yaml11::Str;
    }
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Yaml11::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Yaml11::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Yaml11::NotJson,
        _ => {}
    }
    let Some(first) = text.chars().next() else {
        return Yaml11::Str;
    };
    if !(first.is_ascii_digit() || matches!(first, '+' | '-' | '.')) {
        return Yaml11::Str;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return Yaml11::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Yaml11::Float(f);
        }
    }
    Yaml11::Str
}

/// Go's `strconv.ParseInt(s, 0, 64)` (or `ParseUint`): sign, then `0x`, `0o`, `0b`, a leading
/// `0` for octal, or decimal.
fn parse_go_int(s: &str) -> Option<i128> {
    let (neg, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = rest.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    // ParseInt fits int64; ParseUint extends to uint64 for positive numbers.
    let v = if neg { -v } else { v };
    if v < i128::from(i64::MIN) || v > i128::from(u64::MAX) {
        return None;
    }
    Some(v)
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `fmt.Sprintf("%v", f)` for a `float64`: the shortest digits that read back as `f`, in
/// exponent form (`1e+06`, `1.5e-05`) when the exponent is below -4 or at least 6.
pub(crate) fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // Rust's `{:e}` is the shortest round-trip form, as Go's `-1` precision is.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let (head, tail) = digits.split_at(1);
        let frac = if tail.is_empty() {
            String::new()
        } else {
            format!(".{tail}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{head}{frac}e{esign}{:02}", exp.abs());
    }
    // Plain form: place the decimal point `exp + 1` digits in.
    let point = exp + 1;
    let body = if point <= 0 {
        let zeros = "0".repeat(usize::try_from(-point).unwrap_or(0));
        format!("0.{zeros}{digits}")
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if digits.len() <= point {
            format!("{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{body}")
}

/// The text Helm renders for a values scalar through `toString` (what an env value becomes).
pub(crate) fn helm_render(text: &str, quoted: bool) -> String {
    match resolve(text, quoted) {
        Yaml11::Str | Yaml11::NotJson => text.to_owned(),
        Yaml11::Bool(b) => b.to_string(),
        // Every number goes through float64 (JSON), whatever it looked like.
        #[allow(clippy::cast_precision_loss)]
        Yaml11::Int(i) => go_float(i as f64),
        Yaml11::Float(f) => go_float(f),
    }
}

/// Whether Helm's rendering of a values scalar differs from how it reads, in a way a person
/// would not expect (`yes` → `true`, `1000000` → `1e+06`, `0777` → `511`). The spellings Go's
/// `strconv.ParseBool` accepts for the same boolean (`True`, `TRUE`) are not a change.
pub(crate) fn helm_coerces(text: &str, quoted: bool) -> bool {
    let rendered = helm_render(text, quoted);
    if rendered == text {
        return false;
    }
    !matches!(
        (resolve(text, quoted), text),
        (Yaml11::Bool(true), "True" | "TRUE") | (Yaml11::Bool(false), "False" | "FALSE")
    )
}

/// What kubectl does with a plain scalar in a field that must be a string (an env `value`,
/// ConfigMap `data`): `Some(type)` when it is a YAML 1.1 boolean or number, which the API server
/// rejects ("cannot unmarshal bool into Go struct field EnvVar...value of type string").
pub(crate) fn kubectl_rejects(text: &str, quoted: bool) -> Option<&'static str> {
    match resolve(text, quoted) {
        Yaml11::Bool(_) => Some("boolean"),
        Yaml11::Int(_) | Yaml11::Float(_) => Some("number"),
        Yaml11::NotJson => Some("number that JSON cannot hold"),
        Yaml11::Str => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(resolve(t, false), Yaml11::Bool(true), "{t}");
            assert_eq!(helm_render(t, false), "true", "{t}");
        }
        for t in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(resolve(t, false), Yaml11::Bool(false), "{t}");
        }
        assert_eq!(resolve("yes", true), Yaml11::Str);
        assert_eq!(resolve("yEs", false), Yaml11::Str);
        assert_eq!(helm_render("yes", true), "yes");
    }

    #[test]
    fn numbers_print_as_go_float64() {
        for (written, rendered) in [
            ("24", "24"),
            ("720", "720"),
            ("100000", "100000"),
            ("1000000", "1e+06"),
            ("12345678", "1.2345678e+07"),
            ("1e3", "1000"),
            ("0777", "511"),
            ("0x1F", "31"),
            ("0b101", "5"),
            ("1_000", "1000"),
            ("1.5", "1.5"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("-3", "-3"),
            ("+7", "7"),
            ("08", "8"),
            ("1:30", "1:30"),
            ("2026-12-02", "2026-12-02"),
            ("123456789012345678", "1.2345678901234568e+17"),
        ] {
            assert_eq!(helm_render(written, false), rendered, "{written}");
        }
    }

    #[test]
    fn what_counts_as_coerced() {
        assert!(helm_coerces("yes", false));
        assert!(helm_coerces("on", false));
        assert!(helm_coerces("1000000", false));
        assert!(helm_coerces("0777", false));
        assert!(!helm_coerces("true", false));
        assert!(!helm_coerces("True", false));
        assert!(!helm_coerces("24", false));
        assert!(!helm_coerces("yes", true));
        assert!(!helm_coerces("pkce", false));
    }

    #[test]
    fn kubectl_rejects_non_strings() {
        assert_eq!(kubectl_rejects("yes", false), Some("boolean"));
        assert_eq!(kubectl_rejects("true", false), Some("boolean"));
        assert_eq!(kubectl_rejects("24", false), Some("number"));
        assert_eq!(kubectl_rejects("\"true\"", true), None);
        assert_eq!(kubectl_rejects("24h", false), None);
        assert_eq!(kubectl_rejects("1:30", false), None);
    }
}
