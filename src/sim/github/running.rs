//! Serving the simulator on loopback, and stopping it.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::server::router;
use super::{GithubSim, SimError};

/// A simulator answering on loopback. Dropping it stops the server.
pub struct RunningSim {
    addr: SocketAddr,
    base_url: String,
    sim: GithubSim,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningSim {
    /// `http://127.0.0.1:PORT`, the API base URL to give the client.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting requests, wakes hanging ones, and waits briefly for answers in flight.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.sim.inner.release.notify_waiters();
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(2), &mut task).await.is_err()
        {
            task.abort();
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl GithubSim {
    /// Serves the simulator on `addr` (port 0 picks a free port).
    pub async fn serve(&self, addr: SocketAddr) -> Result<RunningSim, SimError> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = router(self.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(error) = served.await {
                tracing::warn!(%error, "simulated GitHub stopped");
            }
        });
        Ok(RunningSim {
            addr,
            base_url: format!("http://{addr}"),
            sim: self.clone(),
            stop: Some(stop),
            task: Some(task),
        })
    }
}
