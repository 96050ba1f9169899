//! JSON Schemas for editors and CI: the policy and checklists from their Rust types,
//! and the change front matter from the embedded `change` checklist, so the schema and
//! the checks can never disagree.

use serde_json::{Map, Value, json};

use super::checklist::{ALWAYS, ChecklistFile, EMBEDDED, parse_checklist};
use super::policy::{ConfigError, PolicyFile};

fn field_schema(kind: &str, values: Option<&Vec<String>>) -> Value {
    let mut schema = match kind {
        "string" => json!({"type": "string"}),
        "number" => json!({"type": "number"}),
        "integer" => json!({"type": "integer"}),
        "bool" | "boolean" => json!({"type": "boolean"}),
        "date" => json!({"type": "string", "format": "date"}),
        "timestamp" => json!({"type": "string", "format": "date-time"}),
        "duration" => {
            json!({"type": ["string", "integer"], "description": "a duration: 90m, 2h, 1h30m (or whole minutes)"})
        }
        "list" => json!({"type": "array"}),
        "map" => json!({"type": "object"}),
        _ => json!({}),
    };
    if let (Some(values), Some(obj)) = (values, schema.as_object_mut()) {
        obj.insert("enum".into(), json!(values));
    }
    schema
}

/// The front-matter schema, built from the embedded `change` checklist.
pub fn change_schema() -> Result<Value, ConfigError> {
    let (_, path, text) = EMBEDDED
        .iter()
        .find(|(n, _, _)| *n == ALWAYS)
        .ok_or_else(|| ConfigError::new("checklists/change.yaml", Default::default(), "missing"))?;
    let file = parse_checklist(path, text)?;
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "barraiser change description front matter",
        "type": "object",
        "properties": {},
        "required": [],
        "additionalProperties": true,
    });
    for rule in &file.rules {
        for a in &rule.asserts {
            if let Some(req) = &a.required_fields {
                root["required"] = json!(req.fields);
            }
            let Some(types) = &a.field_types else {
                continue;
            };
            for (field, spec) in &types.fields {
                let mut node = &mut root;
                let parts: Vec<&str> = field.split('.').collect();
                for (i, part) in parts.iter().enumerate() {
                    let props = node.as_object_mut().map(|o| {
                        o.entry("properties")
                            .or_insert_with(|| Value::Object(Map::new()))
                    });
                    let Some(props) = props.and_then(Value::as_object_mut) else {
                        break;
                    };
                    let child = props
                        .entry((*part).to_string())
                        .or_insert_with(|| json!({}));
                    if i == parts.len() - 1
                        && let (Some(c), Value::Object(s)) = (
                            child.as_object_mut(),
                            field_schema(&spec.kind.value, spec.values.as_ref()),
                        )
                    {
                        c.extend(s);
                    }
                    node = child;
                }
            }
        }
    }
    Ok(root)
}

/// All three schemas: `{"change": ..., "policy": ..., "checklist": ...}`.
pub fn all() -> Result<Value, ConfigError> {
    let policy = serde_json::to_value(schemars::schema_for!(PolicyFile)).unwrap_or_default();
    let checklist = serde_json::to_value(schemars::schema_for!(ChecklistFile)).unwrap_or_default();
    Ok(json!({"change": change_schema()?, "policy": policy, "checklist": checklist}))
}
