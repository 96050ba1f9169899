//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingDescriptor, Result as SarifResult, ResultLevel,
    Run, Sarif, Tool, ToolComponent,
};

use super::RenderError;
use crate::decide::{Finding, InputError, Report, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// `report` as a pretty-printed SARIF 2.1.0 log with one run, ending in a newline.
pub(super) fn render(report: &Report) -> Result<String, RenderError> {
    let mut rules: BTreeMap<&str, ReportingDescriptor> = BTreeMap::new();
    let mut results = Vec::new();
    for change in &report.changes {
        for f in &change.findings {
            rules.entry(&f.rule).or_insert_with(|| rule(f));
            results.push(result(&change.path, f));
        }
    }
    let driver = ToolComponent::builder()
        .name("barraiser")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules.into_values().collect::<Vec<_>>())
        .build();
    let invocation = Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .tool_execution_notifications(report.errors.iter().map(notification).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        // Finding columns count Unicode characters, not SARIF's default UTF-16 units.
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results)
        .build();
    let log = Sarif {
        schema: Some(SCHEMA.to_owned()),
        version: "2.1.0".into(),
        runs: vec![run],
        inline_external_properties: None,
        properties: None,
    };
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}

/// Rules are described from their first finding: the report carries no rule titles.
fn rule(f: &Finding) -> ReportingDescriptor {
    let mut extra = BTreeMap::new();
    extra.insert(
        "checklist".to_owned(),
        serde_json::Value::from(f.checklist.as_str()),
    );
    let descriptor = ReportingDescriptor::builder()
        .id(f.rule.as_str())
        .name(f.rule.as_str())
        .short_description(text(format!("{} ({} checklist)", f.rule, f.checklist)))
        .properties(PropertyBag {
            tags: None,
            additional_properties: extra,
        });
    if f.fix.is_empty() {
        descriptor.build()
    } else {
        descriptor.help(text(f.fix.clone())).build()
    }
}

fn result(path: &str, f: &Finding) -> SarifResult {
    let level = match f.severity {
        Severity::Blocker => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Advice => ResultLevel::Note,
    };
    SarifResult::builder()
        .rule_id(f.rule.as_str())
        .level(level)
        .message(message(&f.message))
        .locations(vec![location(path, f.line, f.column)])
        .build()
}

fn notification(e: &InputError) -> Notification {
    Notification::builder()
        .level(serde_json::Value::from("error"))
        .message(message(&e.message))
        .locations(vec![location(&e.path, e.line, e.column)])
        .build()
}

fn location(path: &str, line: u32, column: u32) -> Location {
    // SARIF positions are 1-based; 0 means unknown here, so it is left out.
    let region = (line > 0).then(|| Region {
        start_line: Some(i64::from(line)),
        start_column: (column > 0).then_some(i64::from(column)),
        ..Region::default()
    });
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(super::encode_path(path)),
                ..ArtifactLocation::default()
            }),
            region,
            ..PhysicalLocation::default()
        }),
        ..Location::default()
    }
}

fn text(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn message(text: &str) -> Message {
    Message {
        text: Some(text.to_owned()),
        ..Message::default()
    }
}
