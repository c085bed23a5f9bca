use leptos::prelude::*;

/// A titled section of a page:
/// `<section class="card" aria-labelledby=heading_id><h2 id=heading_id>title</h2>…</section>`.
///
/// With `aside`, the heading sits in a `card-head` row with what `aside`
/// shows beside it (a status badge, a count).
#[component]
pub fn Card(
    /// Id of the heading, which names the section.
    #[prop(into)]
    heading_id: String,
    #[prop(into)] title: TextProp,
    /// Id of the section itself.
    #[prop(optional, into)]
    id: Option<String>,
    /// Extra classes beside `card`, e.g. `locked` or `platform`.
    #[prop(optional)]
    class: Option<&'static str>,
    /// Shown inside the heading after the title (part of the section's name).
    #[prop(optional, into)]
    in_heading: Option<ViewFn>,
    /// Shown beside the heading, in a `card-head` row.
    #[prop(optional, into)]
    aside: Option<ViewFn>,
    /// Heading level: 2 unless given (3 for a card inside a card).
    #[prop(optional)]
    level: Option<u8>,
    children: Children,
) -> impl IntoView {
    let class = match class {
        Some(extra) => format!("card {extra}"),
        None => "card".to_owned(),
    };
    let labelled_by = heading_id.clone();
    let content = view! {
        {move || title.get()}
        {in_heading.map(|extra| extra.run())}
    };
    let heading = match level.unwrap_or(2) {
        3 => view! { <h3 id=heading_id>{content}</h3> }.into_any(),
        _ => view! { <h2 id=heading_id>{content}</h2> }.into_any(),
    };
    let head = match aside {
        Some(aside) => view! { <div class="card-head">{heading}{aside.run()}</div> }.into_any(),
        None => heading,
    };
    view! {
        <section class=class id=id aria-labelledby=labelled_by>
            {head}
            {children()}
        </section>
    }
}
