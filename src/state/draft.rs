//! Unsaved edits, written once for every form: the form's values beside
//! the saved value they started from, whether they differ, and whether the
//! saved value changed elsewhere (another tab or person) meanwhile.

use super::AppState;
use domain::Setup;
use leptos::prelude::*;
use std::any::Any;

/// The inputs of a form that keeps unsaved edits.
pub trait Form: Copy + Send + Sync + 'static {
    /// What the form edits, as the saved document holds it.
    type Value: Clone + PartialEq + Send + Sync + 'static;
    fn new(value: &Self::Value) -> Self;
    /// Puts `value` in every input.
    fn load(&self, value: &Self::Value);
    /// What the inputs hold now (tracked).
    fn value(&self) -> Self::Value;
    /// What the inputs hold now, for event handlers.
    fn value_untracked(&self) -> Self::Value {
        untrack(|| self.value())
    }
}

/// A form of one text input.
impl Form for RwSignal<String> {
    type Value = String;
    fn new(value: &String) -> Self {
        RwSignal::new(value.clone())
    }
    fn load(&self, value: &String) {
        self.set(value.clone());
    }
    fn value(&self) -> String {
        self.get()
    }
}

/// A form's unsaved edits of a part of the document.
///
/// While the form is untouched it follows the saved value (a change saved
/// elsewhere shows at once); once edited, a change saved elsewhere keeps
/// the edits and raises [`Draft::changed_elsewhere`], so that saving says
/// it replaces theirs. The leave-page guard asks every draft.
pub struct Draft<F: Form> {
    pub form: F,
    saved: Memo<F::Value>,
    dirty: Memo<bool>,
    changed_elsewhere: RwSignal<bool>,
}

impl<F: Form> Clone for Draft<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Form> Copy for Draft<F> {}

impl<F: Form> Draft<F> {
    /// A draft of what `saved` reads from the document, for as long as the
    /// current owner (a page or a card) lives.
    pub fn new(saved: impl Fn(&Setup) -> F::Value + Send + Sync + 'static) -> Draft<F> {
        let state = AppState::expect();
        let saved = Memo::new(move |_| state.setup.with(&saved));
        let form = F::new(&saved.get_untracked());
        let dirty = Memo::new(move |_| saved.with(|s| form.value() != *s));
        let changed_elsewhere = RwSignal::new(false);
        Effect::new(move |previous: Option<F::Value>| {
            let now = saved.get();
            if let Some(previous) = previous.filter(|p| *p != now) {
                let current = form.value_untracked();
                if current == previous {
                    form.load(&now);
                } else if current != now {
                    changed_elsewhere.set(true);
                }
            }
            now
        });
        let drafts = state.drafts;
        drafts.register(dirty);
        on_cleanup(move || drafts.unregister(dirty));
        Draft {
            form,
            saved,
            dirty,
            changed_elsewhere,
        }
    }

    /// The draft kept under `key` for the whole app session, made the first
    /// time it is asked for: leaving the page and coming back keeps the
    /// edits.
    pub fn kept(
        key: &'static str,
        saved: impl Fn(&Setup) -> F::Value + Send + Sync + 'static,
    ) -> Draft<F> {
        let drafts = AppState::expect().drafts;
        if let Some(draft) = drafts.kept_draft::<F>(key) {
            return draft;
        }
        let draft = drafts.in_app_owner(|| Draft::new(saved));
        drafts.keep(key, draft);
        draft
    }

    /// The saved value (tracked).
    pub fn saved(&self) -> Memo<F::Value> {
        self.saved
    }

    /// Whether the form differs from the saved value (tracked).
    pub fn dirty(&self) -> Memo<bool> {
        self.dirty
    }

    /// Whether the saved value changed elsewhere while this form was edited
    /// (tracked).
    pub fn changed_elsewhere(&self) -> bool {
        self.changed_elsewhere.get()
    }

    /// Puts the saved value back in the form.
    pub fn revert(&self) {
        self.form.load(&self.saved.get_untracked());
        self.changed_elsewhere.set(false);
    }

    /// This form's `sent` value was saved: the form shows it as the
    /// document now holds it, unless it was edited again meanwhile.
    pub fn saved_here(&self, sent: &F::Value) {
        self.changed_elsewhere.set(false);
        if self.form.value_untracked() == *sent {
            self.form.load(&self.saved.get_untracked());
        }
    }
}

/// A draft kept for the session, under its key.
type Kept = (&'static str, Box<dyn Any>);

/// Every draft of the app, for the leave-page guard, and the drafts kept
/// for the whole session.
#[derive(Clone, Copy)]
pub(super) struct Drafts {
    app_owner: StoredValue<Option<Owner>>,
    dirty: StoredValue<Vec<Memo<bool>>>,
    kept: StoredValue<Vec<Kept>, LocalStorage>,
}

impl Drafts {
    /// Kept drafts belong to the owner current now (the app shell).
    pub(super) fn new() -> Drafts {
        Drafts {
            app_owner: StoredValue::new(Owner::current()),
            dirty: StoredValue::new(Vec::new()),
            kept: StoredValue::new_local(Vec::new()),
        }
    }

    /// Whether any form holds unsaved edits.
    pub(super) fn any_dirty(self) -> bool {
        self.dirty
            .try_with_value(|all| {
                all.iter()
                    .any(|dirty| dirty.try_get_untracked().unwrap_or(false))
            })
            .unwrap_or(false)
    }

    fn register(self, dirty: Memo<bool>) {
        self.dirty.update_value(|all| all.push(dirty));
    }

    fn unregister(self, dirty: Memo<bool>) {
        self.dirty
            .try_update_value(|all| all.retain(|d| *d != dirty));
    }

    fn in_app_owner<T>(self, make: impl FnOnce() -> T) -> T {
        match self.app_owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    fn kept_draft<F: Form>(self, key: &'static str) -> Option<Draft<F>> {
        self.kept.with_value(|kept| {
            let (_, draft) = kept.iter().find(|(k, _)| *k == key)?;
            draft.downcast_ref::<Draft<F>>().copied()
        })
    }

    fn keep<F: Form>(self, key: &'static str, draft: Draft<F>) {
        self.kept
            .update_value(|kept| kept.push((key, Box::new(draft))));
    }
}
