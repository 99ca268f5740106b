//! `testbed serve` as a process: on SIGTERM it stops accepting connections, finishes the
//! requests it has (and their state writes) and the webhook deliveries it has queued, and exits
//! 0; its JSON log lines carry a delivery's fields and never the secret.

mod support;

use serde_json::{Value, json};
use support::process::{Process, SECRET, TOKEN, fresh_client};
use testbed::domain::PrNumber;
use testbed::sim::webhooks::{self, WebhookSender};

fn repo() -> testbed::domain::RepoName {
    testbed::demo::demo_repo()
}

fn pr(n: u64) -> PrNumber {
    PrNumber::new(n).unwrap()
}

async fn reconciled(process: &Process) {
    process
        .wait_for("the first reconcile", || async {
            !process.status().await["github"]["last_reconcile"].is_null()
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_open_writes_and_queued_deliveries_then_exits_0() {
    let mut process = Process::start(&["--log-json"]).await;
    reconciled(&process).await;
    let new_prs: Vec<PrNumber> = (0..4)
        .map(|i| process.sim.add_pr(&repo(), &format!("Shutdown test {i}"), "ada", 1).unwrap().0)
        .collect();

    // From now on GitHub holds every request, so each add waits on its lookup, and the first
    // delivery on its compare, with the deliveries after it queued behind it.
    process.sim.hang_next(1_000);
    let client = fresh_client();
    let adds: Vec<_> = new_prs
        .iter()
        .map(|number| {
            let request = client
                .post(process.url("/api/prs/add"))
                .bearer_auth(TOKEN)
                .json(&json!({ "prs": [number.get()] }));
            tokio::spawn(async move {
                let response = request.send().await.expect("an answer, not a dropped request");
                (response.status().as_u16(), response.json::<Value>().await.expect("JSON"))
            })
        })
        .collect();
    let sender = WebhookSender::new(process.url("/webhook"), SECRET.into()).unwrap();
    let before = process.sim.head(&repo(), pr(11201)).unwrap();
    let after = process.sim.push(&repo(), pr(11201), 1).unwrap();
    let push = webhooks::pull_request_synchronize(&repo(), pr(11201), &before, &after);
    assert_eq!(sender.send("pull_request", &push).await.unwrap().status(), 202);
    let renamed = [(11202, "Renamed while stopping A"), (11203, "Renamed while stopping B")];
    for (number, title) in renamed {
        process.sim.set_title(&repo(), pr(number), title).unwrap();
        let edit = webhooks::pull_request_edited(&repo(), pr(number), title, "old title");
        assert_eq!(sender.send("pull_request", &edit).await.unwrap().status(), 202);
    }
    let held = new_prs.len() as u64 + 1;
    process
        .wait_for("GitHub to hold the lookups and the compare", || async {
            process.sim.stats().faulted >= held
        })
        .await;

    process.terminate();
    process.wait_for_line("shutting down").await;
    process
        .wait_for("new connections to be refused", || async {
            fresh_client().get(process.url("/healthz")).send().await.is_err()
        })
        .await;
    process.sim.clear_faults();

    for add in adds {
        let (status, answer) = add.await.unwrap();
        assert_eq!(status, 200, "{answer:#}");
        assert_eq!(answer["results"][0]["outcome"], "done", "{answer:#}");
    }
    let status = process.exit_status().await;
    assert!(status.success(), "exit status {status:?}; printed:\n{}", process.printed());

    let text = std::fs::read_to_string(process.state_file()).unwrap();
    let file: Value = serde_json::from_str(&text).expect("the state file parses");
    let rows = file["prs"].as_array().unwrap();
    let find = |number: u64| rows.iter().find(|row| row["pr"] == number);
    for number in &new_prs {
        assert!(find(number.get()).is_some(), "acknowledged add of #{number} is not in the file");
    }
    for (number, title) in renamed {
        let row = find(number).unwrap();
        assert_eq!(row["title"], title, "a queued delivery was not applied before the exit");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_log_lines_carry_a_deliverys_fields_and_never_the_secret() {
    let mut process = Process::start(&["--log-json"]).await;
    reconciled(&process).await;
    let sender = WebhookSender::new(process.url("/webhook"), SECRET.into()).unwrap();
    let edit = webhooks::pull_request_edited(&repo(), pr(11204), "Logged title", "old title");
    let delivery = sender.delivery("pull_request", &edit);
    assert_eq!(sender.send_raw(&delivery).await.unwrap().status(), 202);
    let forged = sender.delivery("pull_request", &edit).forged();
    assert_eq!(sender.send_raw(&forged).await.unwrap().status(), 401);
    process
        .wait_for("the delivery to be applied", || async {
            process.status().await["system"]["webhooks_applied"] == 1
        })
        .await;
    process.terminate();
    assert!(process.exit_status().await.success(), "{}", process.printed());

    let printed = process.printed();
    let lines: Vec<Value> = printed
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(lines.iter().all(|line| line["level"].is_string() && line["timestamp"].is_string()));
    let deliveries: Vec<&Value> = lines
        .iter()
        .map(|line| &line["fields"])
        .filter(|f| f["message"] == "webhook delivery")
        .collect();
    let queued = deliveries.iter().find(|f| f["outcome"] == "queued").expect("a queued delivery");
    assert_eq!(queued["event"], "pull_request");
    assert_eq!(queued["action"], "edited");
    assert_eq!(queued["delivery"], delivery.id.as_str());
    assert_eq!(queued["pr"], 11204);
    assert!(deliveries.iter().any(|f| f["outcome"] == "unauthorized"));
    let signature = delivery.header("X-Hub-Signature-256").unwrap();
    for secret in [SECRET, TOKEN, &signature[7..]] {
        assert!(!printed.contains(secret), "the log shows {secret:?}");
    }
}
