//! Parsing change descriptions, the policy and checklists into typed values with positions.
pub mod yaml;
pub mod markdown;
pub mod text;
pub mod change;
pub mod policy;
pub mod checklist;
pub mod schema;
