//! Parsing change descriptions, the policy and checklists into typed values with positions.
pub mod change;
pub mod checklist;
pub mod markdown;
pub mod policy;
pub mod reading;
pub mod schema;
pub mod text;
pub mod yaml;
