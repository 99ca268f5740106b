//! Headless Chromium (Debian's package) driving the dashboard as a person would: real clicks
//! and key presses through the DevTools protocol, reading what is on screen through the
//! components' shadow roots.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::input::{
    DispatchKeyEventParams, DispatchKeyEventType, InsertTextParams,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::layout::Point;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;

/// Where Debian installs Chromium; `TESTBED_CHROMIUM` points elsewhere.
fn chromium_path() -> PathBuf {
    let path = std::env::var_os("TESTBED_CHROMIUM").map(PathBuf::from);
    let path = path.unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "Chromium is needed for the dashboard tests and is not at {}: install Debian's \
         `chromium` package (.ci/run does), or set TESTBED_CHROMIUM",
        path.display()
    );
    path
}

/// Functions every expression may use: `deep(selector)` finds an element inside any shadow
/// root, `deepAll` all of them, `textOf(element)` the text a person reads there.
const PRELUDE: &str = r#"
const deepAll = (selector, root = document) => {
  const found = [...root.querySelectorAll(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) found.push(...deepAll(selector, element.shadowRoot));
  }
  return found;
};
const deep = (selector) => deepAll(selector)[0] ?? null;
const textOf = (node) => {
  if (!node) return '';
  if (node.nodeType === Node.TEXT_NODE) return node.data;
  if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) {
    return '';
  }
  if (node.tagName === 'STYLE' || node.tagName === 'SCRIPT') return '';
  const children = node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
  return [...children].map(textOf).join(' ');
};
const words = (node) => textOf(node).replace(/\s+/g, ' ').trim();
const focused = () => {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
};
"#;

pub struct Chromium {
    browser: Browser,
    handler: JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Chromium {
    pub async fn launch() -> Self {
        Self::launch_sized(1280, 900).await
    }

    pub async fn launch_sized(width: u32, height: u32) -> Self {
        let profile = tempfile::tempdir().expect("profile folder");
        let config = BrowserConfig::builder()
            .chrome_executable(chromium_path())
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(width, height)
            .viewport(chromiumoxide::handler::viewport::Viewport {
                width,
                height,
                ..Default::default()
            })
            // Without these, Chromium keeps dialling Google's hosts, which a closed network
            // refuses, many at a time.
            .args([
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .request_timeout(Duration::from_secs(20))
            .build()
            .expect("Chromium configuration");
        let (browser, mut events) = Browser::launch(config).await.expect("start Chromium");
        let handler = tokio::spawn(async move { while events.next().await.is_some() {} });
        Self { browser, handler, _profile: profile }
    }

    /// A new tab on `url`, once the dashboard has drawn its table.
    pub async fn open(&self, url: &str) -> Tab {
        let page = self.browser.new_page("about:blank").await.expect("new tab");
        // Count alerts instead of showing them: a title that runs script would call one.
        page.evaluate_on_new_document(
            "window.__alerts = 0; window.alert = () => window.__alerts++;",
        )
        .await
        .expect("install the alert counter");
        page.goto(url).await.expect("navigate");
        let tab = Tab { page };
        tab.wait_until("the dashboard is drawn", "deep('h1') !== null").await;
        tab
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        self.handler.abort();
    }
}

pub struct Tab {
    pub page: Page,
}

impl Tab {
    /// The value of a JavaScript expression, with the prelude's helpers in scope.
    pub async fn eval<T: DeserializeOwned>(&self, expression: &str) -> T {
        let source = format!("(async () => {{ {PRELUDE}\n return ({expression}); }})()");
        let params = EvaluateParams::builder()
            .expression(source)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .expect("evaluate parameters");
        let result = self.page.evaluate(params).await;
        let result = result.unwrap_or_else(|err| panic!("evaluating {expression}: {err}"));
        result.into_value().unwrap_or_else(|err| panic!("the value of {expression}: {err}"))
    }

    /// Waits for `condition` to hold, or fails naming `what` and showing the page's text.
    pub async fn wait_until(&self, what: &str, condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.eval::<bool>(&format!("Boolean({condition})")).await {
                return;
            }
            if Instant::now() > deadline {
                let text: String = self.eval("words(document.body)").await;
                panic!("timed out waiting until {what}; the page says: {text}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The words a person reads in the first element matching `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.eval(&format!("words(deep({}))", js_string(selector))).await
    }

    /// Everything the page says.
    pub async fn page_text(&self) -> String {
        self.eval("words(document.body)").await
    }

    /// A real mouse click in the middle of the element, which must be the element on top there.
    pub async fn click(&self, selector: &str) {
        let found = js_string(selector);
        let (x, y, on_top): (f64, f64, String) = self
            .eval(&format!(
                "(() => {{ const e = deep({found}); if (!e) return [-1, -1, ''];
                   e.scrollIntoView({{block: 'center'}});
                   const r = e.getBoundingClientRect();
                   const x = r.x + r.width / 2, y = r.y + r.height / 2;
                   let hit = document.elementFromPoint(x, y);
                   while (hit?.shadowRoot) {{
                     const inner = hit.shadowRoot.elementFromPoint(x, y);
                     if (!inner || inner === hit) break;
                     hit = inner;
                   }}
                   const top = e === hit || e.contains(hit) ? '' : (hit?.outerHTML ?? 'nothing');
                   return [x, y, top.slice(0, 200)]; }})()"
            ))
            .await;
        assert!(x >= 0.0, "nothing on the page matches {selector}");
        assert!(on_top.is_empty(), "{selector} is covered by {on_top}");
        self.page.click(Point { x, y }).await.expect("click");
    }

    /// Text typed into the focused element.
    pub async fn type_text(&self, text: &str) {
        let insert = InsertTextParams::new(text);
        self.page.execute(insert).await.expect("type");
    }

    /// One key press: `Tab`, `Shift+Tab`, `Enter` or `Space`.
    pub async fn press(&self, key: &str) {
        let (name, code, key_code, text, modifiers) = match key {
            "Tab" => ("Tab", "Tab", 9, None, 0),
            "Shift+Tab" => ("Tab", "Tab", 9, None, 8),
            "Enter" => ("Enter", "Enter", 13, Some("\r"), 0),
            "Space" => (" ", "Space", 32, Some(" "), 0),
            other => panic!("no key {other} in this harness"),
        };
        for kind in [DispatchKeyEventType::KeyDown, DispatchKeyEventType::KeyUp] {
            let mut event = DispatchKeyEventParams::builder()
                .r#type(kind.clone())
                .key(name)
                .code(code)
                .windows_virtual_key_code(key_code)
                .native_virtual_key_code(key_code)
                .modifiers(modifiers);
            if let (DispatchKeyEventType::KeyDown, Some(text)) = (&kind, text) {
                event = event.text(text);
            }
            let event = event.build().expect("key event");
            self.page.execute(event).await.expect("key press");
        }
    }

    /// A short description of the focused element: its id, its label, or its text.
    pub async fn focused(&self) -> String {
        self.eval(
            "(() => { const e = focused(); if (!e) return '';
               return e.id || e.getAttribute('aria-label') || words(e); })()",
        )
        .await
    }

    /// Presses Tab until the focused element is `target` (as [`Tab::focused`] names it).
    pub async fn tab_to(&self, target: &str, at_most: usize) {
        self.move_focus_to("Tab", target, at_most).await;
    }

    /// Presses Shift+Tab until the focused element is `target`.
    pub async fn shift_tab_to(&self, target: &str, at_most: usize) {
        self.move_focus_to("Shift+Tab", target, at_most).await;
    }

    async fn move_focus_to(&self, key: &str, target: &str, at_most: usize) {
        let mut visited = Vec::new();
        for _ in 0..at_most {
            self.press(key).await;
            let now = self.focused().await;
            if now == target {
                return;
            }
            visited.push(now);
        }
        panic!("{target} was not reached with {at_most} presses of {key}: {visited:?}");
    }

    pub async fn screenshot(&self, path: &std::path::Path) {
        use chromiumoxide::page::ScreenshotParams;
        let params = ScreenshotParams::builder().full_page(true).build();
        self.page.save_screenshot(params, path).await.expect("screenshot");
    }
}

/// `text` as a JavaScript string literal.
pub fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
