//! Keyboard only: steps 1 and 2 and the way into the recovery flow with
//! Tab, Shift+Tab, Enter, Space and Escape (WebDriver key actions, no clicks,
//! no focus set by script). Every element focused is visibly focused; focus
//! moves into a dialog when it opens and back to its opener when it closes.

use e2e::{journey, Session};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::time::Duration;

/// Presses `keys` together (a chord: down in order, up in reverse).
async fn chord(s: &Session, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &key in keys {
        actions = actions.then(KeyAction::Down { value: key });
    }
    for &key in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: key });
    }
    s.client
        .perform_actions(actions)
        .await
        .expect("key actions");
}

async fn press(s: &Session, key: Key) {
    chord(s, &[key.into()]).await;
}

/// Types `text` into whatever has focus.
async fn type_text(s: &Session, text: &str) {
    for c in text.chars() {
        chord(s, &[c]).await;
    }
}

async fn run(s: &Session, js: &str, css: &str) -> Value {
    s.client
        .execute(js, vec![json!(css)])
        .await
        .expect("script")
}

const DESCRIBE: &str = "const d = (el) => !el ? 'nothing' : \
    el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + \
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + \
    ' ' + JSON.stringify((el.textContent || '').trim().slice(0, 40));";

/// What has focus, for messages.
async fn focused(s: &Session) -> String {
    let js = format!("{DESCRIBE} return d(document.activeElement);");
    s.script(&js).await.as_str().unwrap_or_default().to_owned()
}

async fn focus_is(s: &Session, css: &str) -> bool {
    run(
        s,
        "const el = document.activeElement; return !!el && el.matches(arguments[0]);",
        css,
    )
    .await
        == Value::Bool(true)
}

/// Panics unless the focused element shows a focus indicator (an outline or
/// a box shadow) and matches `:focus-visible`.
async fn assert_focus_visible(s: &Session) {
    let js = format!(
        "{DESCRIBE} const el = document.activeElement; \
         if (!el || el === document.body) return 'nothing is focused'; \
         const st = getComputedStyle(el); \
         const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0; \
         const shadow = !!st.boxShadow && st.boxShadow !== 'none'; \
         if (!el.matches(':focus-visible')) return d(el) + ' does not match :focus-visible'; \
         return (outline || shadow) ? '' : d(el) + ' has no outline or box-shadow';"
    );
    let problem = s.script(&js).await;
    assert_eq!(problem, json!(""), "focus is not visible");
}

/// Presses Tab (or Shift+Tab) until `css` has focus, checking that every
/// element on the way is visibly focused.
async fn tab_to(s: &Session, css: &str, backwards: bool) {
    for _ in 0..80 {
        if focus_is(s, css).await {
            assert_focus_visible(s).await;
            return;
        }
        if backwards {
            chord(s, &[Key::Shift.into(), Key::Tab.into()]).await;
        } else {
            press(s, Key::Tab).await;
        }
        if !focus_is(s, "body").await {
            assert_focus_visible(s).await;
        }
    }
    panic!("{css} never got focus; last: {}", focused(s).await);
}

async fn wait_until(s: &Session, what: &str, js: &str, css: &str) {
    for _ in 0..150 {
        if run(s, js, css).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} ({css}); focus is on {}", focused(s).await);
}

/// Waits until focus is on `css`.
async fn wait_focus(s: &Session, css: &str) {
    wait_until(
        s,
        "focus never reached",
        "const el = document.activeElement; return !!el && el.matches(arguments[0]);",
        css,
    )
    .await;
}

/// Waits until the dialog `css` is open with focus inside it.
async fn wait_focus_in_dialog(s: &Session, css: &str) {
    wait_until(
        s,
        "the dialog did not open with focus inside",
        "const dialog = document.querySelector(arguments[0]); \
         return !!dialog && dialog.open && dialog.contains(document.activeElement);",
        css,
    )
    .await;
}

async fn wait_closed(s: &Session, css: &str) {
    wait_until(
        s,
        "the dialog did not close",
        "const dialog = document.querySelector(arguments[0]); return !dialog || !dialog.open;",
        css,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_completes_steps_one_and_two_and_opens_recovery() {
    journey("keyboard", "/", |s: Session| async move {
        s.open("#/connections").await;
        s.dns_lookups_off().await;
        s.find("#domain-name").await;

        // The skip link comes first and is visible when focused.
        press(&s, Key::Tab).await;
        assert!(focus_is(&s, "a.skip-link").await, "{}", focused(&s).await);
        assert_focus_visible(&s).await;

        // Step 1: add a domain with the keyboard.
        tab_to(&s, "#domain-name", false).await;
        type_text(&s, "contoso.com").await;
        press(&s, Key::Enter).await;
        let row = "li[data-domain='contoso.com']";
        s.find(row).await;

        // Its verification dialog: Escape, then Cancel, return focus to
        // the button that opened it.
        let verify = format!("{row} .actions .button.primary");
        let dialog = "#domain-contoso-com-verify";
        tab_to(&s, &verify, false).await;
        press(&s, Key::Enter).await;
        wait_focus_in_dialog(&s, dialog).await;
        press(&s, Key::Escape).await;
        wait_closed(&s, dialog).await;
        wait_focus(&s, &verify).await;
        assert_focus_visible(&s).await;

        press(&s, Key::Enter).await;
        wait_focus_in_dialog(&s, dialog).await;
        tab_to(
            &s,
            &format!("{dialog} .dialog-actions .button:not(.primary)"),
            false,
        )
        .await;
        press(&s, Key::Enter).await;
        wait_closed(&s, dialog).await;
        wait_focus(&s, &verify).await;

        // Confirmed this time (Space on the button).
        press(&s, Key::Enter).await;
        wait_focus_in_dialog(&s, dialog).await;
        tab_to(
            &s,
            &format!("{dialog} .dialog-actions .button.primary"),
            false,
        )
        .await;
        press(&s, Key::Space).await;
        s.wait_text(
            &format!("{row} [data-role=verification]"),
            "verified",
            |t| t == "Verified",
        )
        .await;
        wait_closed(&s, dialog).await;

        // The network review, above the domains: tick it with Space.
        tab_to(&s, "#network-review-reviewed", true).await;
        press(&s, Key::Space).await;
        s.wait_text("nav a[data-step=connections] .badge", "done", |t| {
            t == "Done"
        })
        .await;

        // Step 2 through the side navigation; focus goes to the page title.
        tab_to(&s, "nav a[data-step=authority]", true).await;
        press(&s, Key::Enter).await;
        s.find("#authority-form").await;
        wait_focus(&s, "#page-title").await;

        tab_to(&s, "#authority-intune", false).await;
        press(&s, Key::Space).await;
        let checked = s
            .script("return document.getElementById('authority-intune').checked")
            .await;
        assert_eq!(checked, Value::Bool(true), "Space chose Intune");
        let submit = "#authority-form button[type=submit]";
        tab_to(&s, submit, false).await;
        press(&s, Key::Enter).await;
        let dialog = "#authority-dialog";
        wait_focus_in_dialog(&s, dialog).await;
        press(&s, Key::Escape).await;
        wait_closed(&s, dialog).await;
        wait_focus(&s, submit).await;
        assert_focus_visible(&s).await;

        press(&s, Key::Enter).await;
        wait_focus_in_dialog(&s, dialog).await;
        tab_to(&s, "#authority-dialog-tick", false).await;
        press(&s, Key::Space).await;
        let ticked = s
            .script("return document.getElementById('authority-dialog-tick').checked")
            .await;
        assert_eq!(ticked, Value::Bool(true), "Space ticked the box");
        tab_to(
            &s,
            &format!("{dialog} .dialog-actions .button.primary"),
            false,
        )
        .await;
        press(&s, Key::Enter).await;
        s.wait_text("#authority-locked [data-role=authority]", "Intune", |t| {
            t == "Intune"
        })
        .await;
        s.wait_text("#overall-progress", "2 of 7", |t| {
            t.contains("2 of 7 steps done")
        })
        .await;

        // "Wrong MDM authority?" opens the recovery flow.
        tab_to(&s, ".nav-extra a[href='#/recovery']", true).await;
        press(&s, Key::Enter).await;
        s.find("#versions-form").await;
        wait_focus(&s, "#page-title").await;
        let url = s.client.current_url().await.expect("url");
        assert_eq!(url.fragment(), Some("/recovery"));
        tab_to(&s, "#cm-version", false).await;
    })
    .await;
}
