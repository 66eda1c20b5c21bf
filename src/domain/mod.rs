//! Business rules and typed values. No SQL and no HTTP here.

pub mod area;
pub mod codes;
pub mod comparison;
pub mod comparison_set;
pub mod criteria;
pub mod datasets;
pub mod enquiry;
pub mod explain;
pub mod fields;
pub mod filter;
pub mod geometry;
pub mod grid_capacity;
pub mod import;
pub mod issue;
pub mod land_account;
pub mod layer;
pub mod messages;
pub mod names;
pub mod netex;
pub mod places;
pub mod plan;
pub mod profile;
pub mod query;
pub mod search;
pub mod substation;
pub mod token;
pub mod user;
pub mod xml;

pub use area::NewArea;
pub use codes::CodeLists;
pub use issue::{Issue, IssueType};
