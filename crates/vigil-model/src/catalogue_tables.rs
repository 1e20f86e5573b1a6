//! Placeholder: the per-kind field tables (being written).

use crate::catalogue::Field;
use crate::kind::LogKind;

pub(crate) fn fields(_kind: LogKind) -> &'static [Field] {
    &[]
}
