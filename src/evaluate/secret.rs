//! Secrets in a change: how random a value looks, and how it is shown without
//! revealing it. A finding names a secret by a short prefix and its length; the
//! text every output quotes has it masked in place.

/// Shannon entropy of `text` in bits per character (0 for empty text).
pub fn entropy(text: &str) -> f64 {
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in text.chars() {
        *counts.entry(c).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let n = total as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// How many leading characters of a secret of `len` characters may be shown: at
/// most four, and never more than a quarter of it.
fn visible(len: usize) -> usize {
    (len / 4).min(4)
}

/// The secret as a message may name it: its first characters, then `…`.
pub fn shown(secret: &str) -> String {
    let keep = visible(secret.chars().count());
    let mut out: String = secret.chars().take(keep).collect();
    out.push('…');
    out
}

/// The number of characters in `secret`, for messages.
pub fn length(secret: &str) -> usize {
    secret.chars().count()
}

/// `secret` masked in place: the shown prefix, then `*` for every other byte that
/// is not white space. The result has the same length in bytes and the same line
/// breaks, so every offset, line and column into the text stays valid.
fn masked(secret: &str) -> String {
    let keep = visible(secret.chars().count());
    let mut out = String::with_capacity(secret.len());
    for (i, c) in secret.chars().enumerate() {
        if i < keep || c.is_whitespace() {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
    }
    out
}

/// `text` with every occurrence of each of `secrets` masked in place (see
/// [`masked`]); longer secrets first, so one that contains another is masked whole.
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    sorted.dedup();
    let mut out = text.to_string();
    for secret in sorted {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), &masked(secret));
        }
    }
    out
}

/// `text` with every occurrence of each of `secrets`, as written or as [`mask`]ed,
/// replaced by its [`shown`] form, for messages, where a run of `*` would be noise.
pub fn hide(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for secret in sorted {
        for form in [secret.clone(), masked(secret)] {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), &shown(secret));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_is_higher_for_random_text_than_for_words() {
        assert_eq!(entropy(""), 0.0);
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
        let token = entropy("Xk29QmVb7TzR4nLw8PjC1sHd6YfGa3EuK0oN");
        let words = entropy("password_command");
        assert!(token > 5.0, "{token}");
        assert!(words < 3.5, "{words}");
    }

    #[test]
    fn a_secret_is_shown_by_a_short_prefix_only() {
        assert_eq!(shown("ghp_Xk29QmVb7TzR4nLw8PjC1sHd6YfGa3EuK0oN"), "ghp_…");
        // A short password shows at most a quarter of itself.
        assert_eq!(shown("hunter22"), "hu…");
        assert_eq!(shown("abc"), "…");
        assert_eq!(length("hunter22"), 8);
    }

    #[test]
    fn masking_keeps_lengths_and_line_breaks() {
        let text =
            "a ghp_Xk29QmVb7TzR4nLw8 b\nkey:\n  MIIEab12\n  cd34ef56\nend ghp_Xk29QmVb7TzR4nLw8";
        let secrets = vec![
            "ghp_Xk29QmVb7TzR4nLw8".to_string(),
            "MIIEab12\n  cd34ef56".to_string(),
        ];
        let out = mask(text, &secrets);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(!out.contains("Xk29"), "{out}");
        assert!(!out.contains("cd34"), "{out}");
        assert!(out.starts_with("a ghp_*****"), "{out}");
        assert!(out.ends_with("end ghp_*****************"), "{out}");
        assert!(out.contains("  MIIE****\n  ********\n"), "{out}");
        // Multi-byte characters keep their byte length.
        let accented = mask("x=pässwörd12 y", &["pässwörd12".to_string()]);
        assert_eq!(accented.len(), "x=pässwörd12 y".len());
        assert!(!accented.contains("wörd"));
    }

    #[test]
    fn hiding_names_each_secret_by_its_prefix() {
        let secrets = vec!["S3cretPassw0rd".to_string(), "S3cret".to_string()];
        assert_eq!(
            hide("use S3cretPassw0rd, not S3cret", &secrets),
            "use S3c…, not S…"
        );
        // A quote of the masked text reads the same.
        assert_eq!(hide("use S3c***********", &secrets), "use S3c…");
    }
}
