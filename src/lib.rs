//! clauselint: a policy-as-code compliance linter for privacy policies.
//!
//! Data flows one way: files ([`walk`]) -> documents ([`document`]) ->
//! findings ([`engine`], driven by [`rules`]) -> reports ([`report`]).

pub mod document;
pub mod engine;
pub mod rules;
