//! The `GH_REPO_AND_BRANCH` parameter: one line per PR for the branch script to fetch and merge.
//!
//! PR titles are written by anyone who can open a PR. The branch script treats every line as a
//! ref to fetch, so a title that could break a line could make the testing server build code
//! nobody reviewed. Titles are therefore flattened to one line of printable text.

use crate::domain::PrNumber;

/// Longest title kept on a line, in characters; longer titles end with `…`.
pub const MAX_TITLE_CHARS: usize = 200;

/// The parameter value: `origin pull/N/head  # TITLE` for each PR, in the order given.
pub fn branch_lines(prs: &[(PrNumber, &str)]) -> String {
    prs.iter()
        .map(|(pr, title)| format!("origin pull/{pr}/head  # {}", clean_title(title)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A title as one line: every control, line-breaking or direction-changing character becomes a
/// space, runs of spaces become one, the ends are trimmed and the length is bounded.
pub fn clean_title(title: &str) -> String {
    let mut words = String::new();
    for word in title.split(is_separator).filter(|word| !word.is_empty()) {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
        // Enough to decide on truncation without copying a huge title whole.
        if words.len() > MAX_TITLE_CHARS * 4 {
            break;
        }
    }
    if words.chars().count() <= MAX_TITLE_CHARS {
        return words;
    }
    let mut cut: String = words.chars().take(MAX_TITLE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn is_separator(c: char) -> bool {
    // `is_whitespace` covers tab, LF, CR, NEL, U+2028 and U+2029; `is_control` is all of `Cc`.
    // Bidirectional overrides cannot break a line, but can make one read as something else.
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(n: u64) -> PrNumber {
        PrNumber::new(n).unwrap()
    }

    #[test]
    fn one_line_per_pr_in_the_branch_script_format() {
        let lines = branch_lines(&[(pr(12), "Fix search"), (pr(345), "Add  a\tbook")]);
        assert_eq!(lines, "origin pull/12/head  # Fix search\norigin pull/345/head  # Add a book");
        assert_eq!(branch_lines(&[]), "");
    }

    #[test]
    fn titles_cannot_add_a_line() {
        let hostile = [
            "a\nb",
            "a\rb",
            "x\r\norigin pull/1/head",
            "x\norigin pull/1/head  # sneaky",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{85}b",
            "a\u{0B}\u{0C}\u{1B}[31mb",
            "\n\n\n",
        ];
        for title in hostile {
            let lines = branch_lines(&[(pr(7), title)]);
            assert_eq!(lines.lines().count(), 1, "{title:?} gave {lines:?}");
            assert!(!lines.chars().any(char::is_control), "{title:?} gave {lines:?}");
            assert!(lines.starts_with("origin pull/7/head  # "));
        }
        assert_eq!(clean_title("x\r\norigin pull/1/head"), "x origin pull/1/head");
        assert_eq!(clean_title("\n\n\n"), "");
    }

    #[test]
    fn direction_overrides_are_removed() {
        assert_eq!(clean_title("abc\u{202E}fed\u{2066}"), "abc fed");
    }

    #[test]
    fn long_titles_are_bounded() {
        let title = "word ".repeat(2_000);
        let clean = clean_title(&title);
        assert_eq!(clean.chars().count(), MAX_TITLE_CHARS);
        assert!(clean.ends_with('…'));
        let wide = "é".repeat(10_000);
        assert_eq!(clean_title(&wide).chars().count(), MAX_TITLE_CHARS);
        let line = branch_lines(&[(pr(1), &wide)]);
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn ordinary_titles_are_kept() {
        assert_eq!(clean_title("  Fix #123: café ☕  "), "Fix #123: café ☕");
        assert_eq!(clean_title(&"a".repeat(MAX_TITLE_CHARS)), "a".repeat(MAX_TITLE_CHARS));
    }
}
