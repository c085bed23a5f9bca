//! Issue 16, step 3 in the tenant: with "Save my changes in this tenant
//! too" on, a group created here is created in the tenant (or the tenant's
//! security group of that name is used, never a second one), its users
//! added one by one; a changed group is renamed there and members added
//! and taken out. Against the Graph stand-in, which checks every request
//! against Microsoft's metadata and the permissions of the token. Also: the
//! permissions the change needs asked for at once (the change kept across
//! signing in again), a member the tenant lacks (a partial result, each
//! member listed), a 403 (kept for Retry), a group the tenant does not
//! have, a device group (its devices stay here), and deleting (the
//! tenant's group stays).

use e2e::axe::Audit;
use e2e::graph::{
    save_in_tenant, sign_in, tenant_journey, wait_back_at, Fault, GraphStandIn, ADELE, ALEX,
    GROUP_ID, MEGAN,
};
use e2e::Session;
use serde_json::json;
use std::sync::Arc;

/// Waits until the "From your tenant" panel has finished reading (so that
/// an injected fault meets the change, not the panel).
async fn panel_settled(s: &Session) {
    for _ in 0..300 {
        let state = s.attr("#tenant-panel", "data-state").await;
        if matches!(state.as_deref(), Some("read" | "failed")) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the tenant panel did not finish reading");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_are_created_and_changed_in_the_tenant() {
    tenant_journey("graph-groups", |g| g.sample_user_names(), move |s: Session, g: Arc<GraphStandIn>| async move {
        sign_in(&s, &g).await;
        save_in_tenant(&s).await;

        // A user group with Adele and Alex. The sign-in lacks every
        // permission it needs: all are asked for at once, before Graph is
        // asked anything, and the change is kept while signing in again.
        s.open("#/groups").await;
        let before = g.requests().len();
        s.create_user_group("Intune pilot", &[("adele", 1), ("alex", 2)]).await;
        let banner = s
            .wait_text("#unsent-banner", "kept", |t| {
                t.contains("needs the delegated permission")
            })
            .await;
        for permission in [
            "GroupMember.Read.All",
            "Group.ReadWrite.All",
            "User.Read.All",
            "GroupMember.ReadWrite.All",
        ] {
            assert!(banner.contains(permission), "{permission}: {banner}");
        }
        assert!(
            g.requests()[before..]
                .iter()
                .all(|r| !r.starts_with("POST ") && !r.contains("/groups?")),
            "nothing asked of Graph: {:?}",
            &g.requests()[before..]
        );
        s.click("#group-editor [data-role=cancel]").await;
        s.absent("tr[data-group='Intune pilot']").await;
        assert!(g.tenant_groups("Intune pilot").is_empty());
        s.click("#unsent-sign-in").await;
        s.wait_ready().await;
        wait_back_at(&s, "#/groups").await;
        s.wait_text("#unsent-banner", "restored", |t| {
            t.contains("It was kept while you signed in again")
        })
        .await;
        s.click("#retry-unsent").await;
        s.group_count("Intune pilot", "2").await;
        s.absent("#unsent-banner").await;
        let (pilot, members) = g.tenant_group("Intune pilot");
        assert_eq!(members, [ADELE, ALEX]);
        assert_eq!(pilot["mailNickname"], json!("intune-pilot"));
        assert_eq!(pilot["securityEnabled"], json!(true));
        assert_eq!(pilot["mailEnabled"], json!(false));
        assert_eq!(s.text("#group-message").await, "");
        s.absent("#group-results").await;

        // Lee Gu is in the workspace only: the group is created with Alex,
        // and each member's result is listed.
        s.create_user_group("Sales", &[("alex", 2), ("lee", 4)]).await;
        let message = s
            .wait_text("#group-message", "the partial result", |t| !t.is_empty())
            .await;
        assert!(
            message.starts_with("Microsoft 365 created the group “Sales”; it added 1 of 2 members; the workspace records only those. Not done: leeg@contoso.onmicrosoft.com (no user leeg@contoso.onmicrosoft.com is in your tenant"),
            "{message}"
        );
        let lee = "#group-results li[data-item='leeg@contoso.onmicrosoft.com']";
        let alex = "#group-results li[data-item='alexw@contoso.onmicrosoft.com']";
        assert_eq!(s.attr(lee, "data-ok").await.as_deref(), Some("false"));
        assert_eq!(s.attr(alex, "data-ok").await.as_deref(), Some("true"));
        assert!(s.text(alex).await.ends_with(": done in your tenant."));
        // The editor closed: the group is recorded with Alex only.
        s.absent("#group-editor[open]").await;
        s.group_count("Sales", "1").await;
        let (_, members) = g.tenant_group("Sales");
        assert_eq!(members, [ALEX]);
        s.absent("#unsent-banner").await;
        Audit::new()
            .check(&s, "step 3, a member the tenant lacks")
            .await;

        // A name the tenant has already (in another case): its group is
        // used, no second one; Adele, already a member, is not added twice.
        s.create_user_group("all staff", &[("adele", 1), ("megan", 3)]).await;
        s.group_count("all staff", "2").await;
        assert_eq!(s.text("#group-message").await, "");
        let (all_staff, members) = g.tenant_group("All staff");
        assert_eq!(all_staff["id"], json!(GROUP_ID));
        assert_eq!(members, [ADELE, MEGAN]);
        assert_eq!(g.tenant().groups.len(), 3);

        // 403 from Graph: the change is kept, nothing changed in the
        // tenant; Retry sends it. Then the group is renamed and described
        // there, Megan added and Alex taken out.
        panel_settled(&s).await;
        s.click("tr[data-group='Intune pilot'] [data-role=edit]").await;
        s.type_into("#group-name", "Intune pilot users").await;
        s.type_into("#group-description", "The first people Intune manages")
            .await;
        s.pick_member("megan", 3).await;
        s.pick_member("alex", 2).await;
        s.wait_text("#group-editor .member-count", "Adele and Megan", |t| {
            t == "2 selected"
        })
        .await;
        g.inject(Fault::Forbidden("GroupMember.Read.All".into()), 1);
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        let banner = s
            .wait_text("#unsent-banner", "the 403", |t| t.contains("(403)"))
            .await;
        assert!(
            banner.contains("Microsoft Graph refused to read the groups (403)"),
            "{banner}"
        );
        s.click("#group-editor [data-role=cancel]").await;
        let (_, members) = g.tenant_group("Intune pilot");
        assert_eq!(members, [ADELE, ALEX]);
        s.click("#retry-unsent").await;
        s.group_count("Intune pilot users", "2").await;
        s.absent("#unsent-banner").await;
        assert!(g.tenant_groups("Intune pilot").is_empty());
        let (pilot, members) = g.tenant_group("Intune pilot users");
        assert_eq!(pilot["description"], json!("The first people Intune manages"));
        assert_eq!(members, [ADELE, MEGAN]);

        // A group the tenant does not have (renamed there meanwhile): the
        // change is refused whole, nothing saved.
        g.with_tenant(|t| {
            for gr in &mut t.groups {
                if gr["displayName"] == json!("Sales") {
                    gr["displayName"] = json!("Sales (EMEA)");
                }
            }
        });
        s.click("tr[data-group='Sales'] [data-role=edit]").await;
        s.pick_member("adele", 1).await;
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        let refused = s
            .wait_text("#group-editor-error", "the refusal", |t| !t.is_empty())
            .await;
        assert!(
            refused.starts_with("Microsoft 365 did not take the change, so nothing was saved: your Microsoft 365 tenant has no security group called “Sales”"),
            "{refused}"
        );
        s.click("#group-editor [data-role=cancel]").await;
        s.group_count("Sales", "1").await;
        s.absent("#unsent-banner").await;

        // A device group: created in the tenant without its devices, which
        // the editor says stay here.
        s.click("#create-group").await;
        s.click("#group-kind-device").await;
        s.type_into("#group-name", "Kiosks").await;
        s.type_into("#group-devices", "KIOSK-01\nKIOSK-02").await;
        let note = s.text("#group-devices-tenant-note").await;
        assert!(note.contains("not its devices"), "{note}");
        s.click("#group-editor .dialog-actions .button.primary")
            .await;
        s.group_count("Kiosks", "2").await;
        let (kiosks, members) = g.tenant_group("Kiosks");
        assert!(members.is_empty(), "{members:?}");
        assert_eq!(kiosks["mailNickname"], json!("kiosks"));

        // Deleting a group here leaves the tenant's in place, and the
        // dialog says so.
        s.click("tr[data-group='Kiosks'] [data-role=delete]").await;
        let note = s.text("dialog[open] [data-role=tenant-note]").await;
        assert!(
            note.starts_with("Your Microsoft 365 tenant's group is left in place"),
            "{note}"
        );
        s.click("dialog[open] .dialog-actions .button.danger").await;
        s.absent("tr[data-group='Kiosks']").await;
        assert_eq!(g.tenant_groups("Kiosks").len(), 1);
    })
    .await;
}
