//! A burst of deliveries as fast as they can be sent, some forged: every forged one is refused,
//! every genuine one queued exactly once, and the receiver keeps answering.

#[path = "webhook_support.rs"]
mod support;

use std::collections::HashMap;

use futures::StreamExt;
use support::{answer, config, pr, repo, sha, start};
use testbed::sim::webhooks;

const DELIVERIES: u64 = 1_000;
const IN_FLIGHT: usize = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_deliveries_with_one_in_ten_forged() {
    let mut receiver = start(config()).await;
    let sender = &receiver.sender;
    // Fifty PRs' payloads, each sent twenty times under fresh ids: signing and serialising are
    // slow in debug builds, and the receiver does not care that bodies repeat.
    let bodies: Vec<_> = (0..50)
        .map(|i| {
            let payload =
                webhooks::pull_request_synchronize(&repo(), pr(11_000 + i), &sha(i), &sha(i + 1));
            sender.delivery("pull_request", &payload)
        })
        .collect();
    let deliveries: Vec<_> = (0..DELIVERIES)
        .map(|i| {
            let raw = bodies[(i % 50) as usize].clone().with_id(&webhooks::new_delivery_id());
            let forged = i % 10 == 3;
            (if forged { raw.forged() } else { raw }, forged)
        })
        .collect();
    let started = std::time::Instant::now();
    let answers: Vec<_> = futures::stream::iter(&deliveries)
        .map(|(raw, forged)| async move {
            let response = sender.send_raw(raw).await.expect("the receiver answers");
            (raw.id.clone(), *forged, response.status().as_u16())
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;

    eprintln!("{DELIVERIES} deliveries answered in {:?}", started.elapsed());
    let mut genuine = HashMap::new();
    for (id, forged, status) in &answers {
        assert_eq!(*status, if *forged { 401 } else { 202 }, "{id} forged={forged}");
        if !forged {
            genuine.insert(id.clone(), 0u32);
        }
    }
    assert_eq!(genuine.len(), 900);
    while let Some(delivery) = receiver.queued() {
        let seen = genuine.get_mut(&delivery.id).expect("only genuine deliveries are queued");
        *seen += 1;
    }
    assert!(genuine.values().all(|seen| *seen == 1), "each genuine delivery queued once");

    let stats = receiver.intake.stats();
    assert_eq!((stats.received, stats.queued, stats.unauthorized), (1_000, 900, 100));
    let (status, _) = answer(receiver.sender.send("ping", &webhooks::ping()).await.unwrap()).await;
    assert_eq!(status, 200, "still answering after the burst");
}
