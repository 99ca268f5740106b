//! testbed keeps the set of pull requests deployed together to a shared testing server.
//!
//! Every channel (webhook, API, page) changes one state file through [`store`]; [`live`] keeps
//! the in-memory snapshot that every read is served from.

pub mod domain;
pub mod store;
