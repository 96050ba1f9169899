//! Lexical path handling: every path a user or a change description names goes
//! through [`normalize`] before it touches the filesystem or a tree.

/// Lexical normalisation; None when the path escapes the root or is absolute.
///
/// `./a/../b` becomes `b`, `a//b/` becomes `a/b`, and the root itself is `""`.
/// A NUL byte also gives None: no file can have that name.
pub fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes_lexically_and_refuses_escapes() {
        assert_eq!(normalize("./a/../b").as_deref(), Some("b"));
        assert_eq!(normalize("a//b/").as_deref(), Some("a/b"));
        assert_eq!(normalize(".").as_deref(), Some(""));
        assert_eq!(normalize("").as_deref(), Some(""));
        assert_eq!(normalize("a/.."), Some(String::new()));
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("./../outside.sh"), None);
        assert_eq!(normalize("a/../../x"), None);
        assert_eq!(normalize("/etc/passwd"), None);
        assert_eq!(normalize("a\0b"), None);
    }
}
