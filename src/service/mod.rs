//! What more than one entry point does, written once: the HTTP API, the feed, the pages
//! and the command line call these, and they combine the domain's rules with the store.

pub mod comparisons;
pub mod grid;
pub mod layers;
pub mod plans;
pub mod search;
pub mod transfer;
