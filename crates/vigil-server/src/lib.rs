//! Composition root: opens the store, builds the API, serves it with graceful shutdown.
