use domain::countries::COUNTRIES;
use leptos::prelude::*;

use super::SelectField;

/// The usage location: a country from the fixed list, or none (`""`).
#[component]
pub fn CountrySelect(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <SelectField id label="Usage location" value error disabled>
            <option value="">"— Not set —"</option>
            {COUNTRIES
                .iter()
                .map(|(code, name)| view! { <option value=*code>{format!("{name} ({code})")}</option> })
                .collect_view()}
        </SelectField>
    }
}
