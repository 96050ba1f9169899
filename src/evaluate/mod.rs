//! Evaluating checklist rules against a change.
