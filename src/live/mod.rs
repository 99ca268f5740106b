//! The live snapshot: one in-memory value, rebuilt once per change, serialized once, and handed
//! to every reader and every event-stream subscriber. No read ever waits on GitHub.

mod snapshot;
mod status;

pub use snapshot::{
    BuildSection, DeployedPr, FlagsSection, Inputs, PrRow, Problem, Snapshot, TestingSet, build,
};
pub use status::{GithubStatus, Integrations, ReconcileSummary, SystemInfo};

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use chrono::Utc;
use tokio::sync::watch;

/// A snapshot as readers receive it: already serialized, with its ETag.
#[derive(Debug)]
pub struct Published {
    pub version: u64,
    pub etag: String,
    pub json: Bytes,
    pub snapshot: Snapshot,
}

/// Owns the inputs of the snapshot and publishes a new one after every change.
pub struct Live {
    inputs: Mutex<(Inputs, u64)>,
    sender: watch::Sender<Arc<Published>>,
    /// Turns true when the server shuts down, so event streams end and the shutdown is not held
    /// up by browsers that would keep them open forever.
    closing: watch::Sender<bool>,
    /// Distinguishes this process's versions from an earlier run's, so a cached ETag from
    /// before a restart never matches by accident.
    epoch: String,
}

impl Live {
    pub fn new(inputs: Inputs) -> Self {
        let epoch = format!("{:x}", Utc::now().timestamp_millis());
        let first = publish(&inputs, 1, &epoch);
        let (sender, _) = watch::channel(Arc::new(first));
        let (closing, _) = watch::channel(false);
        Self { inputs: Mutex::new((inputs, 1)), sender, closing, epoch }
    }

    /// Ends every event stream, now and for streams opened later.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Live::close`] has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            // An error means the sender is gone, which is a shutdown too.
            let _ = closing.wait_for(|closed| *closed).await;
        }
    }

    pub fn current(&self) -> Arc<Published> {
        self.sender.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }

    /// Number of event-stream subscribers connected now.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Changes the inputs and publishes the new snapshot.
    pub fn update(&self, change: impl FnOnce(&mut Inputs)) {
        let mut guard = self.inputs.lock().unwrap_or_else(PoisonError::into_inner);
        let (inputs, version) = &mut *guard;
        change(inputs);
        *version += 1;
        let published = publish(inputs, *version, &self.epoch);
        // Sent while holding the lock, so subscribers see versions in order.
        self.sender.send_replace(Arc::new(published));
    }

    /// Reads the inputs without publishing.
    pub fn read<T>(&self, read: impl FnOnce(&Inputs) -> T) -> T {
        let guard = self.inputs.lock().unwrap_or_else(PoisonError::into_inner);
        read(&guard.0)
    }
}

fn publish(inputs: &Inputs, version: u64, epoch: &str) -> Published {
    let snapshot = build(inputs, version, Utc::now());
    // Serializing plain data with string keys cannot fail; an empty body would show it if it did.
    let json = serde_json::to_vec(&snapshot).unwrap_or_default();
    Published { version, etag: format!("\"{epoch}-{version}\""), json: Bytes::from(json), snapshot }
}
