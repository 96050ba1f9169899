//! Parsing change descriptions, the policy and checklists into typed values with positions.
