//! Parsing change descriptions, the policy and checklists into typed values with positions.
pub mod change;
pub mod checklist;
pub(crate) mod markdown;
pub mod pattern;
pub mod policy;
pub(crate) mod reading;
pub mod rotation;
pub mod schema;
pub(crate) mod text;
pub mod yaml;
