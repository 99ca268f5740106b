//! The HTTP answers, shaped like Jenkins' own (only the fields a client reads, plus `_class`).

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Value, json};

use super::timeline::{BuildView, QueueView, SimBuild};
use super::{JenkinsSim, State as SimState, TriggeredBuild};

const CRUMB_FIELD: &str = "Jenkins-Crumb";
const SESSION_COOKIE: &str = "JSESSIONID.sim";

pub(super) fn router(sim: JenkinsSim) -> Router {
    Router::new()
        .route("/job/{job}/buildWithParameters", post(trigger))
        .route("/queue/item/{id}/api/json", get(queue_item))
        .route("/job/{job}/{number}/api/json", get(build))
        .route("/job/{job}/{number}/wfapi/describe", get(stages))
        .route("/crumbIssuer/api/json", get(crumb))
        .layer(middleware::from_fn_with_state(sim.clone(), gate))
        .with_state(sim)
}

/// Counts every request, then applies the faults a test asked for.
async fn gate(State(sim): State<JenkinsSim>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let kind = if path.ends_with("/buildWithParameters") {
        0
    } else if path.starts_with("/crumbIssuer/") {
        1
    } else if path.starts_with("/queue/") {
        2
    } else if path.ends_with("/wfapi/describe") {
        4
    } else if path.starts_with("/job/") {
        3
    } else {
        5
    };
    sim.shared.counts[kind].fetch_add(1, Ordering::SeqCst);

    let mut hang = sim.shared.hang.subscribe();
    while *hang.borrow_and_update() {
        if hang.changed().await.is_err() {
            break;
        }
    }
    if sim.shared.refuse_all.load(Ordering::SeqCst) {
        return (StatusCode::FORBIDDEN, "Access Denied").into_response();
    }
    if !authorized(&sim.state(), request.headers()) {
        return (StatusCode::UNAUTHORIZED, "Authentication required").into_response();
    }
    next.run(request).await
}

async fn trigger(
    State(sim): State<JenkinsSim>,
    Path(job): Path<String>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let params = form.map(|Form(params)| params).unwrap_or_default();
    let mut state = sim.state();
    if job != state.settings.job {
        return (StatusCode::NOT_FOUND, "No such job").into_response();
    }
    let authenticated = state.authorization.is_some() && authorized(&state, &headers);
    if state.crumb_required && !authenticated {
        let session = cookie(&headers, SESSION_COOKIE);
        let expected = session.and_then(|session| state.sessions.get(&session));
        let sent = headers.get(CRUMB_FIELD).and_then(|value| value.to_str().ok());
        if expected.is_none() || expected.map(String::as_str) != sent {
            return (StatusCode::FORBIDDEN, "No valid crumb was included in the request")
                .into_response();
        }
    }
    // Jenkins takes the token from the body or the query; both are accepted here too, and
    // `TriggeredBuild::query` shows which one a client used.
    let token = params.get("token").or_else(|| query.get("token"));
    if token != Some(&state.settings.token) {
        return (StatusCode::FORBIDDEN, "Invalid token").into_response();
    }

    let queue_id = state.next_queue_id;
    state.next_queue_id += 1;
    let number = state.next_number;
    state.next_number += 1;
    let build = SimBuild {
        queue_id,
        number,
        queued_at: state.now(),
        queue_delay: state.settings.queue_delay,
        stage_duration: state.settings.stage_duration,
        stages: state.settings.stages.clone(),
        outcome: state.next_outcome.take().unwrap_or_default(),
        cancelled: false,
    };
    state.builds.push(build);
    state.triggered.push(TriggeredBuild { params, query, at: Utc::now(), queue_id });
    let location = format!("{}/queue/item/{queue_id}/", state.base_url);
    tracing::debug!(queue_id, number, "simulated build queued");
    (StatusCode::CREATED, [(header::LOCATION, location)]).into_response()
}

async fn queue_item(State(sim): State<JenkinsSim>, Path(id): Path<u64>) -> Response {
    let state = sim.state();
    let Some(build) = state.builds.iter().find(|build| build.queue_id == id) else {
        return not_found();
    };
    let body = match build.queue_view(state.now()) {
        QueueView::Waiting => json!({
            "_class": "hudson.model.Queue$WaitingItem",
            "id": id,
            "blocked": false,
            "buildable": false,
            "why": "Waiting for next available executor",
        }),
        QueueView::Cancelled => json!({
            "_class": "hudson.model.Queue$LeftItem",
            "id": id,
            "cancelled": true,
            "why": null,
            "executable": null,
        }),
        QueueView::Started => json!({
            "_class": "hudson.model.Queue$LeftItem",
            "id": id,
            "cancelled": false,
            "why": null,
            "executable": {
                "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
                "number": build.number,
                "url": build_url(&state.base_url, &state.settings.job, build.number),
            },
        }),
    };
    Json(body).into_response()
}

async fn build(
    State(sim): State<JenkinsSim>,
    Path((job, number)): Path<(String, u64)>,
) -> Response {
    let state = sim.state();
    let Some((build, view)) = find_build(&state, &job, number) else {
        return not_found();
    };
    Json(json!({
        "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        "number": build.number,
        "displayName": format!("#{}", build.number),
        "url": build_url(&state.base_url, &job, build.number),
        "building": view.building,
        "result": view.result,
        // Jenkins reports 0 until the build is over.
        "duration": if view.building { 0 } else { view.duration_ms },
        "queueId": build.queue_id,
    }))
    .into_response()
}

async fn stages(
    State(sim): State<JenkinsSim>,
    Path((job, number)): Path<(String, u64)>,
) -> Response {
    let state = sim.state();
    let Some((build, view)) = find_build(&state, &job, number) else {
        return not_found();
    };
    let status = match view.result {
        None => "IN_PROGRESS",
        Some("FAILURE") => "FAILED",
        Some(other) => other,
    };
    let stages: Vec<Value> = view
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            json!({
                "id": (index + 6).to_string(),
                "name": stage.name,
                "status": stage.status,
                "durationMillis": stage.duration_ms,
                "pauseDurationMillis": 0,
            })
        })
        .collect();
    Json(json!({
        "id": build.number.to_string(),
        "name": format!("#{}", build.number),
        "status": status,
        "durationMillis": view.duration_ms,
        "stages": stages,
    }))
    .into_response()
}

async fn crumb(State(sim): State<JenkinsSim>) -> Response {
    let mut state = sim.state();
    if !state.crumb_required {
        return not_found();
    }
    let session = format!("session{}", state.sessions.len() + 1);
    let crumb = format!("crumb-{}-{}", state.sessions.len() + 1, state.next_queue_id);
    state.sessions.insert(session.clone(), crumb.clone());
    let cookie = format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly");
    let body = json!({
        "_class": "hudson.security.csrf.DefaultCrumbIssuer",
        "crumb": crumb,
        "crumbRequestField": CRUMB_FIELD,
    });
    ([(header::SET_COOKIE, cookie)], Json(body)).into_response()
}

fn find_build<'a>(
    state: &'a SimState,
    job: &str,
    number: u64,
) -> Option<(&'a SimBuild, BuildView)> {
    if job != state.settings.job {
        return None;
    }
    let build = state.builds.iter().find(|build| build.number == number)?;
    let view = build.build_view(state.now())?;
    Some((build, view))
}

fn authorized(state: &SimState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.authorization else { return true };
    headers.get(header::AUTHORIZATION).is_some_and(|sent| sent.as_bytes() == expected.as_bytes())
}

fn build_url(base_url: &str, job: &str, number: u64) -> String {
    format!("{base_url}/job/{job}/{number}/")
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not Found").into_response()
}
