//! Accessibility checks with axe-core (the npm package `scripts/bootstrap`
//! installs into `.tools/npm`): injected into the page and run there, over
//! the WCAG 2.0 and 2.1 A and AA rules.

use crate::{workspace_root, Session};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

/// The rule sets every page must pass.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The rule sets to run: [`TAGS`], or the comma-separated `AXE_TAGS` (for
/// example `AXE_TAGS=best-practice` to look further).
pub fn tags() -> Vec<String> {
    match std::env::var("AXE_TAGS") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        _ => TAGS.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// `axe.min.js`: `AXE_CORE_JS`, or the copy `scripts/bootstrap` installed.
pub fn axe_path() -> PathBuf {
    std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".tools/npm/node_modules/axe-core/axe.min.js"))
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e} (scripts/bootstrap installs axe-core)",
                path.display()
            )
        })
    })
}

/// One failed rule and the elements that fail it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// CSS selectors that find the element (one per frame or shadow root).
    pub target: Vec<String>,
    pub summary: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "  [{}] {}: {} ({})",
            self.impact, self.id, self.help, self.help_url
        )?;
        for node in &self.nodes {
            writeln!(f, "      {}", node.target.join(" >>> "))?;
            for line in node.summary.lines() {
                writeln!(f, "          {line}")?;
            }
        }
        Ok(())
    }
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
    runOnly: { type: 'tag', values: arguments[0] },
    resultTypes: ['violations'],
}).then(
    (results) => done({ violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact || '',
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
            target: n.target.map((t) => Array.isArray(t) ? t.join(' ') : String(t)),
            summary: n.failureSummary || '',
        })),
    })) }),
    (error) => done({ error: String(error && error.stack || error) }),
);
"#;

/// Runs axe-core on the page as it is now.
pub async fn violations(s: &Session) -> Vec<Violation> {
    let present = s.script("return typeof window.axe === 'object';").await;
    if present != Value::Bool(true) {
        s.client
            .execute(axe_source(), vec![])
            .await
            .expect("inject axe-core");
    }
    // Let the page settle (a render after the last input, a dialog opening).
    tokio::time::sleep(Duration::from_millis(150)).await;
    let answer = s
        .client
        .execute_async(RUN, vec![json!(tags())])
        .await
        .expect("axe.run");
    if let Some(error) = answer.get("error") {
        panic!("axe.run failed: {error}");
    }
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    answer["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| Violation {
            id: text(v, "id"),
            impact: text(v, "impact"),
            help: text(v, "help"),
            help_url: text(v, "helpUrl"),
            nodes: v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| Node {
                    target: n["target"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|t| t.as_str().unwrap_or_default().to_owned())
                        .collect(),
                    summary: text(n, "summary"),
                })
                .collect(),
        })
        .collect()
}

const DUPLICATE_IDS: &str = r#"
const seen = new Map();
for (const el of document.querySelectorAll('[id]')) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
}
return [...seen].filter(([, n]) => n > 1).map(([id, n]) => [id, n]);
"#;

/// Ids used by more than one element (axe-core no longer checks this by
/// default, and labels, `aria-describedby` and dialogs rely on unique ids).
pub async fn duplicate_ids(s: &Session) -> Vec<Violation> {
    let found = s.script(DUPLICATE_IDS).await;
    found
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            let id = pair[0].as_str().unwrap_or_default();
            Violation {
                id: "duplicate-id".into(),
                impact: "serious".into(),
                help: format!("id \"{id}\" is used {} times", pair[1]),
                help_url: "https://www.w3.org/TR/WCAG21/#parsing".into(),
                nodes: vec![Node {
                    target: vec![format!("[id=\"{id}\"]")],
                    summary: String::new(),
                }],
            }
        })
        .collect()
}

/// Collects the violations of several pages and states, so that one run
/// reports all of them.
#[derive(Debug, Default)]
pub struct Audit {
    checked: Vec<String>,
    failures: Vec<(String, Vec<Violation>)>,
}

impl Audit {
    pub fn new() -> Audit {
        Audit::default()
    }

    /// Checks the page as it is now; `what` names the page and its state.
    pub async fn check(&mut self, s: &Session, what: &str) {
        let mut found = violations(s).await;
        found.extend(duplicate_ids(s).await);
        let url = s
            .client
            .current_url()
            .await
            .map(|u| u.fragment().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let label = format!("{what} (#{url})");
        if !found.is_empty() {
            eprintln!("axe: {} violation(s) on {label}", found.len());
            self.failures.push((label.clone(), found));
        }
        self.checked.push(label);
    }

    /// Panics listing every violation found, if any.
    pub fn finish(self) {
        if self.failures.is_empty() {
            eprintln!("axe: no violations in {} checks", self.checked.len());
            return;
        }
        let mut report = format!(
            "axe-core found violations in {} of {} checks:\n",
            self.failures.len(),
            self.checked.len()
        );
        for (label, found) in &self.failures {
            report.push_str(&format!("{label}:\n"));
            for violation in found {
                report.push_str(&violation.to_string());
            }
        }
        panic!("{report}");
    }
}
