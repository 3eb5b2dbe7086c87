//! Shared by the fuzz targets: the canary and the assertion that it is never printed.

/// Planted in a secret position of every input. It holds `@`, `#` and a blank, so that it can
/// never be read as a name (names are shown).
pub const CANARY: &str = "Zq#9 c@n4ry";
/// The part of the canary that must never appear, whatever the masking around it.
pub const CORE: &str = "c@n4ry";

/// Panics when a text shows the canary. Inputs that already hold it are skipped by the
/// targets: the fuzzer could place it in a non-secret position, where showing it is right.
pub fn assert_hidden(texts: &[String], what: &str) {
    for t in texts {
        assert!(!t.contains(CORE), "{what}: the canary was printed:\n{t}");
    }
}

/// Whether the fuzzer's own bytes hold the canary (or part of it).
pub fn holds_canary(data: &[u8]) -> bool {
    data.windows(4).any(|w| w == b"n4ry" || w == b"c@n4")
}
