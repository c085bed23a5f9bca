//! Shared harness for the end-to-end journeys and the benchmark: a static
//! file server for `dist/` (optionally under a sub-path), chromedriver, and a
//! Chromium session through fantoccini. Everything stays on 127.0.0.1.

pub mod axe;
pub mod dns;
pub mod doh;
pub mod graph;
pub mod images;
pub mod reference_server;
pub mod server;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

pub use server::StaticServer;

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ lives in the workspace")
        .to_path_buf()
}

/// The built app (`trunk build --release`), or `E2E_DIST`.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the app first (scripts/test does: trunk build --release)",
        dist.display()
    );
    dist
}

/// Where screenshots and page sources of failed journeys go.
pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("target").join("e2e-artifacts")
}

/// A running chromedriver on a free loopback port. Its browsers are closed
/// by [`Chromedriver::close_browsers`]; when dropped, chromedriver and
/// anything it started (its process group) are killed, so no Chromium
/// outlives a test even when a browser could not be closed.
pub struct Chromedriver {
    child: Child,
    pub url: String,
    browsers: std::sync::Mutex<Vec<Client>>,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            // The group chromedriver leads (see `process_group(0)`).
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Chromedriver {
    pub async fn start() -> Chromedriver {
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary}: {e} (scripts/bootstrap installs it)")
            });
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Chromedriver {
                    child,
                    url,
                    browsers: std::sync::Mutex::new(Vec::new()),
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("chromedriver did not start listening on port {port}");
    }

    /// A new browser with an empty profile (so an empty localStorage).
    pub async fn browser(&self) -> Client {
        let binary = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": binary,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync", "--window-size=1280,900"
                ]
            }),
        );
        let client = ClientBuilder::rustls()
            .expect("TLS set-up")
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session through chromedriver");
        if let Ok(mut browsers) = self.browsers.lock() {
            browsers.push(client.clone());
        }
        client
    }

    /// Ends every browser session this chromedriver started (Chromium quits
    /// and its profile is removed). Already closed ones are skipped.
    pub async fn close_browsers(&self) {
        let browsers = match self.browsers.lock() {
            Ok(mut browsers) => std::mem::take(&mut *browsers),
            Err(_) => Vec::new(),
        };
        for client in browsers {
            let _ = client.close().await;
        }
    }
}

/// Asks the OS for a free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One journey: the app served from `dist/` under `sub_path`, a fresh
/// browser, and a screenshot plus page source saved if the body panics.
pub async fn journey<F, Fut>(name: &str, sub_path: &str, body: F)
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    journey_in(dist_dir(), name, sub_path, body).await;
}

/// A journey over another build of the app (`dist`) served under `sub_path`.
pub async fn journey_in<F, Fut>(dist: PathBuf, name: &str, sub_path: &str, body: F)
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let server = StaticServer::start(dist, sub_path).await;
    journey_at(name, &server.url(), body).await;
    drop(server);
}

/// A journey against an app already served at `base` (ending in `/`).
pub async fn journey_at<F, Fut>(name: &str, base: &str, body: F)
where
    F: FnOnce(Session) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let session = Session::start(base).await;
    let client = session.client.clone();
    // Kept here so chromedriver outlives the body and can close every
    // browser the journey opened (second browsers included).
    let driver = session.driver.clone();
    let outcome = tokio::spawn(body(session)).await;
    if let Err(failure) = outcome {
        save_failure(&client, name).await;
        driver.close_browsers().await;
        std::panic::resume_unwind(failure.into_panic());
    }
    driver.close_browsers().await;
}

async fn save_failure(client: &Client, name: &str) {
    let dir = artifacts_dir();
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = client.screenshot().await {
        let path = dir.join(format!("{name}.png"));
        if std::fs::write(&path, png).is_ok() {
            eprintln!("screenshot of the failure: {}", path.display());
        }
    }
    if let Ok(html) = client.source().await {
        let _ = std::fs::write(dir.join(format!("{name}.html")), html);
    }
}

/// The element found is no longer in the page (it was replaced).
fn is_stale(error: &fantoccini::error::CmdError) -> bool {
    matches!(
        error,
        fantoccini::error::CmdError::Standard(e)
            if e.error == fantoccini::error::ErrorStatus::StaleElementReference
    )
}

/// A browser pointed at the served app, with helpers that wait.
#[derive(Clone)]
pub struct Session {
    pub client: Client,
    /// The app's URL, ending in `/`.
    pub base: String,
    driver: std::sync::Arc<Chromedriver>,
}

const WAIT: Duration = Duration::from_secs(15);

impl Session {
    /// A new browser (with its own chromedriver) on the app at `base`.
    pub async fn start(base: &str) -> Session {
        let driver = Chromedriver::start().await;
        Session {
            client: driver.browser().await,
            base: base.to_owned(),
            driver: std::sync::Arc::new(driver),
        }
    }

    /// A second, separate browser (its own storage) on the same app.
    pub async fn second_browser(&self) -> Session {
        Session {
            client: self.driver.browser().await,
            base: self.base.clone(),
            driver: self.driver.clone(),
        }
    }

    /// Opens `hash` (e.g. `#/connections`) and waits until the app is ready.
    pub async fn open(&self, hash: &str) {
        self.client
            .goto(&format!("{}{hash}", self.base))
            .await
            .expect("navigate");
        self.wait_ready().await;
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
        self.wait_ready().await;
    }

    pub async fn wait_ready(&self) {
        self.find("html[data-app-ready]").await;
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css}: {e}"))
    }

    pub async fn absent(&self, css: &str) {
        for _ in 0..150 {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} is still on the page");
    }

    /// Scrolls `css` to the middle of the window (clear of the sticky
    /// header, as a person would) and clicks it.
    pub async fn click(&self, css: &str) {
        for _ in 0..20 {
            let element = self.find(css).await;
            let arg = serde_json::to_value(&element).expect("element reference");
            let clicked = match self
                .client
                .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                .await
            {
                Ok(_) => element.click().await.map(|_| ()),
                Err(e) => Err(e),
            };
            match clicked {
                Ok(()) => return,
                // Replaced meanwhile (a placeholder giving way): find it again.
                Err(e) if is_stale(&e) || e.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
        panic!("{css} kept being replaced");
    }

    /// Replaces the text of an input, typing like a user.
    /// (WebDriver's own clear fires no `input` event; deleting text does.)
    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        let arg = serde_json::to_value(&input).expect("element reference");
        self.client
            .execute(
                "arguments[0].value = ''; \
                 arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![arg],
            )
            .await
            .expect("clear");
        if !text.is_empty() {
            input.send_keys(text).await.expect("type");
        }
    }

    /// The text of `css`. An element replaced between finding and reading
    /// it (a page's placeholder giving way to the page) is found again.
    pub async fn text(&self, css: &str) -> String {
        for _ in 0..20 {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(e) if is_stale(&e) => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => panic!("text of {css}: {e}"),
            }
        }
        panic!("{css} kept being replaced");
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        for _ in 0..20 {
            match self.find(css).await.attr(name).await {
                Ok(value) => return value,
                Err(e) if is_stale(&e) => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(e) => panic!("attribute {name} of {css}: {e}"),
            }
        }
        panic!("{css} kept being replaced");
    }

    /// Waits until the text of `css` satisfies `check`; returns it.
    pub async fn wait_text(&self, css: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if check(&text) {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css}: expected {what}, last text was {last:?}");
    }

    /// Turns this browser's DNS lookups off, as Settings does (records are
    /// then confirmed by hand), and reloads so every page reads it.
    pub async fn dns_lookups_off(&self) {
        self.script(r#"localStorage.setItem("mdm-prereqs.dns", '{"kind":"off"}');"#)
            .await;
        self.reload().await;
    }

    /// Step 1: adds `domain` and verifies it by hand through its dialog
    /// (DNS lookups off).
    pub async fn add_verified_domain(&self, domain: &str) {
        self.open("#/connections").await;
        self.dns_lookups_off().await;
        self.type_into("#domain-name", domain).await;
        self.click("#add-domain button[type=submit]").await;
        let row = format!("li[data-domain='{domain}']");
        self.click(&format!("{row} .actions .button.primary")).await;
        let dialog = format!("#domain-{}-verify", domain.replace('.', "-"));
        self.click(&format!("{dialog} .dialog-actions .button.primary"))
            .await;
        self.wait_text(
            &format!("{row} [data-role=verification]"),
            "verified",
            |t| t == "Verified",
        )
        .await;
    }

    /// Step 2: chooses the authority (`intune`, `configuration_manager`,
    /// `office365`) and confirms it in the dialog (without waiting for the
    /// outcome).
    pub async fn choose_authority(&self, key: &str) {
        self.open("#/authority").await;
        self.click(&format!("#authority-{key}")).await;
        self.click("#authority-form button[type=submit]").await;
        self.click("#authority-dialog-tick").await;
        self.click("#authority-dialog .dialog-actions .button.primary")
            .await;
    }

    /// Step 2: sets the authority (`intune`, `configuration_manager`,
    /// `office365`) through the confirmation dialog.
    pub async fn set_authority(&self, key: &str, label: &str) {
        self.choose_authority(key).await;
        self.wait_text("#authority-locked [data-role=authority]", label, |t| {
            t == label
        })
        .await;
    }

    /// Step 3: ticks the sample user `id` (1 Adele, 2 Alex, 3 Megan, 4 Lee,
    /// 5 Nestor) in the group editor's member picker, found by `search`.
    pub async fn pick_member(&self, search: &str, id: u64) {
        self.type_into("#group-members-search", search).await;
        self.click(&format!("#group-members-user-{id}")).await;
    }

    /// Step 3: opens the editor for a new user group with `members`
    /// (`(search, id)`, see [`Session::pick_member`]) and saves it.
    pub async fn create_user_group(&self, name: &str, members: &[(&str, u64)]) {
        self.click("#create-group").await;
        self.type_into("#group-name", name).await;
        for (search, id) in members {
            self.pick_member(search, *id).await;
        }
        self.wait_text("#group-editor .member-count", "members picked", |t| {
            t == format!("{} selected", members.len())
        })
        .await;
        self.click("#group-editor .dialog-actions .button.primary")
            .await;
    }

    /// Step 3: waits until `group`'s row shows `expected` members.
    pub async fn group_count(&self, group: &str, expected: &str) {
        self.wait_text(
            &format!("tr[data-group='{group}'] [data-role=count]"),
            "the member count",
            |t| t == expected,
        )
        .await;
    }

    /// Step 5: whether the user `upn` has a licence in the workspace.
    pub async fn licensed(&self, upn: &str) -> bool {
        self.attr(
            &format!("tr[data-upn='{upn}'] [data-role=license]"),
            "aria-checked",
        )
        .await
        .as_deref()
            == Some("true")
    }

    /// Step 5: empties the directory and sets `seats` purchased licences.
    pub async fn empty_directory_with_seats(&self, seats: u32) {
        self.open("#/licenses").await;
        self.click("#clear-directory").await;
        self.click("#clear-directory-dialog .dialog-actions .button.danger")
            .await;
        self.absent("tr[data-upn]").await;
        self.type_into("#purchased-licenses", &seats.to_string())
            .await;
        self.click("#purchased-form button[type=submit]").await;
        let usage = format!("0 / {seats}");
        self.wait_text("#seat-usage", &usage, |t| t.contains(&usage))
            .await;
    }

    /// Step 5: adds a cloud user (with a usage location if given) and
    /// waits for its row.
    pub async fn add_user(&self, name: &str, upn: &str, location: Option<&str>) {
        self.type_into("#new-user-name", name).await;
        self.type_into("#new-user-upn", upn).await;
        if let Some(code) = location {
            self.click(&format!("#new-user-location option[value='{code}']"))
                .await;
        }
        self.click("#add-user button[type=submit]").await;
        self.find(&format!("tr[data-upn='{upn}']")).await;
    }

    /// Step 6: chooses the Apple push certificate `file` and waits until
    /// the page has read its topic.
    pub async fn choose_certificate(&self, file: &Path) {
        self.client
            .find(Locator::Css("#apple-certificate"))
            .await
            .expect("file input")
            .send_keys(&file.to_string_lossy())
            .await
            .expect("upload");
        self.wait_text("#apple-certificate-status", "the chosen file", |t| {
            t.contains("topic")
        })
        .await;
    }

    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client.execute(js, vec![]).await.expect("script")
    }

    /// Captures what the app offers as a download (the Blob behind the link).
    pub async fn capture_downloads(&self) {
        self.script(
            "window.__downloads = []; const original = URL.createObjectURL; \
             URL.createObjectURL = function (blob) { window.__downloads.push(blob); return original.call(URL, blob); };",
        )
        .await;
    }

    pub async fn last_download(&self) -> String {
        let value = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const blobs = window.__downloads || []; \
                 if (!blobs.length) { done(null); } else { blobs[blobs.length - 1].text().then(done); }",
                vec![],
            )
            .await
            .expect("read the download");
        value.as_str().expect("a download was offered").to_owned()
    }
}
