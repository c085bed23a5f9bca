//! Step 2: the MDM authority, and what waits for it.

mod common;
use common::*;
use domain::*;

#[test]
fn authority_needs_confirmation_and_then_locks() {
    let s = Setup::new();
    let err = refused(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: false,
        },
    );
    assert_eq!(err, DomainError::AuthorityNotConfirmed);
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Intune,
            confirmed: true,
        },
    );
    assert_eq!(
        s.authority,
        Some(AuthorityState {
            authority: MdmAuthority::Intune,
            set_at: T0
        })
    );
    let err = refused(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::ConfigurationManager,
            confirmed: true,
        },
    );
    assert_eq!(
        err,
        DomainError::AuthorityAlreadySet {
            current: MdmAuthority::Intune
        }
    );
    assert!(err.to_string().contains("already set to Intune"));
}

#[test]
fn step_two_and_gating_of_step_six() {
    let s = Setup::new();
    assert_eq!(s.step_status(StepId::Authority), StepStatus::NotStarted);
    match s.step_status(StepId::Enrollment) {
        StepStatus::Blocked { reason, needs } => {
            assert_eq!(needs, Some(StepId::Authority));
            assert!(reason.contains("step 2"), "{reason}");
        }
        other => panic!("expected blocked, got {other:?}"),
    }
    let s = apply(
        &s,
        Command::SetAuthority {
            authority: MdmAuthority::Office365,
            confirmed: true,
        },
    );
    assert_eq!(s.step_status(StepId::Authority), StepStatus::Done);
    assert!(!matches!(
        s.step_status(StepId::Enrollment),
        StepStatus::Blocked { .. }
    ));
}
