//! Technical detail (a parser's or the browser's own words) for support,
//! folded away under the plain-words message.

use leptos::prelude::*;

#[component]
pub fn TechnicalDetails(#[prop(into)] detail: Signal<Option<String>>) -> impl IntoView {
    move || {
        detail.get().map(|detail| {
            view! {
                <details class="technical-details">
                    <summary>"Technical details"</summary>
                    <code>{detail}</code>
                </details>
            }
        })
    }
}
