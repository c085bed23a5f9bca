//! The Windows card: the two CNAME records of every verified domain.

use super::cname_check::CnameDomain;
use super::PlatformBadge;
use crate::state::{refusal, AppState};
use crate::widgets::{Card, Checklist, ChecklistItem, CopyButton};
use domain::enrollment::cname_records;
use domain::{Command, Platform};
use leptos::prelude::*;

#[component]
pub(super) fn WindowsCard() -> impl IntoView {
    let state = AppState::expect();
    let authority_set = Memo::new(move |_| state.setup.with(|s| s.authority.is_some()));
    let domains = Memo::new(move |_| {
        state.setup.with(|s| {
            s.enrollment
                .windows_domains(&s.connections)
                .map(|(d, published)| (d.clone(), published))
                .collect::<Vec<_>>()
        })
    });
    let message = RwSignal::new(None::<String>);
    let items = Signal::derive(move || {
        domains
            .get()
            .into_iter()
            .map(|(d, published)| ChecklistItem {
                id: d.to_string(),
                label: format!("I published both records for {d} (acknowledged by hand)"),
                detail: None,
                checked: published,
                locked: false,
            })
            .collect::<Vec<_>>()
    });
    let on_toggle = Callback::new(move |(domain, published): (String, bool)| {
        state.dispatch(
            Command::SetCnamesPublished { domain, published },
            move |r| message.set(refusal(r)),
        );
    });
    view! {
        <Card heading_id="windows-heading" id="platform-windows" class="platform" title="Windows" aside=|| ()>
            <ul class="platform-rows">
                <li>{Platform::WindowsMobile.title()} " " <PlatformBadge platform=Platform::WindowsMobile /></li>
                <li>{Platform::WindowsPc.title()} " " <PlatformBadge platform=Platform::WindowsPc /></li>
            </ul>
            <Show
                when=move || authority_set.get() && !domains.with(Vec::is_empty)
                fallback=move || {
                    view! {
                        <p class="banner banner-blocked" id="windows-blocked">
                            {move || if authority_set.get() {
                                "Needs a verified domain (step 1): Windows devices find the enrollment service through DNS records in it."
                            } else {
                                "Needs the MDM authority (step 2)."
                            }}
                        </p>
                    }
                }
            >
                <p>
                    "Publish these two CNAME records at the DNS provider of each verified domain, so people only type their work address to enroll. Windows PCs can also be managed with the Intune client software instead of enrolling. “Check records” looks them up in DNS; when both are correct, the domain's records are marked published."
                </p>
                <div class="table-wrap">
                    <table class="table" id="cname-table">
                        <thead>
                            <tr>
                                <th scope="col">"Host name"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"Points to"</th>
                                <th scope="col">"TTL"</th>
                                <th scope="col"><span class="visually-hidden">"Copy"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                domains
                                    .get()
                                    .into_iter()
                                    .flat_map(|(d, _)| cname_records(&d))
                                    .map(|r| {
                                        let host = r.host.clone();
                                        view! {
                                            <tr>
                                                <td class="mono">{r.host.clone()}</td>
                                                <td>"CNAME"</td>
                                                <td class="mono">{r.points_to}</td>
                                                <td>{r.ttl}</td>
                                                <td>
                                                    <CopyButton
                                                        text=Signal::derive(move || r.points_to.to_string())
                                                        label=format!("Copy the target of {host}")
                                                    />
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <div class="cname-domains" id="cname-checks">
                    <For each=move || domains.get() key=|(d, _)| d.clone() let:entry>
                        <CnameDomain domain=entry.0 />
                    </For>
                </div>
                <p>
                    "Where DNS can't be checked, acknowledge the records yourself: they are recorded as published by hand, not checked in DNS."
                </p>
                <Checklist id="cnames" legend="Published records" items on_toggle />
                <p class="form-error" role="alert">{move || message.get()}</p>
            </Show>
        </Card>
    }
}
