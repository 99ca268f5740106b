//! Labels on GitHub that mirror the testing deploy, off unless configured: one on exactly the
//! PRs the last deploy built, one on the PRs whose merge failed in the last build.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use tracing::{info, warn};

use crate::domain::PrNumber;
use crate::github::{GithubClient, GithubError};
use crate::live::{Live, Snapshot};

/// How often a label that could not be synced is tried again.
const RETRY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Default)]
pub struct LabelConfig {
    /// On the PRs the last deploy built, e.g. "On testing".
    pub deployed: Option<String>,
    /// On the PRs whose merge conflicted or could not be fetched in the last build.
    pub conflicted: Option<String>,
}

impl LabelConfig {
    pub fn is_off(&self) -> bool {
        self.deployed.is_none() && self.conflicted.is_none()
    }
}

/// Follows the snapshot and keeps the labels on GitHub equal to what it says.
pub async fn keep_labels(live: Arc<Live>, github: GithubClient, config: LabelConfig) {
    let mut changes = live.subscribe();
    let mut synced: HashMap<String, BTreeSet<PrNumber>> = HashMap::new();
    loop {
        let wanted = wanted(&changes.borrow().snapshot, &config);
        for (label, prs) in wanted {
            if synced.get(&label) == Some(&prs) {
                continue;
            }
            match sync(&github, &label, &prs).await {
                Ok(()) => {
                    synced.insert(label, prs);
                }
                Err(err) => warn!(label, error = %err, "could not sync a label; will retry"),
            }
        }
        tokio::select! {
            changed = changes.changed() => if changed.is_err() { return },
            () = tokio::time::sleep(RETRY) => {}
        }
    }
}

/// Each configured label with the PRs that should carry it.
pub fn wanted(snapshot: &Snapshot, config: &LabelConfig) -> Vec<(String, BTreeSet<PrNumber>)> {
    let mut wanted = Vec::new();
    if let Some(label) = &config.deployed {
        // Before the file recorded deploys, nothing is known to be built: leave labels alone.
        if let Some(deployed) = &snapshot.testing.deployed {
            wanted.push((label.clone(), deployed.iter().map(|entry| entry.pr).collect()));
        }
    }
    if let Some(label) = &config.conflicted {
        wanted.push((label.clone(), snapshot.build.not_deployed.iter().copied().collect()));
    }
    wanted
}

async fn sync(
    github: &GithubClient,
    label: &str,
    wanted: &BTreeSet<PrNumber>,
) -> Result<(), GithubError> {
    let now: BTreeSet<PrNumber> = github.labelled(label).await?.into_iter().collect();
    for pr in wanted.difference(&now) {
        github.add_labels(*pr, &[label]).await?;
    }
    for pr in now.difference(wanted) {
        github.remove_label(*pr, label).await?;
    }
    let (added, removed) = (wanted.difference(&now).count(), now.difference(wanted).count());
    if added + removed > 0 {
        info!(label, added, removed, "label synced");
    }
    Ok(())
}
