//! DNS lookups: which DNS-over-HTTPS resolver this browser asks (named,
//! since the domain names are sent to it), a test of it, or no lookups at
//! all. Saved in this browser at once, whatever the backend.

use crate::dns;
use crate::state::AppState;
use crate::widgets::{Card, Latest, RadioChoice, RadioGroup, TextField};
use domain::backend_settings::{
    check_resolver_url, DnsLookups, DEFAULT_RESOLVER, DEFAULT_RESOLVER_NAME,
};
use domain::DomainName;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(super) fn DnsLookupsCard(server_backend: bool) -> impl IntoView {
    let load_problem = dns::setting::load().err();
    let saved = RwSignal::new(dns::setting::current());
    let on = RwSignal::new(saved.get_untracked() != DnsLookups::Off);
    let url = RwSignal::new(
        saved
            .get_untracked()
            .resolver()
            .unwrap_or(DEFAULT_RESOLVER)
            .to_owned(),
    );
    let url_error =
        Signal::derive(move || check_resolver_url(&url.get()).err().map(|e| e.to_string()));
    let message = RwSignal::new(load_problem);
    let test = RwSignal::new(None::<Result<String, String>>);
    let latest = Latest::new();
    let typed = move || -> Result<DnsLookups, String> {
        if !on.get() {
            return Ok(DnsLookups::Off);
        }
        check_resolver_url(&url.get())
            .map(|url| DnsLookups::Resolver { url })
            .map_err(|e| e.to_string())
    };
    let save = move |_| {
        message.set(Some(match typed() {
            Err(problem) => format!("Not saved. {problem}"),
            Ok(value) => match dns::setting::save(&value) {
                Ok(()) => {
                    saved.set(value.clone());
                    match value {
                        DnsLookups::Off => {
                            "Saved: DNS lookups are off; records are confirmed by hand.".into()
                        }
                        DnsLookups::Resolver { url } => format!("Saved: lookups go to {url}."),
                    }
                }
                Err(problem) => problem,
            },
        }));
    };
    let state = AppState::expect();
    let run_test = move |_| {
        let resolver = match check_resolver_url(&url.get()) {
            Ok(resolver) => resolver,
            Err(e) => return test.set(Some(Err(e.to_string()))),
        };
        // The first domain of the setup, else a name every resolver knows.
        let name = state
            .setup
            .with_untracked(|s| s.connections.domains.first().map(|d| d.name.clone()))
            .or_else(|| DomainName::parse("example.com").ok());
        let Some(name) = name else { return };
        test.set(Some(Ok("Asking the resolver…".into())));
        let ticket = latest.ticket();
        spawn_local(async move {
            let outcome = dns::test_resolver(&resolver, &name).await;
            if latest.is_current(ticket) {
                test.set(Some(outcome));
            }
        });
    };
    let choices = vec![
        RadioChoice::new(
            true,
            "resolver",
            "Look records up through a DNS-over-HTTPS resolver",
        ),
        RadioChoice::new(false, "off", "Don't look up DNS: I confirm records by hand"),
    ];
    view! {
        <Card heading_id="dns-heading" title="DNS lookups" attr:id="dns-settings">
            <p>
                {format!("“Verify” in step 1 and “Check records” in step 6 look the records up in DNS. This browser asks a DNS-over-HTTPS resolver: by default {DEFAULT_RESOLVER_NAME} at {DEFAULT_RESOLVER}. The names looked up (your domains and their EnterpriseEnrollment and EnterpriseRegistration names) are sent to that resolver; nothing else is.")}
            </p>
            {server_backend.then(|| view! {
                <p class="muted" id="dns-server-note">
                    "You use a server backend: it looks DNS up itself, with its own resolver, and this setting is not used until you switch back to this browser."
                </p>
            })}
            <RadioGroup
                id="dns-lookups"
                legend="Lookups"
                choices
                value=Signal::derive(move || Some(on.get()))
                on_change=Callback::new(move |value| on.set(value))
            />
            <Show when=move || on.get()>
                <TextField
                    id="resolver-url"
                    label="Resolver address"
                    value=url
                    error=url_error
                    input_type="url"
                    help="An https:// address that answers RFC 8484 DNS queries (GET with ?dns=), such as https://dns.google/dns-query; http:// only for a resolver on this computer."
                />
                <div class="actions">
                    <button type="button" class="button" id="test-resolver" on:click=run_test>
                        "Test the resolver"
                    </button>
                </div>
                <p id="resolver-test" role="status" class:form-error=move || matches!(test.get(), Some(Err(_)))>
                    {move || test.get().map(|r| r.unwrap_or_else(|e| e))}
                </p>
            </Show>
            <div class="actions">
                <button type="button" class="button primary" id="save-dns" on:click=save>
                    "Save DNS setting"
                </button>
            </div>
            <p role="status" id="dns-status">{move || message.get()}</p>
        </Card>
    }
}
