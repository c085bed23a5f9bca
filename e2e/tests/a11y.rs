//! Every page of the app, empty, showing errors and with its dialogs open,
//! checked with axe-core (WCAG 2.0 and 2.1, A and AA) in real Chromium.

use domain::recovery::checklist;
use domain::ResetScenario;
use e2e::axe::{violations, Audit};
use e2e::{journey, Session};

const PAGES: [(&str, &str); 10] = [
    ("", "overview"),
    ("#/connections", "step 1"),
    ("#/authority", "step 2"),
    ("#/groups", "step 3"),
    ("#/portal", "step 4"),
    ("#/licenses", "step 5"),
    ("#/enrollment", "step 6"),
    ("#/next-steps", "step 7"),
    ("#/recovery", "recovery"),
    ("#/settings", "settings"),
];

async fn wait_error(s: &Session, css: &str) -> String {
    s.wait_text(css, "an error", |t| !t.is_empty()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_empty_and_with_errors_has_no_axe_violations() {
    journey("a11y-pages", "/", |s: Session| async move {
        let mut audit = Audit::new();

        // A fresh tenant: every page empty (step 6 blocked on step 2).
        for (hash, name) in PAGES {
            s.open(hash).await;
            s.find("#page-title").await;
            audit.check(&s, &format!("{name}, empty")).await;
        }

        // Step 1: a domain name refused while typing.
        s.open("#/connections").await;
        s.type_into("#domain-name", "contoso_corp.com").await;
        wait_error(&s, "#domain-name-error").await;
        s.click("#add-domain button[type=submit]").await;
        audit.check(&s, "step 1, invalid domain name").await;
        // A domain added, not verified yet.
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        s.find("li[data-domain='contoso.com'] [data-role=txt-value]")
            .await;
        audit.check(&s, "step 1, a domain to verify").await;

        // Step 3: the group editor submitted empty, then an invalid device.
        s.open("#/groups").await;
        s.click("#create-group").await;
        s.find("#group-editor[open]").await;
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        wait_error(&s, "#group-editor-error").await;
        audit.check(&s, "step 3, empty group form submitted").await;
        s.click("#group-kind-device").await;
        s.type_into("#group-name", "Kiosks").await;
        s.type_into("#group-devices", "KIOSK_01").await;
        wait_error(&s, "#group-devices-error").await;
        assert_eq!(
            s.attr("#group-devices", "aria-invalid").await.as_deref(),
            Some("true")
        );
        audit.check(&s, "step 3, invalid device name").await;
        s.click("#group-editor .dialog-actions .button:not(.primary)")
            .await;
        s.absent("#group-editor").await;

        // Step 4: invalid values in the portal form.
        s.open("#/portal").await;
        for (field, value) in [
            ("#company-name", &"x".repeat(50)[..]),
            ("#it-email", "help desk@"),
            ("#it-phone", "call us"),
            ("#privacy-url", "contoso.com/privacy"),
            ("#support-url", "ftp://help"),
            ("#theme-color", "#12345"),
        ] {
            s.type_into(field, value).await;
            wait_error(&s, &format!("{field}-error")).await;
        }
        audit.check(&s, "step 4, invalid values").await;

        // Step 5: the new-user form submitted empty, then invalid values.
        s.open("#/licenses").await;
        s.click("#add-user button[type=submit]").await;
        audit.check(&s, "step 5, empty user form submitted").await;
        s.type_into("#new-user-upn", "eve@").await;
        s.type_into("#purchased-licenses", "-3").await;
        wait_error(&s, "#new-user-upn-error").await;
        audit.check(&s, "step 5, invalid values").await;

        // Step 6 once the authority is set: an invalid Apple ID, a device
        // list with bad lines.
        s.set_authority("intune", "Intune").await;
        audit.check(&s, "step 2, authority set").await;
        s.open("#/enrollment").await;
        audit.check(&s, "step 6, authority set").await;
        s.type_into("#apple-id", "not an apple id").await;
        wait_error(&s, "#apple-id-error").await;
        s.click("#apple-upload").await;
        s.type_into("#afw-account", "android@").await;
        s.click("#afw-bind").await;
        s.type_into(
            "#device-text",
            "IMEI,Description\n490154203237519,Lab\nnot/a serial\n490154203237518,Lab\n490154203237518,Twice\n",
        )
        .await;
        s.click("#device-import").await;
        wait_error(&s, "#device-error").await;
        s.find("#device-problems").await;
        audit.check(&s, "step 6, invalid Apple ID and device list").await;

        // Step 7 and the recovery page with the authority set.
        s.open("#/next-steps").await;
        audit.check(&s, "step 7, authority set").await;
        s.open("#/recovery").await;
        audit.check(&s, "recovery, authority set").await;
        s.type_into("#cm-version", "sixteen").await;
        s.type_into("#intune-version", "17.05").await;
        s.click("#versions-form button[type=submit]").await;
        wait_error(&s, "#cm-version-error").await;
        audit.check(&s, "recovery, invalid versions").await;

        // Settings: an invalid server URL.
        s.open("#/settings").await;
        s.click("#backend-server").await;
        s.type_into("#server-url", "mdm.contoso.com").await;
        s.type_into("#server-tenant", "Contoso Tenant").await;
        wait_error(&s, "#server-url-error").await;
        s.click("#test-connection").await;
        audit.check(&s, "settings, invalid server URL").await;
        // Settings: the tenant sign-in (Preview) refused for invalid
        // fields, its advanced addresses open.
        s.type_into("#graph-tenant", "contoso").await;
        s.type_into("#graph-client-id", "my-app").await;
        s.click("#graph-advanced summary").await;
        s.type_into("#graph-graph-base", "http://graph.example/v1.0")
            .await;
        s.click("#graph-sign-in").await;
        wait_error(&s, "#graph-status").await;
        audit.check(&s, "settings, invalid tenant sign-in").await;

        // Recovery by support: the checklist, a request refused as
        // incomplete, the request, then every page read-only while pending.
        s.open("#/recovery").await;
        s.type_into("#cm-version", "1606").await;
        s.type_into("#intune-version", "1705").await;
        s.click("#versions-form button[type=submit]").await;
        s.find("#support-reset").await;
        audit.check(&s, "recovery, support reset").await;
        s.click("#scenario-intune-to-cm").await;
        s.find("#reset-checklist").await;
        s.click("#produce-request").await;
        s.find("#request-missing").await;
        audit.check(&s, "recovery, checklist and missing items").await;
        for entry in checklist(ResetScenario::IntuneToConfigurationManager, false) {
            s.click(&format!("#item-{}-done", entry.key)).await;
        }
        s.type_into("#tenant-id", "contoso.onmicrosoft.com").await;
        s.click("#reset-details button[type=submit]").await;
        s.wait_text("#request-text", "the request", |t| t.contains("Tenant ID"))
            .await;
        audit.check(&s, "recovery, support request").await;
        s.click("#mark-sent").await;
        s.find("#reset-pending").await;
        audit.check(&s, "recovery, reset pending").await;
        for (hash, name) in [("", "overview"), ("#/connections", "step 1"), ("#/enrollment", "step 6")] {
            s.open(hash).await;
            s.find("#reset-banner").await;
            audit.check(&s, &format!("{name}, read-only while the reset is pending"))
                .await;
        }

        audit.finish();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_dialogs_have_no_axe_violations() {
    journey("a11y-dialogs", "/", |s: Session| async move {
        let mut audit = Audit::new();

        // The checker works: an unlabelled field is reported.
        s.open("#/connections").await;
        s.script(
            "const i = document.createElement('input'); i.id = 'axe-canary'; \
             document.getElementById('main').append(i);",
        )
        .await;
        let found = violations(&s).await;
        assert!(
            found.iter().any(|v| v.id == "label"
                && v.nodes
                    .iter()
                    .any(|n| n.target.iter().any(|t| t.contains("axe-canary")))),
            "axe-core did not report an input without a label: {found:?}"
        );
        s.script("document.getElementById('axe-canary').remove();")
            .await;

        // Step 1: the verification dialog of a new domain (lookups off:
        // the dialog is the way to verify).
        s.dns_lookups_off().await;
        s.type_into("#domain-name", "contoso.com").await;
        s.click("#add-domain button[type=submit]").await;
        let row = "li[data-domain='contoso.com']";
        s.click(&format!("{row} .actions .button.primary")).await;
        s.find("#domain-contoso-com-verify[open]").await;
        audit.check(&s, "step 1, verification dialog").await;
        s.click("#domain-contoso-com-verify .dialog-actions .button:not(.primary)")
            .await;
        s.click(&format!("{row} .actions .button.danger-outline"))
            .await;
        s.find("#domain-contoso-com-remove[open]").await;
        audit.check(&s, "step 1, remove dialog").await;
        s.click("#domain-contoso-com-remove .dialog-actions .button:not(.danger)")
            .await;

        // Step 2: the confirmation, then its refusal without the tick box.
        s.open("#/authority").await;
        s.click("#authority-intune").await;
        s.click("#authority-form button[type=submit]").await;
        s.find("#authority-dialog[open]").await;
        audit.check(&s, "step 2, confirmation dialog").await;
        s.click("#authority-dialog .dialog-actions .button.primary")
            .await;
        wait_error(&s, "#authority-dialog-error").await;
        audit.check(&s, "step 2, confirmation refused").await;
        s.click("#authority-dialog-tick").await;
        s.click("#authority-dialog .dialog-actions .button.primary")
            .await;
        s.find("#authority-locked").await;

        // Step 3: a group's delete confirmation.
        s.open("#/groups").await;
        s.click("#create-group").await;
        s.type_into("#group-name", "Sales").await;
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        s.click("tr[data-group='Sales'] [data-role=delete]").await;
        s.find("dialog[open]").await;
        audit.check(&s, "step 3, delete group dialog").await;
        s.click("dialog[open] .dialog-actions .button:not(.danger)")
            .await;

        // Step 5: editing a user with an invalid user name, then clearing
        // the sample directory.
        s.open("#/licenses").await;
        let adele = "tr[data-upn^='adelev@']";
        s.click(&format!("{adele} [data-role=edit]")).await;
        s.find("dialog[open]").await;
        s.type_into("dialog[open] input[id^=edit-upn]", "not a user name")
            .await;
        s.click("dialog[open] .dialog-actions .button.primary")
            .await;
        wait_error(&s, "dialog[open] .dialog-error").await;
        audit
            .check(&s, "step 5, edit user dialog with an error")
            .await;
        s.click("dialog[open] .dialog-actions .button:not(.primary)")
            .await;
        s.click("#clear-directory").await;
        s.find("#clear-directory-dialog[open]").await;
        audit.check(&s, "step 5, clear directory dialog").await;
        s.click("#clear-directory-dialog .dialog-actions .button:not(.danger)")
            .await;

        // Recovery: the direct change's confirmation.
        s.open("#/recovery").await;
        s.type_into("#cm-version", "1610").await;
        s.type_into("#intune-version", "1705").await;
        s.click("#versions-form button[type=submit]").await;
        s.click("#change-directly").await;
        s.find("#direct-dialog[open]").await;
        audit.check(&s, "recovery, direct change dialog").await;
        s.click("#direct-dialog .dialog-actions .button.primary")
            .await;
        wait_error(&s, "#direct-dialog-error").await;
        audit.check(&s, "recovery, direct change refused").await;

        audit.finish();
    })
    .await;
}
