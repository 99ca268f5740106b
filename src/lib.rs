//! testbed keeps the set of pull requests deployed together to a shared testing server.
//!
//! Every channel (webhook, API, page) changes one state file through [`store`]; [`live`] keeps
//! the in-memory snapshot that every read is served from.

pub mod api;
pub mod audit;
pub mod auth;
pub mod build_result;
pub mod commands;
pub mod config;
pub mod demo;
pub mod domain;
pub mod flags;
pub mod github;
pub mod jenkins;
pub mod live;
pub mod metrics;
pub mod operations;
pub mod plan;
pub mod refs;
pub mod server;
pub mod service;
pub mod setup;
pub mod sim;
pub mod store;
pub mod ui;
pub mod webhook;
pub mod worker;
