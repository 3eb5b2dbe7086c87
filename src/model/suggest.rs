//! "Did you mean": the edit distance and the nearest of a list of candidates. Every suggestion
//! of the crate (variable names, chart keys, config-file keys, rule codes) goes through here.

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
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = edit_distance(name, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_within_the_limit_first_wins() {
        assert_eq!(edit_distance("OIDC_ISUER", "OIDC_ISSUER"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(nearest("hots", ["host", "hosts"], 1), Some("host"));
        assert_eq!(nearest("abc", ["xyz"], 2), None);
        assert_eq!(nearest("ab", ["ac", "ad"], 1), Some("ac"));
    }
}
