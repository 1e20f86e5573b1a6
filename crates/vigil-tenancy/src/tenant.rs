//! Registered tenants and the rules for their display names.

use time::OffsetDateTime;
use vigil_store::TenantId;

use crate::error::ControlError;
use vigil_model::LicenseTier;

/// Longest accepted display name or key name, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// A tenant known to the control plane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// The tenant GUID.
    pub id: TenantId,
    /// Human-readable name (e.g. "Contoso").
    pub display_name: String,
    /// License tier; decides the default retention.
    pub license: LicenseTier,
    /// When the tenant was registered.
    pub created: OffsetDateTime,
}

/// Trims a display or key name and checks it is non-empty, at most [`MAX_NAME_CHARS`]
/// characters, and free of control characters. Backends store the returned form.
pub fn normalize_name(what: &'static str, name: &str) -> Result<String, ControlError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(ControlError::invalid(what, "must not be empty"));
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(ControlError::invalid(
            what,
            format!("longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ControlError::invalid(what, "contains control characters"));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::normalize_name;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(normalize_name("name", "  Contoso ").unwrap(), "Contoso");
        assert!(normalize_name("name", "   ").is_err());
        assert!(normalize_name("name", "a\nb").is_err());
        assert!(normalize_name("name", &"x".repeat(257)).is_err());
        assert!(normalize_name("name", &"é".repeat(256)).is_ok());
    }
}
