//! A minimal reader of server-sent events, enough to follow `/api/events` in tests.

#![allow(dead_code)]

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

pub struct SseEvent {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

impl SseEvent {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).expect("event data is JSON")
    }
}

pub struct SseReader {
    body: futures::stream::BoxStream<'static, reqwest::Result<axum::body::Bytes>>,
    buffer: String,
}

impl SseReader {
    pub async fn connect(url: &str, last_event_id: Option<&str>) -> Self {
        let mut request = reqwest::Client::new().get(url);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("connect to the event stream");
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap_or("").to_owned();
        assert!(content_type.starts_with("text/event-stream"), "{content_type}");
        Self { body: response.bytes_stream().boxed(), buffer: String::new() }
    }

    /// The next event (heartbeat comments skipped), or None if none comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<SseEvent> {
        tokio::time::timeout(wait, self.next()).await.ok().flatten()
    }

    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
                continue;
            }
            let chunk = self.body.next().await?.ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

fn parse(block: &str) -> Option<SseEvent> {
    let mut event = SseEvent { event: "message".to_owned(), id: None, data: String::new() };
    let mut any = false;
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event.event = value.to_owned(),
            "id" => event.id = Some(value.to_owned()),
            "data" => {
                if any {
                    event.data.push('\n');
                }
                event.data.push_str(value);
                any = true;
            }
            _ => {}
        }
    }
    any.then_some(event)
}
