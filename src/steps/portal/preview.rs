//! The Company Portal as an end user will see it: the title bar and the
//! Contact IT page. Everything is rendered as text; links are made only from
//! values that pass the domain's URL and e-mail rules.

use domain::address;
use domain::portal::AppBackground;
use domain::CompanyPortal;
use leptos::prelude::*;

#[component]
pub fn PortalPreview(
    #[prop(into)] draft: Signal<CompanyPortal>,
    #[prop(into)] theme: Signal<String>,
) -> impl IntoView {
    let title_logo = move || {
        draft.with(|d| {
            if d.include_logo {
                d.logo_on_theme.clone()
            } else {
                None
            }
        })
    };
    let body_on_theme = move || draft.with(|d| d.app_background == AppBackground::ThemeColor);
    let body_logo = move || {
        draft.with(|d| {
            if !d.include_logo {
                None
            } else if d.app_background == AppBackground::ThemeColor {
                d.logo_on_theme.clone()
            } else {
                d.logo_on_white.clone()
            }
        })
    };
    let company = move || {
        draft.with(|d| {
            let name = d.company_name.trim();
            if name.is_empty() {
                "Company name".to_string()
            } else {
                name.to_string()
            }
        })
    };
    let value =
        move |get: fn(&CompanyPortal) -> &String| move || draft.with(|d| get(d).trim().to_string());
    let email = value(|d| &d.it_email);
    let support_url = move || {
        draft.with(|d| {
            address::https_url(&d.support_url, 150)
                .ok()
                .filter(|u| !u.is_empty())
        })
    };
    let privacy_url = move || {
        draft.with(|d| {
            address::https_url(&d.privacy_url, 79)
                .ok()
                .filter(|u| !u.is_empty())
        })
    };
    let email_ok =
        move || draft.with(|d| address::email(&d.it_email, 40).is_ok_and(|e| !e.is_empty()));

    view! {
        <aside class="portal-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview"</h2>
            <div class="pp-device" id="portal-preview">
                <div class="pp-titlebar" style=move || format!("background:{}", theme.get())>
                    {move || match title_logo() {
                        Some(logo) => view! { <img class="pp-logo" src=logo.data_url() alt=company() /> }.into_any(),
                        None => view! { <span class="pp-title" data-role="portal-title">{company}</span> }.into_any(),
                    }}
                </div>
                <div
                    class="pp-body"
                    class:pp-on-theme=body_on_theme
                    style=move || if body_on_theme() { format!("background:{}", theme.get()) } else { String::new() }
                >
                    {move || body_logo().map(|logo| view! { <img class="pp-logo small" src=logo.data_url() alt="" /> })}
                    <h3>"Contact IT"</h3>
                    <dl class="pp-contact">
                        <dt>"Contact"</dt>
                        <dd data-role="contact-name">{value(|d| &d.it_contact_name)}</dd>
                        <dt>"Phone"</dt>
                        <dd data-role="phone">{value(|d| &d.it_phone)}</dd>
                        <dt>"Email"</dt>
                        <dd data-role="email">
                            {move || {
                                if email_ok() {
                                    view! { <a href=format!("mailto:{}", email())>{email()}</a> }.into_any()
                                } else {
                                    view! { <span>{email()}</span> }.into_any()
                                }
                            }}
                        </dd>
                        <dt>"More information"</dt>
                        <dd data-role="additional-info">{value(|d| &d.additional_info)}</dd>
                    </dl>
                    <p data-role="support-link">
                        {move || {
                            let link_text = draft.with(CompanyPortal::support_link_text);
                            match (support_url(), link_text) {
                                (Some(url), Some(label)) => {
                                    view! { <a href=url target="_blank" rel="noopener noreferrer">{label}</a> }.into_any()
                                }
                                (None, Some(label)) => view! { <span>{label}</span> }.into_any(),
                                _ => ().into_any(),
                            }
                        }}
                    </p>
                    <p data-role="privacy-link">
                        {move || {
                            privacy_url()
                                .map(|url| {
                                    view! { <a href=url target="_blank" rel="noopener noreferrer">"Privacy statement"</a> }
                                })
                        }}
                    </p>
                </div>
            </div>
        </aside>
    }
}
