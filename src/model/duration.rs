//! Go's `time.ParseDuration` and `Duration.String`, exactly: W&B Server is written in Go and reads
//! `GORILLA_SESSION_LENGTH` (and `GORILLA_GLUE_SESSION_LENGTH`) with them, so a value is valid
//! here exactly when it is valid there (`90m`, `1h30m`, `1.5h`, `+2h`, `0`).

use std::fmt;

/// Nanoseconds in each unit Go accepts.
const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),  // U+00B5 micro sign
    ("\u{3bc}s", 1_000), // U+03BC Greek small letter mu
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Nanoseconds in an hour.
pub(crate) const HOUR: i64 = 3_600_000_000_000;

/// Why a text is not a Go duration (the wording of Go's errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DurationError {
    /// `time: invalid duration "x"`.
    Invalid,
    /// `time: missing unit in duration "x"` (a bare number such as `720`).
    MissingUnit,
    /// `time: unknown unit "d" in duration "x"`.
    UnknownUnit(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Invalid => f.write_str("not a Go duration"),
            DurationError::MissingUnit => f.write_str("a Go duration needs a unit"),
            // The "unit" is whatever text follows a number: mask any URL userinfo in it.
            DurationError::UnknownUnit(u) => write!(
                f,
                "`{}` is not a Go duration unit (ns, us, ms, s, m, h)",
                crate::model::secret::redact_url(u).escape_debug()
            ),
        }
    }
}

/// Consumes the leading `[0-9]*`; `Err` on overflow past 1<<63 (Go's `leadingInt`).
fn leading_int(s: &[u8]) -> Result<(u64, &[u8]), DurationError> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1 << 63) / 10 {
            return Err(DurationError::Invalid);
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1 << 63 {
            return Err(DurationError::Invalid);
        }
        i += 1;
    }
    Ok((x, &s[i..]))
}

/// Consumes the leading `[0-9]*` of a fraction, keeping what precision fits (Go's
/// `leadingFraction`): the digits, the scale, and the rest.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0_f64;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > ((1u64 << 63) - 1) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(s[i] - b'0');
                if y > 1 << 63 {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &s[i..])
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, in nanoseconds.
pub(crate) fn parse_go_duration(text: &str) -> Result<i64, DurationError> {
    let mut s = text.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(DurationError::Invalid);
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(DurationError::Invalid);
        }
        let before = s.len();
        let (v, rest) = leading_int(s)?;
        s = rest;
        let pre = before != s.len();
        let mut post = false;
        let (mut f, mut scale) = (0u64, 1.0f64);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let before = s.len();
            let (ff, sc, rest) = leading_fraction(s);
            (f, scale, s) = (ff, sc, rest);
            post = before != s.len();
        }
        if !pre && !post {
            return Err(DurationError::Invalid);
        }
        let i = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if i == 0 {
            return Err(DurationError::MissingUnit);
        }
        let (unit_bytes, rest) = s.split_at(i);
        s = rest;
        // The unit ends at an ASCII byte or the end, so it is whole UTF-8.
        let unit_text = String::from_utf8_lossy(unit_bytes);
        let Some(&(_, unit)) = UNITS.iter().find(|(u, _)| *u == unit_text) else {
            return Err(DurationError::UnknownUnit(unit_text.into_owned()));
        };
        if v > (1 << 63) / unit {
            return Err(DurationError::Invalid);
        }
        let mut v = v * unit;
        if f > 0 {
            // As Go: float64 keeps fractions of hours nanosecond-accurate.
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "Go's own float arithmetic, reproduced"
            )]
            let add = (f as f64 * (unit as f64 / scale)) as u64;
            v = v.saturating_add(add);
            if v > 1 << 63 {
                return Err(DurationError::Invalid);
            }
        }
        d = d.saturating_add(v);
        if d > 1 << 63 {
            return Err(DurationError::Invalid);
        }
    }
    if neg {
        // d <= 1<<63: the negation fits (1<<63 itself is i64::MIN).
        return Ok(0i64.wrapping_sub_unsigned(d));
    }
    i64::try_from(d).map_err(|_| DurationError::Invalid)
}

/// Go's `Duration.String` (`1h30m0s`, `1.5s`, `300ms`, `0s`).
pub(crate) fn format_go_duration(nanos: i64) -> String {
    if nanos == 0 {
        return "0s".to_owned();
    }
    let neg = nanos < 0;
    let u = nanos.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Sub-second: ns, µs or ms with a fraction.
        let (unit, prec) = if u < 1_000 {
            ("ns", 0)
        } else if u < 1_000_000 {
            ("\u{b5}s", 3)
        } else {
            ("ms", 6)
        };
        out.push_str(&fraction(u, prec));
        out.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&fraction(s * 1_000_000_000 + frac, 9));
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// `v / 10^prec` printed with the trailing zeros of the fraction removed (Go's `fmtFrac`).
fn fraction(v: u64, prec: u32) -> String {
    let p = 10u64.pow(prec);
    let (int, frac) = (v / p, v % p);
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = prec as usize);
    format!("{int}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;
    const M: i64 = 60 * S;

    #[test]
    fn go_parse_duration_cases() {
        // The table of Go's time/time_test.go parseDurationTests.
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("5s", 5 * S),
            ("30s", 30 * S),
            ("1478s", 1478 * S),
            ("-5s", -5 * S),
            ("+5s", 5 * S),
            ("-0", 0),
            ("+0", 0),
            ("5.0s", 5 * S),
            ("5.6s", 5 * S + 600_000_000),
            ("5.s", 5 * S),
            (".5s", 500_000_000),
            ("1.0s", S),
            ("1.00s", S),
            ("1.004s", S + 4_000_000),
            ("1.0040s", S + 4_000_000),
            ("100.00100s", 100 * S + 1_000_000),
            ("10ns", 10),
            ("11us", 11_000),
            ("12\u{b5}s", 12_000),
            ("12\u{3bc}s", 12_000),
            ("13ms", 13_000_000),
            ("14s", 14 * S),
            ("15m", 15 * M),
            ("16h", 16 * HOUR),
            ("3h30m", 3 * HOUR + 30 * M),
            ("10.5s4m", 4 * M + 10 * S + 500_000_000),
            ("-2m3.4s", -(2 * M + 3 * S + 400_000_000)),
            (
                "1h2m3s4ms5us6ns",
                HOUR + 2 * M + 3 * S + 4_000_000 + 5_000 + 6,
            ),
            ("39h9m14.425s", 39 * HOUR + 9 * M + 14 * S + 425_000_000),
            ("52763797000ns", 52_763_797_000),
            ("0.3333333333333333333h", 20 * M),
            ("9007199254740993ns", (1 << 53) + 1),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("-9223372036s854ms775us808ns", i64::MIN),
            ("-2562047h47m16.854775808s", i64::MIN),
            ("0.100000000000000000000h", 6 * M),
            ("0.830103483285477580700h", 49 * M + 48 * S + 372_539_827),
            ("90m", 90 * M),
            ("1h30m", 90 * M),
            ("1.5h", 90 * M),
            ("720h", 720 * HOUR),
        ];
        for (text, want) in ok {
            assert_eq!(parse_go_duration(text), Ok(*want), "{text}");
        }
        let bad = [
            "",
            "3",
            "-",
            "s",
            ".",
            "-.",
            ".s",
            "+.s",
            "1d",
            "\u{ffff}",
            "9223372036854775808ns",
            "9223372036854775.808us",
            "9223372036854ms775us808ns",
            "-9223372036854775809ns",
            "720",
            "1h 30m",
            " 1h",
            "1H",
        ];
        for text in bad {
            assert!(parse_go_duration(text).is_err(), "{text:?}");
        }
        assert_eq!(parse_go_duration("720"), Err(DurationError::MissingUnit));
        assert_eq!(
            parse_go_duration("30d"),
            Err(DurationError::UnknownUnit("d".into()))
        );
    }

    #[test]
    fn go_duration_string() {
        for (nanos, want) in [
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1\u{b5}s"),
            (2_200_000, "2.2ms"),
            (3_300_000_000, "3.3s"),
            (4 * M + 5 * S, "4m5s"),
            (4 * M + 5 * S + 1_000_000, "4m5.001s"),
            (5 * HOUR + 6 * M + 7 * S + 1_000_000, "5h6m7.001s"),
            (8 * M + 1, "8m0.000000001s"),
            (90 * M, "1h30m0s"),
            (-HOUR, "-1h0m0s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ] {
            assert_eq!(format_go_duration(nanos), want);
        }
    }
}
