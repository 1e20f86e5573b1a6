//! Tenant identifiers.

use std::fmt;

/// A tenant id: a GUID in canonical lower-case hyphenated form, as Entra tenant ids are.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

impl TenantId {
    /// Parses a GUID (any case, with hyphens) into canonical form.
    pub fn parse(text: &str) -> Option<TenantId> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 {
            return None;
        }
        for (i, b) in bytes.iter().enumerate() {
            let hyphen = matches!(i, 8 | 13 | 18 | 23);
            if hyphen != (*b == b'-') || (!hyphen && !b.is_ascii_hexdigit()) {
                return None;
            }
        }
        Some(TenantId(text.to_ascii_lowercase()))
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::TenantId;

    #[test]
    fn accepts_guids_only() {
        assert_eq!(
            TenantId::parse("4F1C2D3E-5A6B-4C7D-8E9F-0A1B2C3D4E5F")
                .unwrap()
                .as_str(),
            "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
        );
        assert!(TenantId::parse("contoso").is_none());
        assert!(TenantId::parse("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5g").is_none());
        assert!(TenantId::parse("4f1c2d3e05a6b-4c7d-8e9f-0a1b2c3d4e5f").is_none());
    }
}
