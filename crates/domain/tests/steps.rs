//! Step status and progress, derived from the document.

mod common;
use common::*;
use domain::*;

#[test]
fn progress_counts_done_steps() {
    let s = apply(&Setup::new(), add("contoso.com"));
    let s = apply(&s, verify("contoso.com"));
    let s = apply(&s, Command::SetNetworkReviewed { reviewed: true });
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );
    assert_eq!(s.progress(), Progress { done: 2, total: 7 });
    assert_eq!(s.progress().percent(), 28);
    assert_eq!(s.step_status(StepId::NextSteps), StepStatus::InProgress);
}

#[test]
fn slugs_round_trip() {
    for step in StepId::ALL {
        assert_eq!(StepId::from_slug(step.slug()), Some(step));
    }
    assert_eq!(StepId::from_slug("nope"), None);
}

#[test]
fn an_empty_workspace_has_not_started_step_7() {
    // Every other step is not started or blocked: nothing is in progress.
    assert_eq!(
        Setup::new().step_status(StepId::NextSteps),
        StepStatus::NotStarted
    );
    let started = apply(&Setup::new(), add("contoso.com"));
    assert_eq!(
        started.step_status(StepId::NextSteps),
        StepStatus::InProgress
    );
}
