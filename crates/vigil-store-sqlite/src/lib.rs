//! Embedded default store: SQLite in WAL mode, single writer thread with group commit, compressed record bodies.
