//! The maintainer rule against the simulated GitHub: by login, by team, by repository role,
//! and what happens when GitHub does not answer.

#[path = "support/auth.rs"]
mod support;

use std::time::Duration;

use reqwest::StatusCode;
use support::{Harness, TEAM, github_client, permission, sim};
use testbed::auth::{Auth, AuthConfig, AuthError};
use testbed::sim::EndpointKind;

#[tokio::test]
async fn configured_logins_are_maintainers_without_asking_github() {
    let (sim, running) = sim().await;
    let config = AuthConfig { maintainers: vec!["RayBB".into()], ..AuthConfig::default() };
    let auth = Auth::new(config, Some(github_client(&running)));
    assert_eq!(auth.is_maintainer("raybb").await, Ok(true));
    assert_eq!(auth.is_maintainer("cdrini").await, Ok(false));
    assert_eq!(sim.stats().total, 0, "no team or permission configured: GitHub is not asked");
}

#[tokio::test]
async fn active_team_members_are_maintainers() {
    let (sim, running) = sim().await;
    let team = Some((TEAM.0.to_owned(), TEAM.1.to_owned()));
    let auth =
        Auth::new(AuthConfig { team, ..AuthConfig::default() }, Some(github_client(&running)));
    assert_eq!(auth.is_maintainer("cdrini").await, Ok(true));
    assert_eq!(auth.is_maintainer("JimChamp").await, Ok(true), "logins ignore case");
    assert_eq!(auth.is_maintainer("RayBB").await, Ok(false));
    assert_eq!(auth.is_maintainer("../../user").await, Ok(false), "not a login at all");
    assert_eq!(sim.stats().count(EndpointKind::TeamMembership), 3);

    sim.add_team_member(TEAM.0, TEAM.1, "hornc");
    assert_eq!(auth.is_maintainer("hornc").await, Ok(true));
}

#[tokio::test]
async fn a_repository_role_counts_from_the_configured_threshold_up() {
    let (_sim, running) = sim().await;
    // The demo fixture's roles.
    let people = [
        ("demo-visitor", "read"),
        ("scottbarnes", "triage"),
        ("RayBB", "write"),
        ("jimchamp", "maintain"),
        ("cdrini", "admin"),
        ("stranger", "none"),
    ];
    let rank = |role: &str| {
        ["none", "read", "triage", "write", "maintain", "admin"]
            .iter()
            .position(|r| *r == role)
            .unwrap()
    };
    for threshold in ["write", "maintain", "admin"] {
        let config =
            AuthConfig { min_permission: Some(permission(threshold)), ..AuthConfig::default() };
        let auth = Auth::new(config, Some(github_client(&running)));
        for (login, role) in people {
            let expected = rank(role) >= rank(threshold);
            assert_eq!(
                auth.is_maintainer(login).await,
                Ok(expected),
                "{login} ({role}) with at least {threshold}"
            );
        }
    }
}

#[tokio::test]
async fn answers_are_cached_for_the_ttl_and_no_longer() {
    let (sim, running) = sim().await;
    let config = AuthConfig {
        team: Some((TEAM.0.to_owned(), TEAM.1.to_owned())),
        min_permission: Some(permission("maintain")),
        cache_ttl: Duration::from_millis(300),
        ..AuthConfig::default()
    };
    let auth = Auth::new(config, Some(github_client(&running)));
    assert_eq!(auth.is_maintainer("cdrini").await, Ok(true));
    assert_eq!(auth.is_maintainer("CDRINI").await, Ok(true));
    assert_eq!(sim.stats().total, 1, "one membership question, then the cache");

    assert_eq!(auth.is_maintainer("stranger").await, Ok(false));
    assert_eq!(auth.is_maintainer("stranger").await, Ok(false));
    let stats = sim.stats();
    assert_eq!(stats.count(EndpointKind::TeamMembership), 2);
    assert_eq!(stats.count(EndpointKind::CollaboratorPermission), 1, "a no is cached too");

    sim.add_team_member(TEAM.0, TEAM.1, "stranger");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(auth.is_maintainer("stranger").await, Ok(true), "asked again after the TTL");
}

#[tokio::test]
async fn github_down_denies_with_a_reason_and_is_not_cached() {
    let (sim, running) = sim().await;
    let team = Some((TEAM.0.to_owned(), TEAM.1.to_owned()));
    let auth =
        Auth::new(AuthConfig { team, ..AuthConfig::default() }, Some(github_client(&running)));
    sim.fail_next(1, 502);
    let Err(AuthError::GithubUnavailable { login, reason }) = auth.is_maintainer("cdrini").await
    else {
        panic!("GitHub failed: the rule cannot say yes");
    };
    assert_eq!(login, "cdrini");
    assert!(reason.contains("internetarchive/openlibrary-maintainers"), "{reason}");
    assert!(reason.contains("502"), "{reason}");
    assert_eq!(auth.is_maintainer("cdrini").await, Ok(true), "the failure was not remembered");
}

#[tokio::test]
async fn a_signed_in_write_while_github_is_down_is_refused_with_503() {
    let harness = Harness::start(|_| {}).await;
    let mut browser = harness.signed_in("cdrini").await;
    harness.sim.fail_next(5, 503);
    let write = browser.post("/api/write", Some(&harness.base.clone())).await;
    assert_eq!(write.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(write.code(), "github_unavailable");
    assert!(write.json()["error"]["message"].as_str().unwrap().contains("Could not check"));
    let me = browser.get("/auth/me").await.json();
    assert_eq!(me["maintainer"], false);
    assert!(me["reason"].as_str().unwrap().starts_with("Could not check"), "{me}");
    harness.sim.clear_faults();
    let write = browser.post("/api/write", Some(&harness.base.clone())).await;
    assert_eq!(write.status, StatusCode::OK, "{}", write.body);
}
