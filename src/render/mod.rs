//! Rendering a [`crate::Report`] in each output format (owned by the render helper).
