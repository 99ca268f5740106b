//! The dashboard's budget: navigation to the table drawn with 100 PRs, in headless Chromium
//! (Debian's package), and the size of the JavaScript a browser downloads.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;

use super::{Row, percentile};

const CHROMIUM: &str = "/usr/bin/chromium";
const LOADS: usize = 20;

pub async fn page_rows(base: &str) -> anyhow::Result<Vec<Row>> {
    let bundle = bundle_gzipped_bytes(base).await?;
    let size = Row {
        what: "dashboard JavaScript, gzipped",
        budget: "<= 30 KB",
        measured: format!("{:.1} KB", bundle as f64 / 1024.0),
    };
    if !Path::new(CHROMIUM).exists() {
        let missing = Row {
            what: "page, 100 PRs: navigation -> table drawn",
            budget: "< 200 ms",
            measured: format!("not measured: no Chromium at {CHROMIUM}"),
        };
        return Ok(vec![missing, size]);
    }
    let times = render_times(&format!("{base}/status/v2")).await?;
    let first = times[0];
    let mut warm: Vec<f64> = times[1..].to_vec();
    warm.sort_by(f64::total_cmp);
    let render = Row {
        what: "page, 100 PRs: navigation -> table drawn",
        budget: "< 200 ms",
        measured: format!(
            "first visit {first:.0} ms; then p50 {:.0} ms, max {:.0} ms ({} loads)",
            percentile(&warm, 0.5),
            warm.last().copied().unwrap_or(f64::NAN),
            warm.len()
        ),
    };
    Ok(vec![render, size])
}

/// The bytes of the bundle as sent to a browser that accepts gzip.
async fn bundle_gzipped_bytes(base: &str) -> anyhow::Result<usize> {
    let http = reqwest::Client::new();
    let page = http.get(format!("{base}/status/v2")).send().await?.text().await?;
    let path = page
        .split("src=\"")
        .find_map(|rest| rest.split('"').next().filter(|src| src.contains("dashboard.js")))
        .context("the page names no bundle")?;
    let answer = http.get(format!("{base}{path}")).header("accept-encoding", "gzip").send().await?;
    anyhow::ensure!(
        answer.headers().get("content-encoding").is_some_and(|value| value == "gzip"),
        "the bundle was not sent gzipped"
    );
    Ok(answer.bytes().await?.len())
}

/// Milliseconds from navigation start to the table's first drawing, one per load of the page
/// in one tab, as a maintainer reloading it would see: the first load pays for starting the
/// tab and fetching the bundle, the others find the bundle cached.
async fn render_times(url: &str) -> anyhow::Result<Vec<f64>> {
    let profile = tempfile::tempdir()?;
    let config = BrowserConfig::builder()
        .chrome_executable(CHROMIUM)
        .no_sandbox()
        .user_data_dir(profile.path())
        .window_size(1280, 900)
        .args([
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .build()
        .map_err(anyhow::Error::msg)?;
    let (mut browser, mut events) = Browser::launch(config).await?;
    let handler = tokio::spawn(async move { while events.next().await.is_some() {} });
    let page = browser.new_page(url).await?;
    let mut times = vec![table_drawn_at(&page).await?];
    for _ in 1..LOADS {
        page.goto(url).await?;
        times.push(table_drawn_at(&page).await?);
    }
    page.close().await?;
    browser.close().await?;
    handler.abort();
    Ok(times)
}

/// The `tb-table-rendered` mark the table sets on its first drawing with rows.
async fn table_drawn_at(page: &Page) -> anyhow::Result<f64> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let params = EvaluateParams::builder()
            .expression("performance.getEntriesByName('tb-table-rendered')[0]?.startTime ?? -1")
            .return_by_value(true)
            .build()
            .map_err(anyhow::Error::msg)?;
        let at: f64 = page.evaluate(params).await?.into_value()?;
        if at >= 0.0 {
            return Ok(at);
        }
        anyhow::ensure!(Instant::now() < deadline, "the table was never drawn");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
