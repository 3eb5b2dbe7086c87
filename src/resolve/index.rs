//! The static index of every name the resolver looks for: each declared spelling, and the
//! `NAME_FILE` form of each secret's spelling, hashed once per process.

use std::sync::Arc;

use crate::model::declaration::VARIABLES;
use crate::model::spec::Spelling;

/// One name the resolver looks for: a declared spelling, or the `NAME_FILE` form of a secret's
/// spelling.
#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) spelling: Spelling,
    /// Whether this is the `NAME_FILE` form.
    pub(crate) via_file: bool,
    /// The name, shared with every [`Source`] of the process environment that names it.
    pub(crate) name: Arc<str>,
}

/// The hash of the static [`NameIndex`], FxHash's word-at-a-time mix: names are short, and a
/// fixed table of known names needs no protection against collisions chosen by an attacker (a
/// lookup costs at most a scan of the few dozen names). Eight bytes per multiplication, where a
/// byte-at-a-time hash such as FNV chains one multiplication per byte.
#[derive(Default)]
pub(crate) struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
}

/// Every name the resolver looks for, built once per process: slots in declaration order (each
/// setting's spellings in [`VarSpec::spellings`] order, each followed by its `NAME_FILE` form for
/// secrets), and a map from name to slot.
pub(crate) struct NameIndex {
    pub(crate) slots: Vec<Slot>,
    /// For each setting, its slots.
    pub(crate) ranges: Vec<std::ops::Range<usize>>,
    pub(crate) by_name:
        std::collections::HashMap<Arc<str>, usize, std::hash::BuildHasherDefault<NameHasher>>,
}

pub(crate) fn name_index() -> &'static NameIndex {
    static INDEX: std::sync::OnceLock<NameIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut slots = Vec::new();
        let mut ranges = Vec::with_capacity(VARIABLES.len());
        for spec in VARIABLES {
            let start = slots.len();
            for (name, spelling) in spec.spellings() {
                let mut push = |name: Arc<str>, via_file| {
                    slots.push(Slot {
                        spelling,
                        via_file,
                        name,
                    })
                };
                push(name.into(), false);
                if spec.secret {
                    push(format!("{name}_FILE").into(), true);
                }
            }
            ranges.push(start..slots.len());
        }
        let mut by_name = std::collections::HashMap::default();
        for (i, slot) in slots.iter().enumerate() {
            // A name is declared once (a test checks it); the first slot would win otherwise.
            by_name.entry(slot.name.clone()).or_insert(i);
        }
        NameIndex {
            slots,
            ranges,
            by_name,
        }
    })
}

/// Where the resolver files a name it looks for (see [`lookup`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameSlot(pub(crate) usize);

/// Looks a name up in the resolver's index: its slot and the shared copy of the name (so that a
/// process-environment [`Source`] need not allocate its own), or `None` for a name the resolver
/// does not look for (a declared spelling or a secret's `NAME_FILE`). The loader looks each process-environment name up
/// once, and hands the slot to the resolver with the entry (see [`Environment::push_looked_up`]).
pub(crate) fn lookup(name: &str) -> Option<(NameSlot, Arc<str>)> {
    let index = name_index();
    index
        .by_name
        .get(name)
        .map(|&i| (NameSlot(i), index.slots[i].name.clone()))
}
