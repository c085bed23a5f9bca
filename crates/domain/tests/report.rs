//! Step 7: the readable summary.

mod common;
use common::*;
use domain::*;

#[test]
fn summary_lists_every_step_and_escapes_user_text() {
    let s = full_setup();
    let md = s.summary_markdown(T0);
    for step in StepId::ALL {
        assert!(
            md.contains(&format!("## Step {}: {}", step.number(), step.title())),
            "{step:?}"
        );
    }
    assert!(md.contains(TOPIC_A.replace('_', "\\_").as_str()));
    assert!(md.contains(
        "EnterpriseEnrollment.contoso.com → EnterpriseEnrollment-s.manage.microsoft.com"
    ));
    assert!(md.contains("- [ ] Create at least one user or device group."));
    assert_eq!(
        report::md("<script>*x*</script>"),
        "\\<script\\>\\*x\\*\\</script\\>"
    );
}

#[test]
fn a_new_document_is_untouched_whatever_its_revision() {
    assert!(Setup::new().is_untouched());
    // An empty setup imported (a carried empty setup) is still empty.
    let imported = ok(
        &Setup::new(),
        Command::ImportSetup {
            setup: Box::new(Setup::new()),
        },
    );
    assert_eq!(imported.revision, 1);
    assert!(imported.is_untouched());
    assert!(!ready().is_untouched());
}

#[test]
fn the_summary_counts_what_the_document_holds() {
    let summary = ready().summary();
    assert!(
        summary.starts_with("the setup of contoso.onmicrosoft.com with "),
        "{summary}"
    );
    assert!(summary.contains(", 1 domain, "), "{summary}");
    assert!(
        summary.ends_with("0 groups and 0 corporate devices"),
        "{summary}"
    );
}
