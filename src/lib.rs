//! clauselint: a policy-as-code compliance linter for privacy policies.
//!
//! Data flows one way: files ([`walk`]) -> documents ([`document`]) ->
//! findings ([`engine`], driven by [`rules`]) -> reports ([`report`]).

// Rule-file and configuration errors carry their source text for
// diagnostics; they are rare and not on a hot path, so their size is fine.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod commands;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod lint;
pub(crate) mod matrix;
pub(crate) mod report;
pub mod rules;
pub(crate) mod server;
pub mod translations;
pub(crate) mod walk;
