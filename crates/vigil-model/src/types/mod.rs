//! Placeholder: typed Graph resources (being written).
