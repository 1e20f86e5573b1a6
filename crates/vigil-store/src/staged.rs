//! A validated record on its way to [`Store::append_staged`](crate::Store::append_staged):
//! either as validation left it, or already turned into the backend's own write form by
//! [`Store::stage`](crate::Store::stage) on the ingest worker that validated it.
//!
//! Staging exists for memory. Validation writes several kilobytes of canonical JSON per
//! record; a backend that compresses that JSON as soon as each record validated can drop it at
//! once, so a batch never holds all of its records' JSON at the same time (5,000 records:
//! tens of megabytes, freed and faulted in afresh for every batch before staging). The
//! staged form is opaque to everyone but the backend that made it.

use std::any::Any;
use std::fmt;

use vigil_model::{LogKind, ValidatedRecord};

/// One record of a batch to append.
pub enum Staged {
    /// As validation produced it; the backend does all of its per-record work in
    /// `append_staged`.
    Validated(ValidatedRecord),
    /// The backend's own form, made by its [`Store::stage`](crate::Store::stage).
    Prepared(PreparedRecord),
}

/// A record in one backend's write form. Only that backend can open it
/// ([`PreparedRecord::downcast`]).
pub struct PreparedRecord {
    kind: LogKind,
    id: String,
    form: Box<dyn Any + Send>,
}

impl PreparedRecord {
    /// Wraps a backend's form of the record `id` of `kind`.
    pub fn new<T: Any + Send>(kind: LogKind, id: String, form: T) -> PreparedRecord {
        PreparedRecord {
            kind,
            id,
            form: Box::new(form),
        }
    }

    /// The backend's form, or the record back when it was made by a different backend.
    pub fn downcast<T: Any>(self) -> Result<T, PreparedRecord> {
        match self.form.downcast::<T>() {
            Ok(form) => Ok(*form),
            Err(form) => Err(PreparedRecord { form, ..self }),
        }
    }

    /// The record's log.
    pub fn kind(&self) -> LogKind {
        self.kind
    }

    /// The record's Graph `id`.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for PreparedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRecord")
            .field("kind", &self.kind)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Staged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Staged::Validated(record) => f.debug_tuple("Validated").field(&record.id).finish(),
            Staged::Prepared(prepared) => f.debug_tuple("Prepared").field(prepared).finish(),
        }
    }
}

impl From<ValidatedRecord> for Staged {
    fn from(record: ValidatedRecord) -> Staged {
        Staged::Validated(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_record_opens_only_as_the_type_it_was_made_with() {
        let prepared = PreparedRecord::new(LogKind::SignIn, "a".into(), 7u32);
        let back = prepared.downcast::<String>().expect_err("not a String");
        assert_eq!(back.id(), "a");
        assert_eq!(back.kind(), LogKind::SignIn);
        assert_eq!(back.downcast::<u32>().ok(), Some(7));
    }
}
