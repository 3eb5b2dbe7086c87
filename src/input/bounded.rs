//! Bounded file reads: every file iamconf reads goes through [`read`]. A read refuses what is not
//! a regular file (a FIFO, a device, a socket, a directory) without ever blocking on it, and
//! refuses a file larger than its cap, so that no input can hang the tool or take its memory.

use std::fmt;
use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The default cap of a deployment, config or env file: 8 MiB.
pub(crate) const DEFAULT_FILE_LIMIT: u64 = 8 * 1024 * 1024;
/// The default cap of a secret file (`NAME_FILE`) or a `--ca-cert` bundle: 64 KiB (1 MiB for
/// CA bundles, which hold hundreds of certificates).
pub(crate) const DEFAULT_SECRET_LIMIT: u64 = 64 * 1024;

/// `--max-file-size`: 0 means the defaults. Raising it raises every cap to at least this value.
static RAISED_LIMIT: AtomicU64 = AtomicU64::new(0);

/// Raises every file-read cap of this process to at least `bytes` (`--max-file-size`). The
/// defaults are 8 MiB for env, config and deployment files, 64 KiB for `NAME_FILE` secrets and
/// 1 MiB for `--ca-cert` bundles; this never lowers them.
pub fn raise_read_limit(bytes: u64) {
    RAISED_LIMIT.store(bytes, Ordering::Relaxed);
}

/// What a file is read as, which sets its size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Env, config, Helm, manifest and Compose files: 8 MiB.
    Deployment,
    /// A `NAME_FILE` secret: 64 KiB.
    Secret,
    /// A `--ca-cert` PEM bundle: 1 MiB.
    #[cfg_attr(not(feature = "discovery"), allow(dead_code))]
    CaBundle,
}

impl Purpose {
    /// The cap in bytes, raised by `--max-file-size` where given.
    pub(crate) fn limit(self) -> u64 {
        let base = match self {
            Purpose::Deployment => DEFAULT_FILE_LIMIT,
            Purpose::Secret => DEFAULT_SECRET_LIMIT,
            Purpose::CaBundle => 1024 * 1024,
        };
        base.max(RAISED_LIMIT.load(Ordering::Relaxed))
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The operating system refused (missing, permission denied, ...).
    Io(std::io::Error),
    /// Not a regular file: what it is instead (`a FIFO`, `a directory`, ...).
    NotRegular(&'static str),
    /// Larger than the cap.
    TooLarge {
        /// The size found (at least `limit + 1`).
        size: u64,
        /// The cap.
        limit: u64,
    },
}

impl ReadError {
    /// A hint for the help line of a finding.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "check the path and its permissions",
            ReadError::NotRegular(_) => "name a regular file",
            ReadError::TooLarge { .. } => {
                "pass --max-file-size with a larger size if this file is really meant to be read"
            }
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "it is larger than the limit of {} ({} bytes or more)",
                human_size(*limit),
                size
            ),
        }
    }
}

/// `8 MiB`, `64 KiB`, `1000 bytes`.
pub(crate) fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes >= KIB * KIB && bytes % (KIB * KIB) == 0 {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Parses a size: `1000`, `64K`, `64KiB`, `8M`, `8MiB`, `1G`, `1GiB` (powers of 1024).
///
/// ```
/// assert_eq!(iamconf::parse_size("8MiB"), Ok(8 << 20));
/// ```
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 8MiB or 100000"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{text}` has an unknown unit (use K, M or G)")),
    };
    n.checked_mul(mult)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a size above zero that fits in 64 bits"))
}

/// The bytes without a leading UTF-8 byte-order mark (Windows editors write one; every format
/// accepts it).
pub(crate) fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    bytes
}

/// What a non-regular file is, in words.
fn describe(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Opens a path for reading without blocking even if it turned into a FIFO after [`check`].
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a whole regular file of at most the cap of `purpose`. Never blocks on a FIFO or a
/// device, never reads more than the cap plus one byte.
pub(crate) fn read(path: &Path, purpose: Purpose) -> Result<Vec<u8>, ReadError> {
    read_prefix(path, purpose, None).map(|(bytes, _)| strip_bom(bytes))
}

/// Reads at most `prefix` bytes of a regular file whose whole size may be up to the cap of
/// `purpose` (or any size when `prefix` is given: the caller only looks at the start). Returns
/// the bytes and whether the file was read whole.
pub(crate) fn read_prefix(
    path: &Path,
    purpose: Purpose,
    prefix: Option<u64>,
) -> Result<(Vec<u8>, bool), ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    let limit = purpose.limit();
    if prefix.is_none() && meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = open(path).map_err(ReadError::Io)?;
    // The path may have been swapped between the two looks: judge what was opened.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(describe(opened.file_type())));
    }
    let want = prefix.unwrap_or(limit).min(limit);
    let mut bytes = Vec::with_capacity(opened.len().min(want) as usize);
    file.take(want + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > want {
        if prefix.is_none() {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        bytes.truncate(want as usize);
        return Ok((bytes, false));
    }
    Ok((bytes, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2 G"), Ok(2 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("8 parsecs").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert_eq!(human_size(8 << 20), "8 MiB");
        assert_eq!(human_size(64 << 10), "64 KiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }

    #[test]
    fn refuses_what_is_not_a_small_regular_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let small = dir.path().join("a.env");
        std::fs::write(&small, "A=1\n").expect("write");
        assert_eq!(
            read(&small, Purpose::Deployment).ok(),
            Some(b"A=1\n".to_vec())
        );
        std::fs::write(&small, "\u{feff}A=1\n").expect("write");
        assert_eq!(
            read(&small, Purpose::Deployment).ok(),
            Some(b"A=1\n".to_vec())
        );
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 70 * 1024]).expect("write");
        assert!(matches!(
            read(&big, Purpose::Secret),
            Err(ReadError::TooLarge {
                limit: DEFAULT_SECRET_LIMIT,
                ..
            })
        ));
        let (head, whole) = read_prefix(&big, Purpose::Secret, Some(10)).expect("prefix");
        assert_eq!((head.len(), whole), (10, false));
        assert!(matches!(
            read(dir.path(), Purpose::Deployment),
            Err(ReadError::NotRegular("a directory"))
        ));
        assert!(matches!(
            read(&dir.path().join("missing"), Purpose::Deployment),
            Err(ReadError::Io(_))
        ));
        #[cfg(unix)]
        {
            let e = read(Path::new("/dev/null"), Purpose::Deployment);
            assert!(matches!(
                e,
                Err(ReadError::NotRegular("a character device"))
            ));
        }
    }
}
