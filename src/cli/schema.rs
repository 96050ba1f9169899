//! `barraiser schema`.

use super::emit;

/// Which schema to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// The front matter of a change description.
    Change,
    /// `.barraiser.yaml`.
    Policy,
    /// A checklist file.
    Checklist,
}

/// Prints one schema, or all three as one JSON object.
pub fn run(which: Option<Which>) -> anyhow::Result<()> {
    let schemas = barraiser::parse::schema::all()?;
    let value = match which {
        Some(Which::Change) => schemas["change"].clone(),
        Some(Which::Policy) => schemas["policy"].clone(),
        Some(Which::Checklist) => schemas["checklist"].clone(),
        None => schemas,
    };
    emit(&(serde_json::to_string_pretty(&value)? + "\n"))
}
