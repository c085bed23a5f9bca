//! Layouts that fit: with every value at (or near) its limit — a 256-character
//! group name without a space, user names and display names at their
//! limits, a 253-character domain, long portal texts and device
//! descriptions — no page scrolls sideways on a phone (390 px) or a laptop
//! (1280 px), tables scroll inside their own box, the long group's buttons
//! stay on screen, and on the phone the header keeps to a small strip.

use domain::testing::push_certificate;
use domain::{
    encode, image, Command, CompanyPortal, GroupKind, MdmAuthority, ResetScenario, Setup, StepId,
    Timestamp, VerificationMethod,
};
use e2e::{journey, Session};
use serde_json::json;

const DAY: i64 = 86_400_000;

/// The row of the user whose display name has 256 characters and no space.
const LONG_USER: &str = "tr[data-upn^='hubert.blaine.']";

/// `pattern` repeated, cut to exactly `chars` characters.
fn cut(pattern: &str, chars: usize) -> String {
    pattern.chars().cycle().take(chars).collect()
}

/// A 253-character domain name (the limit): 63 + 63 + 63 + 61 and the dots.
fn longest_domain() -> String {
    format!(
        "{}.{}.{}.{}",
        cut("contososubsidiary", 63),
        cut("engineeringdivision", 63),
        cut("northamericaregion", 63),
        cut("x", 57) + ".com"
    )
}

/// A 48-character domain: with a 64-character alias, a 113-character user
/// name (the limit).
fn upn_domain() -> String {
    cut("northwindtraders-international-holdings-", 44) + ".com"
}

fn long_words(chars: usize) -> String {
    let words = "Supercalifragilisticexpialidocious Pneumonoultramicroscopic \
                 Administrationsverwaltungsangestellte Internationalisation ";
    cut(words, chars).trim_end().to_owned()
}

const GROUP_WITHOUT_SPACES_PATTERN: &str = "AllCorporateOwnedDevicesOfEngineering";

fn group_without_spaces() -> String {
    cut(GROUP_WITHOUT_SPACES_PATTERN, 256)
}

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_millis();
    Timestamp(i64::try_from(ms).expect("milliseconds fit"))
}

fn apply(setup: Setup, command: Command, now: Timestamp) -> Setup {
    let what = format!("{command:?}");
    setup
        .apply(command, now)
        .unwrap_or_else(|e| panic!("seeding refused {:.200}: {e}", what))
}

/// The whole document, every long value accepted by the rules.
fn long_setup() -> Setup {
    let now = now();
    let mut s = Setup::new();
    let step = |s: Setup, c: Command| apply(s, c, now);
    let long_domain = longest_domain();
    let upn_domain = upn_domain();
    assert_eq!(long_domain.chars().count(), 253);
    for name in [&long_domain, &upn_domain] {
        s = step(s, Command::AddDomain { name: name.clone() });
        s = step(
            s,
            Command::VerifyDomain {
                name: name.clone(),
                method: VerificationMethod::AdminConfirmed,
            },
        );
    }
    s = step(s, Command::SetNetworkReviewed { reviewed: true });
    s = step(
        s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );

    // Step 4: every text at its limit, without spaces where allowed.
    let portal = CompanyPortal {
        company_name: cut("ContosoPharmaceuticals", 40),
        it_contact_name: cut("MaximilianaAlexandraMontgomery-", 40),
        it_phone: "+44 (0)20 7946 00000".into(),
        it_email: format!("{}@contoso.com", cut("servicedesk", 28)),
        additional_info: cut("Callusanytimeforhelpwithyourdevice", 120),
        privacy_url: format!("https://contoso.com/{}", cut("privacy-statement", 59)),
        support_url: format!(
            "https://help.contoso.com/{}",
            cut("support-and-troubleshooting", 125)
        ),
        website_name: cut("ContosoHelpdeskSelfService", 40),
        ..CompanyPortal::default()
    };
    s = step(
        s,
        Command::SavePortal {
            portal: Box::new(portal),
        },
    );

    // Step 5: users with long names and user names at their limit.
    s = step(s, Command::ClearDirectory);
    s = step(s, Command::SetPurchasedLicenses { count: 1_000_000 });
    let users = [
        (
            cut("Wolfeschlegelsteinhausenbergerdorff", 256),
            format!(
                "{}@{upn_domain}",
                cut("hubert.blaine.wolfeschlegelsteinhausenbergerdorff", 64)
            ),
        ),
        (
            long_words(256),
            format!(
                "{}@{upn_domain}",
                cut("adalovelace-countess-of-lovelace", 64)
            ),
        ),
        (
            "Ada Lovelace".into(),
            "ada@contoso.onmicrosoft.com".to_owned(),
        ),
    ];
    for (display_name, upn) in users {
        s = step(
            s,
            Command::AddUser {
                display_name,
                upn,
                usage_location: "GB".into(),
            },
        );
    }
    let ids: Vec<_> = s.directory.users.iter().map(|u| u.id).collect();
    s = step(s, Command::AssignLicenses { users: ids.clone() });

    // Step 3: a group named with 256 characters and no space, one with long
    // words, and a device group.
    s = step(
        s,
        Command::CreateGroup {
            kind: GroupKind::User,
            name: group_without_spaces(),
            description: cut(
                "https://contoso.sharepoint.com/sites/engineering/Shared%20Documents/",
                1024,
            ),
            users: ids.clone(),
            devices: vec![],
        },
    );
    s = step(
        s,
        Command::CreateGroup {
            kind: GroupKind::User,
            name: long_words(256),
            description: long_words(1024),
            users: ids,
            devices: vec![],
        },
    );
    s = step(
        s,
        Command::CreateGroup {
            kind: GroupKind::Device,
            name: "Kiosks".into(),
            description: long_words(300),
            users: vec![],
            devices: (0..20).map(|i| format!("KIOSK-LOBBY-{i:03}")).collect(),
        },
    );

    // Step 6: long accounts and device descriptions at their limit.
    let apple_id = format!(
        "{}@{}.com",
        cut("mdm-administrator", 64),
        cut("apple-id-domain", 60)
    );
    let cert = push_certificate(
        Some(&format!(
            "com.apple.mgmt.External.{}",
            cut("0a1b2c3d-", 120)
        )),
        &[0x01, 0x2A, 0x3B, 0x4C, 0x5D, 0x6E, 0x7F, 0x10],
        Timestamp(now.0 + 300 * DAY),
    );
    s = step(
        s,
        Command::UploadApplePushCertificate {
            apple_id: apple_id.clone(),
            certificate: image::base64::encode(cert.pem.as_bytes()),
            replace_topic: false,
        },
    );
    s = step(
        s,
        Command::BindAndroidForWork {
            google_account: apple_id,
        },
    );
    let devices = format!(
        "490154203237518,{}\nC02XK0AAJG5H,{}\nC02XK0AAJG5J,{}\n",
        cut("Receptionkioskinthemainlobby", 128),
        long_words(128),
        cut("Shared-laptop-", 128),
    );
    s = step(
        s,
        Command::ImportDevices {
            text: devices,
            skip_invalid: false,
        },
    );

    // Recovery: a support reset request with long details (not sent, so
    // nothing is locked).
    s = step(
        s,
        Command::CheckVersions {
            configuration_manager: "1606".into(),
            intune: "1705".into(),
        },
    );
    s = step(
        s,
        Command::ChooseResetScenario {
            scenario: ResetScenario::IntuneToConfigurationManager,
            coexistence: false,
        },
    );
    s
}

/// The routes of every page.
fn pages() -> Vec<(String, String)> {
    let mut pages = vec![("#/".to_owned(), "overview".to_owned())];
    for step in StepId::ALL {
        pages.push((
            format!("#/{}", step.slug()),
            format!("step {} ({})", step.number(), step.slug()),
        ));
    }
    pages.push(("#/recovery".into(), "recovery".into()));
    pages.push(("#/settings".into(), "settings".into()));
    pages
}

/// Sizes the window so that the page's viewport is `width` × `height`
/// (the window's frame, if any, added).
async fn viewport(s: &Session, width: u32, height: u32) {
    let (mut w, mut h) = (i64::from(width), i64::from(height));
    for _ in 0..3 {
        s.client
            .set_window_size(w as u32, h as u32)
            .await
            .expect("set the window size");
        let inner = s
            .script("return [window.innerWidth, window.innerHeight];")
            .await;
        let iw = inner[0].as_i64().unwrap_or(0);
        let ih = inner[1].as_i64().unwrap_or(0);
        if iw == i64::from(width) && ih == i64::from(height) {
            return;
        }
        w += i64::from(width) - iw;
        h += i64::from(height) - ih;
    }
}

/// What sticks out to the right of the window, widest first: elements not
/// clipped by a box that scrolls or hides its overflow.
const OVERFLOW: &str = r#"
const vw = window.innerWidth;
// Inside a box that fits the window and scrolls (or hides) its overflow.
// (Such a box does not hold back a positioned element whose containing
// block lies outside it.)
const clipped = (el) => {
  const position = el.nodeType === Node.ELEMENT_NODE ? getComputedStyle(el).position : 'static';
  if (position === 'fixed') return false;
  let escaping = position === 'absolute';
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const style = getComputedStyle(p);
    if (escaping) {
      if (style.position === 'static') continue;
      escaping = false;
    }
    if (style.overflowX !== 'visible' && p.getBoundingClientRect().right <= vw + 0.5) return true;
  }
  return false;
};
const describe = (el) => {
  let d = el.tagName.toLowerCase();
  if (el.id) d += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim())
    d += '.' + el.className.trim().split(/\s+/).join('.');
  for (const a of ['data-group', 'data-upn', 'data-domain', 'data-role']) {
    const v = el.getAttribute(a);
    if (v) d += '[' + a + '=' + JSON.stringify(v.slice(0, 24)) + ']';
  }
  return d;
};
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= vw + 0.5 || clipped(el)) continue;
  out.push({ what: describe(el), right: Math.round(r.right), width: Math.round(r.width) });
}
// Text sticking out of a box that stays in the window: its element named.
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let t = walker.nextNode(); t; t = walker.nextNode()) {
  range.selectNodeContents(t);
  const r = range.getBoundingClientRect();
  const el = t.parentElement;
  if (!el || r.width === 0 || r.right <= vw + 0.5 || clipped(t)) continue;
  out.push({ what: 'text in ' + describe(el), right: Math.round(r.right), width: Math.round(r.width) });
}
out.sort((a, b) => b.width - a.width);
return {
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: vw,
  offenders: out.slice(0, 4),
};
"#;

async fn check_no_sideways_scroll(s: &Session, page: &str, width: u32) -> Option<String> {
    let found = s.script(OVERFLOW).await;
    let scroll = found["scrollWidth"].as_u64().unwrap_or(0);
    let inner = found["innerWidth"].as_u64().unwrap_or(0);
    (scroll > inner).then(|| {
        let offenders: Vec<String> = found["offenders"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| format!("{} ({} px wide, right edge at {} px)", o["what"].as_str().unwrap_or("?"), o["width"], o["right"]))
            .collect();
        format!(
            "{page} at {width} px scrolls sideways: the page is {scroll} px wide in a {inner} px window; widest offending: {}",
            if offenders.is_empty() { "none found".to_owned() } else { offenders.join("; ") }
        )
    })
}

/// Every button of `row` lies within the window, the page scrolled to its
/// left edge (and, with `scroll_box`, the row's table scrolled to its end).
async fn check_buttons_visible(
    s: &Session,
    row: &str,
    what: &str,
    width: u32,
    scroll_box: bool,
) -> Option<String> {
    let row = serde_json::to_string(row).expect("css");
    let found = s
        .script(&format!(
            "const row = document.querySelector({row}); \
             if (!row) return 'missing'; \
             row.scrollIntoView({{block: 'center'}}); \
             window.scrollTo(0, window.scrollY); \
             const wrap = row.closest('.table-wrap'); \
             if (wrap) wrap.scrollLeft = {scroll_box} ? wrap.scrollWidth : 0; \
             return [...row.querySelectorAll('button')].map(b => {{ \
               const r = b.getBoundingClientRect(); \
               return {{ label: b.textContent.trim(), left: Math.round(r.left), right: Math.round(r.right) }}; \
             }});"
        ))
        .await;
    if found == json!("missing") {
        return Some(format!("{what} at {width} px: the row is missing"));
    }
    let inner = s
        .script("return window.innerWidth;")
        .await
        .as_i64()
        .unwrap_or(0);
    let off: Vec<String> = found
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| {
            b["left"].as_i64().unwrap_or(0) < 0 || b["right"].as_i64().unwrap_or(i64::MAX) > inner
        })
        .map(|b| format!("{} (from {} to {} px)", b["label"], b["left"], b["right"]))
        .collect();
    let count = found.as_array().map_or(0, Vec::len);
    if count < 2 {
        return Some(format!(
            "{what} at {width} px: expected its two buttons, found {count}"
        ));
    }
    (!off.is_empty()).then(|| {
        format!(
            "{what} at {width} px: buttons outside the {inner} px window{}: {}",
            if scroll_box {
                " (its table scrolled to the end)"
            } else {
                ""
            },
            off.join(", ")
        )
    })
}

/// On a phone, what the header keeps of the screen once the page is
/// scrolled down (a sticky header's whole height).
async fn check_header(s: &Session, page: &str, width: u32) -> Option<String> {
    let found = s
        .script(
            "window.scrollTo(0, 600); \
             const h = document.querySelector('.app-header').getBoundingClientRect(); \
             const kept = Math.max(0, Math.min(h.bottom, window.innerHeight) - Math.max(h.top, 0)); \
             const out = { kept: Math.round(kept), height: Math.round(h.height), vh: window.innerHeight, \
                           position: getComputedStyle(document.querySelector('.app-header')).position }; \
             window.scrollTo(0, 0); \
             return out;",
        )
        .await;
    let kept = found["kept"].as_f64().unwrap_or(0.0);
    let vh = found["vh"].as_f64().unwrap_or(1.0);
    (kept > 0.15 * vh).then(|| {
        format!(
            "{page} at {width} px: the header ({} px high, position {}) keeps {kept} px of the {vh} px screen when scrolled ({:.0}%, at most 15%)",
            found["height"], found["position"], 100.0 * kept / vh
        )
    })
}

/// With `LAYOUT_SCREENSHOTS` set, each page at each width is saved to
/// target/e2e-artifacts/layout-<width>-<page>.png, to look at.
async fn screenshot(s: &Session, hash: &str, width: u32) {
    let dir = e2e::artifacts_dir();
    let _ = std::fs::create_dir_all(&dir);
    let name = hash.trim_start_matches("#/");
    let name = if name.is_empty() { "overview" } else { name };
    let png = s.client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("layout-{width}-{name}.png")), png).expect("write screenshot");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_with_long_values() {
    journey("layout", "/", |s: Session| async move {
        let document = encode(&long_setup());
        s.open("#/").await;
        s.client
            .execute(
                "localStorage.setItem('mdm-prereqs.setup', arguments[0]);",
                vec![json!(document)],
            )
            .await
            .expect("seed the document");
        s.reload().await;
        s.find(&format!(
            "nav a[data-step={}] .badge",
            StepId::Groups.slug()
        ))
        .await;

        let long_group = format!("tr[data-group='{}']", group_without_spaces());
        let mut failures = Vec::new();
        for (width, height) in [(390, 844), (1280, 900)] {
            viewport(&s, width, height).await;
            let inner = s.script("return window.innerWidth;").await;
            assert_eq!(
                inner,
                json!(width),
                "the window could not be made {width} px wide"
            );
            for (hash, page) in pages() {
                s.open(&hash).await;
                s.find("#page-title").await;
                failures.extend(check_no_sideways_scroll(&s, &page, width).await);
                if std::env::var_os("LAYOUT_SCREENSHOTS").is_some() {
                    screenshot(&s, &hash, width).await;
                }
                if width == 390 {
                    failures.extend(check_header(&s, &page, width).await);
                }
                // On a laptop the rows fit; on a phone a table may scroll
                // in its own box.
                let scroll_box = width < 600;
                if hash == "#/licenses" {
                    s.find(LONG_USER).await;
                    failures.extend(
                        check_buttons_visible(
                            &s,
                            LONG_USER,
                            "the long user's row",
                            width,
                            scroll_box,
                        )
                        .await,
                    );
                }
                if hash == "#/groups" {
                    s.find(&long_group).await;
                    failures.extend(
                        check_buttons_visible(
                            &s,
                            &long_group,
                            "the 256-character group's row",
                            width,
                            scroll_box,
                        )
                        .await,
                    );
                    // Its delete confirmation, titled with the whole name.
                    s.click(&format!("{long_group} [data-role=delete]")).await;
                    s.find("dialog[open]").await;
                    failures.extend(
                        check_no_sideways_scroll(
                            &s,
                            "step 3's delete dialog for the long group",
                            width,
                        )
                        .await,
                    );
                    s.click("dialog[open] .dialog-actions .button:not(.danger)")
                        .await;
                    s.absent("dialog[open]").await;
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} problems:\n{}",
            failures.len(),
            failures.join("\n")
        );
    })
    .await;
}
