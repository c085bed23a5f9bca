//! Steps 3 and 5: users in a verified domain, licenses within the purchased
//! seats, user and device groups, and the built-in group.

use e2e::{journey, Session};

const ADA: &str = "tr[data-upn='ada@contoso.com']";
const ALAN: &str = "tr[data-upn='alan@contoso.com']";

async fn licensed(s: &Session, row: &str) -> bool {
    s.attr(&format!("{row} [data-role=license]"), "aria-checked")
        .await
        .as_deref()
        == Some("true")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_licenses_and_groups() {
    journey("groups-licenses", "/", |s: Session| async move {
        // A verified domain.
        s.add_verified_domain("contoso.com").await;

        // Start from an empty directory with one seat.
        s.empty_directory_with_seats(1).await;

        // A user name outside the verified domains is refused as you type.
        s.type_into("#new-user-upn", "eve@fabrikam.com").await;
        s.wait_text("#new-user-upn-error", "unverified domain", |t| {
            t.contains("not a verified domain")
        })
        .await;

        s.add_user("Ada Lovelace", "ada@contoso.com", None).await;
        s.add_user("Alan Turing", "alan@contoso.com", Some("GB"))
            .await;

        // No usage location: no license.
        s.click(&format!("{ADA} [data-role=license]")).await;
        let refusal = s
            .wait_text("#directory-error", "refusal", |t| !t.is_empty())
            .await;
        assert!(
            refusal.contains("needs a usage location") && refusal.contains("Ada Lovelace"),
            "{refusal}"
        );
        assert!(!licensed(&s, ADA).await);

        // Set it.
        s.click(&format!("{ADA} [data-role=edit]")).await;
        s.click("dialog[open] select option[value='GB']").await;
        s.click("dialog[open] .dialog-actions .button.primary")
            .await;
        s.wait_text(&format!("{ADA} [data-role=location]"), "GB", |t| {
            t.starts_with("GB")
        })
        .await;

        // Both, with one seat: refused, nothing changes.
        s.click("#select-all-users").await;
        s.wait_text("#bulk-assign", "2 selected", |t| t.contains("(2)"))
            .await;
        s.click("#bulk-assign").await;
        let refusal = s
            .wait_text("#directory-error", "no seats", |t| {
                t.contains("licenses are needed")
            })
            .await;
        assert!(
            refusal.starts_with(
                "Nothing was changed. 2 more licenses are needed but only 1 of 1 are free"
            ),
            "{refusal}"
        );
        assert!(!licensed(&s, ADA).await && !licensed(&s, ALAN).await);
        assert!(s.text("#seat-usage").await.contains("0 / 1"));

        // More seats, then both are licensed.
        s.type_into("#purchased-licenses", "2").await;
        s.click("#purchased-form button[type=submit]").await;
        s.wait_text("#seat-usage", "0 / 2", |t| t.contains("0 / 2"))
            .await;
        s.click("#bulk-assign").await;
        s.wait_text("#seat-usage", "2 / 2", |t| t.contains("2 / 2"))
            .await;
        assert!(licensed(&s, ADA).await && licensed(&s, ALAN).await);
        s.wait_text("nav a[data-step=licenses] .badge", "done", |t| t == "Done")
            .await;

        // A user group with both.
        s.open("#/groups").await;
        s.click("#create-group").await;
        s.type_into("#group-name", "Sales").await;
        s.type_into("#group-members-search", "ada").await;
        s.click("#group-members-results input").await;
        s.type_into("#group-members-search", "alan@").await;
        s.wait_text("#group-members-results", "alan", |t| {
            t.contains("Alan Turing") && !t.contains("Ada")
        })
        .await;
        s.click("#group-members-results input").await;
        s.wait_text("#group-editor .member-count", "2 selected", |t| {
            t == "2 selected"
        })
        .await;
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        s.wait_text("tr[data-group='Sales'] [data-role=count]", "2", |t| {
            t == "2"
        })
        .await;

        // A duplicate name in another case is refused while typing.
        s.click("#create-group").await;
        s.type_into("#group-name", "SALES").await;
        s.wait_text("#group-name-error", "duplicate", |t| {
            t.contains("already exists")
        })
        .await;

        // A device group.
        s.click("#group-kind-device").await;
        s.type_into("#group-name", "Kiosks").await;
        s.type_into("#group-devices", "KIOSK_01").await;
        s.wait_text("#group-devices-error", "bad device", |t| {
            t.contains("“_” is not allowed")
        })
        .await;
        s.type_into("#group-devices", "KIOSK-01\nKIOSK-02").await;
        s.wait_text("#group-devices-error", "no error", str::is_empty)
            .await;
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        s.wait_text("tr[data-group='Kiosks'] [data-role=count]", "2", |t| {
            t == "2"
        })
        .await;
        s.wait_text("nav a[data-step=groups] .badge", "done", |t| t == "Done")
            .await;

        // Reload: all still there; the built-in group lists both.
        s.reload().await;
        assert_eq!(
            s.text("tr[data-group='Sales'] [data-role=count]").await,
            "2"
        );
        assert_eq!(
            s.text("tr[data-group='Kiosks'] [data-role=count]").await,
            "2"
        );
        let builtin = s.text("#builtin-group [data-role=members]").await;
        assert_eq!(builtin, "Ada Lovelace, Alan Turing");
        s.open("#/licenses").await;
        assert!(licensed(&s, ADA).await && licensed(&s, ALAN).await);
        assert!(s.text("#seat-usage").await.contains("2 / 2"));

        // Deleting a group asks first, naming it.
        s.open("#/groups").await;
        s.click("tr[data-group='Kiosks'] [data-role=delete]").await;
        let title = s.text("dialog[open] h2").await;
        assert_eq!(title, "Delete the group “Kiosks”?");
        s.click("dialog[open] .dialog-actions .button.danger").await;
        s.absent("tr[data-group='Kiosks']").await;
    })
    .await;
}
