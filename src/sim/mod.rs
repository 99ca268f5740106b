//! Simulated services for tests, benchmarks and `testbed demo`: real HTTP servers on loopback
//! with in-memory state and injectable faults.

pub mod github;
pub mod jenkins;
pub mod webhooks;

pub use github::{
    DEMO_FIXTURE, DEMO_OAUTH_CLIENT_ID, DEMO_OAUTH_CLIENT_SECRET, DEMO_TOKEN, EndpointKind,
    GithubSim, RunningSim, SimError, SimStats,
};
