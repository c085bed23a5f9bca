//! What Settings shows about taking the setup along.

use super::{place, Switch, Target};
use crate::widgets::{ConfirmDialog, RadioChoice, RadioGroup};
use domain::Setup;
use leptos::prelude::*;

/// What the chosen backend holds: nothing yet, or a setup and its revision.
#[component]
pub fn TargetHolds(sw: Switch) -> impl IntoView {
    let text = move || match sw.target.get() {
        Target::Unknown => String::new(),
        Target::InUse => "This is the backend in use now.".into(),
        Target::Holds(choice, there) if there.is_untouched() => {
            format!("{} holds no setup yet.", place(&choice))
        }
        Target::Holds(choice, there) => format!(
            "{} already holds a setup, at revision {}: {}.",
            place(&choice),
            there.revision,
            there.summary()
        ),
        Target::Failed(choice, error) => format!(
            "{} cannot be read, so this setup cannot be copied there. {error}",
            place(&choice)
        ),
    };
    view! { <p role="status" id="target-holds">{text}</p> }
}

/// Take this setup along, or use what the chosen backend holds.
#[component]
pub fn CarryChoice(sw: Switch) -> impl IntoView {
    let choices = vec![
        RadioChoice::new(true, "take", "Take this setup along").described(
            "Copies it there, replacing anything it holds, then switches. The setup here stays as it is.",
        ),
        RadioChoice::new(false, "leave", "Use what is there").described(
            "Switches without copying. The setup here stays where it is.",
        ),
    ];
    let here = move || {
        format!(
            "In use now: {}, holding {}.",
            sw.state.backend().label(),
            sw.state.setup.with(Setup::summary)
        )
    };
    view! {
        <Show when=move || sw.offered().is_some()>
            <p id="carry-source">{here}</p>
            <RadioGroup
                id="carry"
                legend="This setup"
                choices=choices.clone()
                value=Signal::derive(move || Some(sw.taking()))
                on_change=Callback::new(move |take| sw.pick.set(Some(take)))
                disabled=sw.copying
            />
        </Show>
    }
}

/// Asks before the copy replaces what the chosen backend holds.
#[component]
pub fn CarryDialog(sw: Switch) -> impl IntoView {
    let replaced = move || match sw.target.get() {
        Target::Holds(choice, there) => format!(
            "{} holds {}, at revision {}. All of it is replaced by this setup: {}.",
            place(&choice),
            there.summary(),
            there.revision,
            sw.state.setup.with(Setup::summary)
        ),
        _ => String::new(),
    };
    view! {
        <ConfirmDialog
            id="carry-dialog"
            open=sw.confirm
            title="Replace the setup that is there?"
            confirm_label="Replace it and switch"
            danger=true
            on_confirm=Callback::new(move |_| sw.run(true))
        >
            <p id="carry-replaced">{replaced}</p>
            <p>"Nothing changes here: the setup you use now stays as it is."</p>
        </ConfirmDialog>
    }
}

/// A copy that failed: nothing changed on either side; Retry when it may help.
#[component]
pub fn CarryFailure(sw: Switch) -> impl IntoView {
    let text = move || sw.failure.with(|f| f.as_ref().map(|f| f.text.clone()));
    let retry = move || sw.failure.with(|f| f.as_ref().is_some_and(|f| f.retry));
    view! {
        <p class="form-error" role="alert" id="carry-error">{text}</p>
        <Show when=retry>
            <div class="actions">
                <button type="button" class="button" id="carry-retry" on:click=move |_| sw.run(false)>
                    "Retry"
                </button>
            </div>
        </Show>
    }
}
