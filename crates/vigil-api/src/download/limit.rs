//! The most records one download may return: Entra's portal limit by default, or whatever
//! the owner sets (`vigil serve --download-limit N`, 0 for no limit).

use std::fmt;
use std::num::NonZeroU64;

/// The most records one download returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadLimit(Option<NonZeroU64>);

impl DownloadLimit {
    /// Entra's portal download limit, the default.
    pub const DEFAULT_RECORDS: u64 = 250_000;

    /// No limit.
    pub const UNLIMITED: DownloadLimit = DownloadLimit(None);

    /// At most `records` records; 0 means no limit (the command line's convention).
    pub fn from_records(records: u64) -> DownloadLimit {
        DownloadLimit(NonZeroU64::new(records))
    }

    /// The limit, or `None` when there is none.
    pub fn records(self) -> Option<u64> {
        self.0.map(NonZeroU64::get)
    }
}

impl Default for DownloadLimit {
    fn default() -> Self {
        DownloadLimit::from_records(DownloadLimit::DEFAULT_RECORDS)
    }
}

/// The `Vigil-Download-Limit` header's value: the number, or `unlimited`.
impl fmt::Display for DownloadLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(records) => write!(f, "{records}"),
            None => f.write_str("unlimited"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DownloadLimit;

    #[test]
    fn zero_is_unlimited_and_the_default_is_entras() {
        assert_eq!(DownloadLimit::from_records(0), DownloadLimit::UNLIMITED);
        assert_eq!(DownloadLimit::UNLIMITED.to_string(), "unlimited");
        assert_eq!(DownloadLimit::default().records(), Some(250_000));
        assert_eq!(DownloadLimit::from_records(7).to_string(), "7");
    }
}
