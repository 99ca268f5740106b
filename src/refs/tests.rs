use super::*;

fn repo() -> RepoName {
    "internetarchive/openlibrary".parse().unwrap()
}

fn one(token: &str) -> Result<u64, String> {
    let refs = parse_refs(token, &repo());
    assert_eq!(refs.len(), 1, "{token:?} gave {refs:?}");
    refs[0].result.clone().map(PrNumber::get).map_err(|problem| problem.code().to_owned())
}

#[test]
fn accepts_numbers_and_links_to_pull_requests_of_the_repository() {
    let cases = [
        ("123", 123),
        ("#123", 123),
        ("0123", 123),
        ("https://github.com/internetarchive/openlibrary/pull/11055", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/files", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/files/", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/commits", 11055),
        (
            "https://github.com/internetarchive/openlibrary/pull/11055/commits/\
             3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39",
            11055,
        ),
        ("https://github.com/internetarchive/openlibrary/pull/11055/commits/3f1c2a9", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/checks", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/files?w=1", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055#issuecomment-2912", 11055),
        ("https://github.com/internetarchive/openlibrary/pull/11055/files#diff-ab12", 11055),
        ("http://github.com/internetarchive/openlibrary/pull/11055", 11055),
        ("https://www.github.com/internetarchive/openlibrary/pull/11055", 11055),
        ("github.com/internetarchive/openlibrary/pull/11055", 11055),
        ("www.github.com/internetarchive/openlibrary/pull/11055", 11055),
        ("HTTPS://GitHub.com/InternetArchive/OpenLibrary/pull/11055", 11055),
        ("https://github.com/internetarchive/openlibrary/Pull/11055", 11055),
        ("1000000000", 1_000_000_000),
    ];
    for (token, number) in cases {
        assert_eq!(one(token), Ok(number), "{token}");
    }
}

#[test]
fn refuses_each_kind_of_wrong_reference_with_its_own_code() {
    let cases = [
        ("https://github.com/internetarchive/openlibrary/issues/10999", "issue_url"),
        ("github.com/internetarchive/openlibrary/issues/10999#issuecomment-5", "issue_url"),
        ("https://github.com/internetarchive/infogami/pull/245", "other_repository"),
        ("https://github.com/internetarchive/infogami/issues/245", "other_repository"),
        ("https://github.com/someone/openlibrary/pull/11055", "other_repository"),
        ("https://gitlab.com/internetarchive/openlibrary/pull/11055", "not_github"),
        ("https://openlibrary.org/books/OL1M", "not_github"),
        ("testing.openlibrary.org/status", "not_github"),
        ("ftp://github.com/internetarchive/openlibrary/pull/1", "not_github"),
        ("https://github.com/internetarchive/openlibrary/pulls", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary/tree/master", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary/pull/abc", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary/pull/12/blame", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary/pull/12/commits/zzz", "not_a_pr_url"),
        ("https://github.com/orgs/internetarchive/projects/1", "not_a_pr_url"),
        ("https://github.com/internetarchive/openlibrary/pull/0", "zero"),
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        ("1.5", "not_a_number"),
        ("+5", "not_a_number"),
        ("#", "not_a_number"),
        ("#abc", "not_a_number"),
        ("0", "zero"),
        ("#0", "zero"),
        ("-0", "zero"),
        ("-3", "negative"),
        ("#-3", "negative"),
        ("1000000001", "too_large"),
        ("99999999999999999999999", "too_large"),
        ("https://github.com/internetarchive/openlibrary/pull/99999999999999999999", "too_large"),
    ];
    for (token, code) in cases {
        assert_eq!(one(token), Err(code.to_owned()), "{token}");
    }
}

#[test]
fn a_huge_token_is_refused_and_echoed_shortened() {
    let token = "9".repeat(5_000);
    let refs = parse_refs(&token, &repo());
    assert_eq!(refs[0].result, Err(RefProblem::TooLong { chars: 5_000 }));
    assert!(refs[0].input.chars().count() <= ECHO_CHARS + 1);
    assert!(refs[0].input.ends_with('…'));
    // Exactly at the limit is judged on its content instead.
    assert_eq!(one(&"a".repeat(MAX_TOKEN_CHARS)), Err("not_a_number".to_owned()));
}

#[test]
fn tokens_are_split_on_spaces_commas_semicolons_and_newlines_in_order() {
    let text = " 12, #13;14\n\thttps://github.com/internetarchive/openlibrary/pull/15\r\n16 ,, ";
    let refs = parse_refs(text, &repo());
    let inputs: Vec<&str> = refs.iter().map(|r| r.input.as_str()).collect();
    assert_eq!(
        inputs,
        ["12", "#13", "14", "https://github.com/internetarchive/openlibrary/pull/15", "16"]
    );
    let numbers: Vec<u64> = refs.iter().map(|r| r.result.clone().unwrap().get()).collect();
    assert_eq!(numbers, [12, 13, 14, 15, 16]);
}

#[test]
fn empty_input_gives_no_references() {
    assert!(parse_refs("", &repo()).is_empty());
    assert!(parse_refs(" ,;\n\r\n ", &repo()).is_empty());
}

#[test]
fn later_mentions_of_the_same_pr_are_marked_as_duplicates_of_the_first() {
    let text =
        "123 https://github.com/internetarchive/openlibrary/pull/123/files #124 #123 abc abc";
    let refs = dedupe(parse_refs(text, &repo()));
    let codes: Vec<&str> =
        refs.iter().map(|r| r.result.as_ref().map_or_else(|p| p.code(), |_| "ok")).collect();
    assert_eq!(codes, ["ok", "duplicate", "ok", "duplicate", "not_a_number", "not_a_number"]);
    assert_eq!(refs[1].result, Err(RefProblem::Duplicate { first: "123".to_owned() }));
}

#[test]
fn refusals_read_as_sentences_that_name_what_is_wrong() {
    let text = "https://github.com/internetarchive/openlibrary/issues/5 \
                https://github.com/internetarchive/infogami/pull/7 https://gitlab.com/a/b 42";
    let sentences: Vec<String> =
        parse_refs(text, &repo()).iter().map(ToString::to_string).collect();
    assert_eq!(
        sentences,
        [
            "https://github.com/internetarchive/openlibrary/issues/5 is an issue, not a pull \
             request.",
            "https://github.com/internetarchive/infogami/pull/7 is in the repository \
             internetarchive/infogami, not in this one.",
            "https://gitlab.com/a/b is a link to gitlab.com, not to GitHub.",
            "#42",
        ]
    );
}

#[test]
fn problems_serialize_with_their_code() {
    let problem = RefProblem::OtherRepository { repository: "internetarchive/infogami".into() };
    let json = serde_json::to_value(&problem).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"code": "other_repository", "repository": "internetarchive/infogami"})
    );
    assert_eq!(
        serde_json::to_value(RefProblem::Zero).unwrap(),
        serde_json::json!({"code": "zero"})
    );
    let all = [
        RefProblem::IssueUrl { number: 1 },
        problem,
        RefProblem::NotGithub { host: "gitlab.com".into() },
        RefProblem::NotAPrUrl,
        RefProblem::NotANumber,
        RefProblem::Zero,
        RefProblem::Negative,
        RefProblem::TooLarge,
        RefProblem::TooLong { chars: 1001 },
        RefProblem::Duplicate { first: "#1".into() },
    ];
    for problem in all {
        assert_eq!(serde_json::to_value(&problem).unwrap()["code"], problem.code());
    }
}

#[test]
fn the_problem_schema_lists_every_code() {
    let schema = serde_json::to_string(&<RefProblem as utoipa::PartialSchema>::schema()).unwrap();
    for code in ["issue_url", "other_repository", "not_github", "too_long", "duplicate"] {
        assert!(schema.contains(code), "{code} missing from {schema}");
    }
}
