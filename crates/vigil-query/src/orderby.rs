//! `$orderby`: the activity logs can be ordered only by their time property
//! (`createdDateTime` for sign-ins, `activityDateTime` for the others), ascending or
//! descending. The property name and direction ignore ASCII case (`createdDateTime DESC` is
//! in Microsoft's own examples).

use vigil_model::LogKind;

use crate::error::FilterError;

/// Time order of a listing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Newest first: Graph's default.
    #[default]
    Desc,
    /// Oldest first.
    Asc,
}

impl SortOrder {
    /// The OData keyword (`desc` / `asc`).
    pub fn keyword(self) -> &'static str {
        match self {
            SortOrder::Desc => "desc",
            SortOrder::Asc => "asc",
        }
    }
}

/// Parses `$orderby` for `kind`: `<time property> [asc|desc]`, default descending.
pub fn parse_orderby(text: &str, kind: LogKind) -> Result<SortOrder, FilterError> {
    let property = kind.time_property();
    let refuse = || FilterError::OrderBy {
        text: text.chars().take(200).collect(),
        property,
    };
    let mut words = text.split_whitespace();
    let Some(name) = words.next() else {
        return Err(refuse());
    };
    if !name.eq_ignore_ascii_case(property) {
        return Err(refuse());
    }
    let order = match words.next() {
        None => SortOrder::Desc,
        Some(w) if w.eq_ignore_ascii_case("desc") => SortOrder::Desc,
        Some(w) if w.eq_ignore_ascii_case("asc") => SortOrder::Asc,
        Some(_) => return Err(refuse()),
    };
    if words.next().is_some() {
        return Err(refuse());
    }
    Ok(order)
}
