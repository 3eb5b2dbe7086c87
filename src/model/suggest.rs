//! "Did you mean": the edit distance, the nearest of a list of candidates, and the fast
//! nearest declared variable name. Every suggestion of the crate (variable names, chart keys,
//! config-file keys, rule codes) goes through here.

use crate::model::declaration;

/// Levenshtein distance (with adjacent transpositions counting as one edit).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate nearest to `name` within `limit` edits; among equally near ones, the first.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    nearest_by(candidates, |c| edit_distance(name, c), |_| limit)
}

/// The candidate with the smallest `distance` that is within its own `limit`; among equally
/// near ones, the first. The one selection every "did you mean" of the crate makes.
pub(crate) fn nearest_by<'a>(
    candidates: impl IntoIterator<Item = &'a str>,
    distance: impl Fn(&str) -> usize,
    limit: impl Fn(&str) -> usize,
) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = distance(c);
        if d <= limit(c) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The known name nearest to `name`, if it is close: within 2 edits (1 for names of 5 letters or
/// fewer, where 2 edits would match unrelated words such as `HOME` for `HOST`).
pub(crate) fn did_you_mean(name: &str) -> Option<&'static str> {
    /// A known name, its declaration order (which breaks ties), its character bag and the set
    /// of its characters.
    type Known = (&'static str, usize, Bag, u64);
    /// Sorted by length, so that only the names of about the right length are looked at.
    static KNOWN: std::sync::OnceLock<Vec<Known>> = std::sync::OnceLock::new();
    let known_bags = KNOWN.get_or_init(|| {
        let mut known: Vec<Known> = declaration::known_names()
            .enumerate()
            .map(|(order, k)| (k, order, bag(k), char_set(&bag(k))))
            .collect();
        known.sort_by_key(|(k, _, _, _)| k.len());
        known
    });
    let name_bag = bag(name);
    let name_set = char_set(&name_bag);
    let length = name.chars().count();
    // No limit exceeds 2, and the distance is at least the difference in length (known names
    // are ASCII): only names of length `length - 2 ..= length + 2` can match.
    let first = known_bags.partition_point(|(k, _, _, _)| k.len() + 2 < length);
    let near = known_bags[first..]
        .iter()
        .take_while(|(k, _, _, _)| k.len() <= length + 2);
    // Built only once a known name passes the cheap filters: most unknown names pass none.
    let mut upper = ['\0'; ROW + 2];
    let mut upper_len = 0;
    let mut rows = [[0u8; ROW]; 3];
    // The nearest name; among equally near ones, the first declared.
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (known, order, known_bag, known_set) in near {
        let known = *known;
        let limit = if known.len() <= 5 { 1 } else { 2 };
        // The distance is also at least the bag distance (characters one has and the other
        // lacks), and that is at least the number of distinct characters one has and the other
        // lacks: skip the names that cannot be within the limit without computing it.
        if length.abs_diff(known.len()) > limit
            || set_distance(name_set, *known_set) > limit
            || bag_distance(&name_bag, known_bag) > limit
        {
            continue;
        }
        if upper_len == 0 {
            // Fits: the name is at most 2 characters longer than a known name.
            for (slot, c) in upper.iter_mut().zip(name.chars()) {
                *slot = c.to_ascii_uppercase();
                upper_len += 1;
            }
        }
        let upper = &upper[..upper_len];
        let Some(d) = distance_within(upper, known.as_bytes(), limit, &mut rows) else {
            continue;
        };
        if best.is_none_or(|(bd, bo, _)| (d, *order) < (bd, bo)) {
            best = Some((d, *order, known));
        }
    }
    best.map(|(_, _, n)| n)
}

/// How many times each character occurs in a name (case-insensitive; A-Z, 0-9, `_`, other).
type Bag = [u8; 38];

fn bag(name: &str) -> Bag {
    let mut b = [0u8; 38];
    for c in name.bytes() {
        let i = match c.to_ascii_uppercase() {
            c @ b'A'..=b'Z' => usize::from(c - b'A'),
            c @ b'0'..=b'9' => 26 + usize::from(c - b'0'),
            b'_' => 36,
            _ => 37,
        };
        b[i] = b[i].saturating_add(1);
    }
    b
}

/// The characters of a bag, one bit each.
fn char_set(bag: &Bag) -> u64 {
    bag.iter()
        .enumerate()
        .fold(0, |set, (i, n)| if *n > 0 { set | 1 << i } else { set })
}

/// A lower bound of [`bag_distance`]: a character one name has and the other lacks takes at
/// least one edit.
fn set_distance(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

/// A lower bound of the edit distance: an edit changes the character counts by at most one on
/// each side, a transposition not at all.
fn bag_distance(a: &Bag, b: &Bag) -> usize {
    // Without branches, so that the compiler can use vector instructions.
    let excess = |a: &Bag, b: &Bag| -> usize {
        a.iter()
            .zip(b)
            .map(|(x, y)| usize::from(x.saturating_sub(*y)))
            .sum()
    };
    excess(a, b).max(excess(b, a))
}

/// [`edit_distance`] from `a` to the ASCII name `b` when it is at most `limit`, else `None`.
/// Cells are capped at `limit + 1` (which keeps every value up to the limit exact), only the band
/// `|i - j| <= limit` is computed (a cell outside it is at least `|i - j|`, so it is the cap), and
/// the loop stops once two consecutive rows exceed the limit (no later cell can come back under
/// it). The rows are the caller's, on the stack: `b` is a known name, shorter than [`ROW`] (a
/// test checks it); a longer `b` is never within the limit here.
fn distance_within(a: &[char], b: &[u8], limit: usize, rows: &mut [[u8; ROW]; 3]) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit || b.len() >= ROW {
        return None;
    }
    // Cells hold at most the cap, so a byte each.
    let Ok(cap) = u8::try_from(limit + 1) else {
        return None;
    };
    let capped = |n: usize| u8::try_from(n).map_or(cap, |n| n.min(cap));
    let [mut prev2, mut prev, mut cur] = rows.each_mut();
    // Cells are written only inside the band; every cell outside it must read as the cap.
    prev2[..=b.len()].fill(cap);
    for (j, cell) in prev[..=b.len()].iter_mut().enumerate() {
        *cell = capped(j);
    }
    cur[..=b.len()].fill(cap);
    let mut prev_min = 0;
    for i in 1..=a.len() {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(b.len());
        cur[0] = capped(i);
        // The cell left of the band still holds a value of three rows ago.
        cur[lo - 1] = if lo == 1 { cur[0] } else { cap };
        let mut cur_min = cur[0];
        for j in lo..=hi {
            let bj = char::from(b[j - 1]);
            let cost = u8::from(a[i - 1] != bj);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == char::from(b[j - 2]) && a[i - 2] == bj {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d.min(cap);
            cur_min = cur_min.min(cur[j]);
        }
        if cur_min >= cap && prev_min >= cap {
            return None;
        }
        prev_min = cur_min;
        // Rotate the rows (the references, not the cells).
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(usize::from(prev[b.len()])).filter(|d| *d <= limit)
}

/// The length of a row of [`distance_within`]: more than the longest known name.
const ROW: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("OIDC_ISUER", "OIDC_ISSUER"), 1);
        assert_eq!(edit_distance("HOME", "HOST"), 2);
        assert_eq!(did_you_mean("OIDC_ISUER"), Some("OIDC_ISSUER"));
        assert_eq!(did_you_mean("HOME"), None);
        assert_eq!(did_you_mean("LICENCE"), Some("LICENSE"));
        assert_eq!(did_you_mean("OIDC_CLINET_ID"), Some("OIDC_CLIENT_ID"));
        // did_you_mean's length filter counts a known name's bytes as its characters.
        assert!(declaration::known_names().all(|n| n.is_ascii()));
    }

    /// `did_you_mean` as first written: every known name in declaration order, the first of the
    /// nearest winning.
    fn did_you_mean_by_scan(name: &str) -> Option<&'static str> {
        let upper = name.to_ascii_uppercase();
        let mut best: Option<(usize, &'static str)> = None;
        for known in declaration::known_names() {
            let limit = if known.len() <= 5 { 1 } else { 2 };
            let d = edit_distance(&upper, known);
            if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, known));
            }
        }
        best.map(|(_, n)| n)
    }

    #[test]
    fn did_you_mean_agrees_with_a_scan_of_every_name() {
        let mut names: Vec<String> = [
            "OIDC_ISUER",
            "HOTS",
            "HOME",
            "LICENCE",
            "",
            "X",
            "É_OIDC",
            "KUBERNETES_SERVICE_HOST",
            "oidc_issuer",
            "SESION_LENGTH",
            "LOCAL_RESTROE",
            "GORILLA_OIDC_SECERT",
            "MYSQLL",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Every known name with one character dropped, doubled or changed, and two swapped.
        for known in declaration::known_names() {
            for i in 0..known.len() {
                let mut dropped = known.to_owned();
                dropped.remove(i);
                let mut doubled = known.to_owned();
                doubled.insert(i, known.as_bytes()[i] as char);
                let mut changed = known.to_owned();
                changed.replace_range(i..=i, "Q");
                names.extend([dropped, doubled, changed]);
                if i + 1 < known.len() {
                    let mut swapped: Vec<char> = known.chars().collect();
                    swapped.swap(i, i + 1);
                    names.push(swapped.into_iter().collect());
                }
            }
        }
        for name in &names {
            assert_eq!(did_you_mean(name), did_you_mean_by_scan(name), "{name}");
        }
    }

    #[test]
    fn bounded_distance_agrees_with_edit_distance() {
        let names = [
            "OIDC_ISUER",
            "OIDC_ISSUER",
            "KUBERNETES_SERVICE_HOST",
            "GORILLA_OIDC_SECERT",
            "HOTS",
            "HOST",
            "LICENCE",
            "",
            "É_OIDC",
            "LOCAL_RESTROE",
            "SESION_LENGTH",
            "LDAP_BIND_DN",
            "GORILLA_OIDC_CLIENTID",
            "LOCAL_LDAP_LOGNI",
            "HOST_",
            "_HOST",
            "SLACK_SECRET_FILE",
        ];
        let mut rows = [[0u8; ROW]; 3];
        assert!(declaration::known_names().all(|n| n.len() < ROW));
        for a in names {
            let chars: Vec<char> = a.chars().collect();
            for b in declaration::known_names() {
                for limit in 0..=2 {
                    let d = edit_distance(a, b);
                    assert_eq!(
                        distance_within(&chars, b.as_bytes(), limit, &mut rows),
                        (d <= limit).then_some(d),
                        "{a} / {b} within {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn nearest_within_the_limit_first_wins() {
        assert_eq!(edit_distance("OIDC_ISUER", "OIDC_ISSUER"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(nearest("hots", ["host", "hosts"], 1), Some("host"));
        assert_eq!(nearest("abc", ["xyz"], 2), None);
        assert_eq!(nearest("ab", ["ac", "ad"], 1), Some("ac"));
    }
}
