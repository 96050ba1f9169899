//! GitHub delivery: sticky comment, commit status, reviews (owned by the github helper).
