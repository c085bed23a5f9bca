//! Microsoft 365 tenant (Graph), Preview: the tenant and app registration
//! to sign in with, the sign-in itself (PKCE, token kept for this tab only)
//! and a connection test. Once signed in, each step page shows what the
//! tenant holds for it (`widgets::TenantPanel`); nothing is written yet.

use crate::app::SignInNews;
use crate::signin;
use crate::widgets::{Card, CheckboxField, CopyButton, Latest, TextField};
use domain::backend_settings::{
    check_client_id, check_graph_base, check_graph_tenant, check_login_base, GraphSettings,
    DEFAULT_GRAPH_BASE, DEFAULT_LOGIN_BASE,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(super) fn GraphCard() -> impl IntoView {
    let last = signin::last_settings();
    let field = |f: fn(&GraphSettings) -> &str, default: &str| {
        RwSignal::new(last.as_ref().map_or(default, f).to_owned())
    };
    let tenant = field(|s| &s.tenant, "");
    let client_id = field(|s| &s.client_id, "");
    let login_base = field(|s| &s.login_base, DEFAULT_LOGIN_BASE);
    let graph_base = field(|s| &s.graph_base, DEFAULT_GRAPH_BASE);
    let tried = RwSignal::new(false);
    // Errors show once something is typed, or after “Sign in”.
    let shown = move |value: &str, error: Option<String>| {
        (tried.get() || !value.trim().is_empty())
            .then_some(error)
            .flatten()
    };
    let tenant_error = Signal::derive(move || {
        let v = tenant.get();
        shown(&v, check_graph_tenant(&v).err().map(|e| e.to_string()))
    });
    let client_error = Signal::derive(move || {
        let v = client_id.get();
        shown(&v, check_client_id(&v).err().map(|e| e.to_string()))
    });
    let login_error = Signal::derive(move || {
        check_login_base(&login_base.get())
            .err()
            .map(|e| e.to_string())
    });
    let graph_error = Signal::derive(move || {
        check_graph_base(&graph_base.get())
            .err()
            .map(|e| e.to_string())
    });

    let news = use_context::<SignInNews>().map(|n| n.0);
    let signed_out = RwSignal::new(0u32);
    let held = Signal::derive(move || {
        if let Some(news) = news {
            news.track();
        }
        signed_out.track();
        signin::held_token()
    });
    let message = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move || {
        if let Some(outcome) = news.and_then(|n| n.get()) {
            message.set(Some(
                outcome.map(|signed_in| format!("Signed in to {}.", signed_in.tenant)),
            ));
        }
    });
    let redirect = signin::redirect_uri();
    let writes = Signal::derive(move || {
        signed_out.track();
        signin::writes_on()
    });

    let sign_in = move |_| {
        tried.set(true);
        let parsed = GraphSettings::parse(
            &tenant.get_untracked(),
            &client_id.get_untracked(),
            &login_base.get_untracked(),
            &graph_base.get_untracked(),
        );
        let settings = match parsed {
            Ok(settings) => settings,
            Err(errors) => {
                let words: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                return message.set(Some(Err(format!("Not signed in. {}", words.join(" ")))));
            }
        };
        message.set(Some(Ok("Opening Microsoft's sign-in…".into())));
        spawn_local(async move {
            // The permissions steps asked for before are asked again.
            let extra = signin::held_token().map(|t| t.scopes).unwrap_or_default();
            match crate::parts::start_sign_in(settings, extra, None).await {
                Ok(url) => {
                    let _ = window().location().assign(&url);
                }
                Err(e) => message.set(Some(Err(e))),
            }
        });
    };
    let test = RwSignal::new(None::<Result<signin::TenantFound, String>>);
    let sign_out = move |_| {
        signin::sign_out();
        signed_out.update(|n| *n += 1);
        test.set(None);
        message.set(Some(Ok(
            "Signed out: this tab no longer holds a token.".into()
        )));
    };
    let latest = Latest::new();
    let run_test = move |_| {
        test.set(None);
        let ticket = latest.ticket();
        spawn_local(async move {
            let outcome = crate::parts::test_tenant_connection().await;
            if latest.is_current(ticket) {
                test.set(Some(outcome));
            }
        });
    };

    view! {
        <Card heading_id="graph-heading" title="Microsoft 365 tenant (Graph) — Preview" attr:id="graph-settings">
            <p>
                <strong>"Preview: "</strong>
                "once you sign in, each step page also shows what your tenant holds for that step, read through Microsoft Graph. You can also have the MDM authority and the Company Portal branding saved in the tenant (below, once signed in). Your setup is still kept where you chose above."
            </p>
            <p>
                "Register an app in Microsoft Entra ID (App registrations → New registration), of the platform type “Single-page application”, with this redirect URI:"
            </p>
            <p class="copy-row">
                <code id="graph-redirect-uri">{redirect.clone()}</code>
                " "
                <CopyButton text=Signal::derive(move || redirect.clone()) label="Copy the redirect URI" />
            </p>
            <p id="graph-scopes">
                "Signing in asks for these delegated permissions: openid (to sign you in), offline_access (asked by every sign-in of this kind; this preview keeps no renewal token, so you sign in again when the token expires after about an hour), User.Read (your own name), Domain.Read.All (your domains, for step 1) and Organization.Read.All (the organization's name, MDM authority and directory sync). A step that needs more asks for it on its page, naming the permission and why: GroupMember.Read.All (step 3), DeviceManagementServiceConfig.Read.All (step 4), LicenseAssignment.Read.All and User.Read.All (step 5), DeviceManagementManagedDevices.Read.All (step 6); saving in the tenant asks for DeviceManagementServiceConfig.ReadWrite.All (steps 2 and 4). Nothing is changed in the tenant unless you turn on saving in the tenant below."
            </p>
            <TextField
                id="graph-tenant"
                label="Tenant"
                value=tenant
                error=tenant_error
                placeholder="contoso.onmicrosoft.com"
                help="The tenant's ID (a GUID) or one of its domain names, such as contoso.onmicrosoft.com."
            />
            <TextField
                id="graph-client-id"
                label="Application (client) ID"
                value=client_id
                error=client_error
                placeholder="00000000-0000-0000-0000-000000000000"
                help="Shown on the app registration's Overview page."
            />
            <details id="graph-advanced">
                <summary>"Advanced: service addresses (for testing against a stand-in)"</summary>
                <TextField
                    id="graph-login-base"
                    label="Sign-in address"
                    value=login_base
                    error=login_error
                    input_type="url"
                    help="Normally https://login.microsoftonline.com; http:// only on this computer."
                />
                <TextField
                    id="graph-graph-base"
                    label="Graph address"
                    value=graph_base
                    error=graph_error
                    input_type="url"
                    help="Normally https://graph.microsoft.com/v1.0; http:// only on this computer."
                />
            </details>
            <div class="actions">
                <button type="button" class="button primary" id="graph-sign-in" on:click=sign_in>
                    "Sign in"
                </button>
                <button type="button" class="button" id="graph-sign-out" on:click=sign_out>
                    "Sign out"
                </button>
            </div>
            <p role="status" id="graph-signed-in">
                {move || held.get().map(|t| format!("Signed in to {} (token kept for this tab only).", t.settings.tenant))}
            </p>
            <p
                role="status"
                id="graph-status"
                class:form-error=move || matches!(message.get(), Some(Err(_)))
            >
                {move || message.get().map(|r| r.unwrap_or_else(|e| e))}
            </p>
            <Show when=move || held.get().is_some()>
                <div class="actions">
                    <button type="button" class="button" id="graph-test" on:click=run_test>
                        "Test the tenant connection"
                    </button>
                </div>
                <CheckboxField
                    id="graph-writes"
                    label="Save my changes in this tenant too (Preview)"
                    switch=true
                    checked=writes
                    on_change=Callback::new(move |on: bool| {
                        match signin::set_writes(on) {
                            // The app starts again on the tenant (or without it).
                            Ok(()) => {
                                let _ = window().location().reload();
                            }
                            Err(e) => message.set(Some(Err(e.to_string()))),
                        }
                    })
                    help="While on, in this tab: the MDM authority (step 2) and the Company Portal branding (step 4) are saved in the tenant first, then in your workspace; a change the tenant refuses is not saved at all. Everything else is saved in your workspace only, as before."
                />
            </Show>
            <div id="graph-test-result" role="status">
                {move || match test.get() {
                    None => None,
                    Some(Ok(found)) => Some(view! {
                        <p>
                            "Read from your tenant: the organization is "
                            <strong data-role="org-name">{found.name}</strong>
                            "; its MDM authority is "
                            <strong data-role="mdm-authority">{found.mdm_authority}</strong>
                            "."
                        </p>
                    }.into_any()),
                    Some(Err(problem)) => Some(view! { <p class="form-error">{problem}</p> }.into_any()),
                }}
            </div>
        </Card>
    }
}
