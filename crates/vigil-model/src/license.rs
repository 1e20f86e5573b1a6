//! License tiers and what they grant by default.
//!
//! The tiers mirror Entra ID's (Free, P1, P2) because the retention defaults and, later,
//! feature gates follow Microsoft's table (graph-api-reference §9.1): Free keeps activity
//! 7 days, P1 and P2 keep it 30. In Vigil these are only defaults — an owner may configure
//! longer retention per tenant and per log (see `vigil_tenancy::retention`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A tenant's license tier. Serialised in lower case: `"free"`, `"p1"`, `"p2"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LicenseTier {
    /// Entra ID Free.
    Free,
    /// Entra ID P1.
    P1,
    /// Entra ID P2.
    P2,
}

impl LicenseTier {
    /// Every tier, from least to most.
    pub const ALL: [LicenseTier; 3] = [LicenseTier::Free, LicenseTier::P1, LicenseTier::P2];

    /// The lower-case name used in storage, the CLI and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseTier::Free => "free",
            LicenseTier::P1 => "p1",
            LicenseTier::P2 => "p2",
        }
    }

    /// Whether this is a premium tier (P1 or P2): what Entra asks for before it serves
    /// sign-ins and provisioning logs through the API.
    pub fn is_premium(self) -> bool {
        self != LicenseTier::Free
    }

    /// Days of activity kept when the tenant has not configured an override: Entra's
    /// retention for audit, sign-in and provisioning logs (7 on Free, 30 on P1 and P2).
    pub fn default_retention_days(self) -> u32 {
        match self {
            LicenseTier::Free => 7,
            LicenseTier::P1 | LicenseTier::P2 => 30,
        }
    }
}

impl fmt::Display for LicenseTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that names no license tier.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown license tier {0:?}: expected free, p1 or p2")]
pub struct ParseLicenseTierError(pub String);

impl FromStr for LicenseTier {
    type Err = ParseLicenseTierError;

    /// Parses `free`, `p1` or `p2`, ignoring ASCII case.
    fn from_str(text: &str) -> Result<LicenseTier, ParseLicenseTierError> {
        LicenseTier::ALL
            .into_iter()
            .find(|tier| tier.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| ParseLicenseTierError(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use super::LicenseTier;

    #[test]
    fn parses_any_case_and_round_trips() {
        for tier in LicenseTier::ALL {
            assert_eq!(tier.as_str().parse::<LicenseTier>().unwrap(), tier);
            assert_eq!(
                tier.as_str()
                    .to_ascii_uppercase()
                    .parse::<LicenseTier>()
                    .unwrap(),
                tier
            );
            assert_eq!(tier.to_string(), tier.as_str());
        }
        assert!("premium".parse::<LicenseTier>().is_err());
        assert!(" p1".parse::<LicenseTier>().is_err());
        assert!("".parse::<LicenseTier>().is_err());
    }

    #[test]
    fn serde_uses_lower_case_names() {
        assert_eq!(serde_json::to_string(&LicenseTier::P1).unwrap(), "\"p1\"");
        let tiers: Vec<LicenseTier> = serde_json::from_str(r#"["free","p1","p2"]"#).unwrap();
        assert_eq!(tiers, LicenseTier::ALL);
        assert!(serde_json::from_str::<LicenseTier>("\"premium\"").is_err());
    }

    #[test]
    fn defaults_follow_entra() {
        assert_eq!(LicenseTier::Free.default_retention_days(), 7);
        assert_eq!(LicenseTier::P1.default_retention_days(), 30);
        assert_eq!(LicenseTier::P2.default_retention_days(), 30);
    }
}
