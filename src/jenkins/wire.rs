//! The parts of Jenkins' JSON answers that are read. Every field is optional: Jenkins versions
//! and plugins differ, and a missing field must not turn into a wrong conclusion.

use serde::Deserialize;

/// `GET /queue/item/N/api/json`
#[derive(Debug, Deserialize)]
pub struct QueueItem {
    #[serde(default)]
    pub cancelled: Option<bool>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub executable: Option<Executable>,
}

#[derive(Debug, Deserialize)]
pub struct Executable {
    pub number: u64,
}

/// `GET /job/J/N/api/json`
#[derive(Debug, Deserialize)]
pub struct Build {
    #[serde(default)]
    pub building: Option<bool>,
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub duration: Option<u64>,
}

/// `GET /job/J/N/wfapi/describe` (Pipeline Stage View plugin)
#[derive(Debug, Deserialize)]
pub struct Describe {
    #[serde(default)]
    pub stages: Vec<WireStage>,
}

#[derive(Debug, Deserialize)]
pub struct WireStage {
    pub name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, rename = "durationMillis")]
    pub duration_millis: u64,
}

/// `GET /crumbIssuer/api/json`
#[derive(Debug, Deserialize)]
pub struct Crumb {
    pub crumb: String,
    #[serde(rename = "crumbRequestField")]
    pub field: String,
}
