//! Step 3: user and device groups.

mod common;
use common::*;
use domain::*;

fn ok(setup: &Setup, cmd: Command) -> Setup {
    setup.apply(cmd, T0).expect("command should be accepted")
}

fn err(setup: &Setup, cmd: Command) -> DomainError {
    setup.apply(cmd, T0).expect_err("command should be refused")
}

#[test]
fn groups_names_unique_ignoring_case_and_limited() {
    let s = base();
    let create = |name: &str| Command::CreateGroup {
        kind: GroupKind::User,
        name: name.into(),
        description: String::new(),
        users: vec![],
        devices: vec![],
    };
    let s = ok(&s, create("Sales"));
    assert_eq!(s.step_status(StepId::Groups), StepStatus::Done);
    assert!(matches!(
        err(&s, create("SALES")),
        DomainError::Group(GroupError::DuplicateName { .. })
    ));
    assert!(matches!(
        err(&s, create("intune USERS")),
        DomainError::Group(GroupError::ReservedName)
    ));
    assert_eq!(
        err(&s, create(" ")).to_string(),
        "Group name: This field is required."
    );
    assert!(s.apply(create(&"g".repeat(256)), T0).is_ok());
    assert_eq!(
        err(&s, create(&"g".repeat(257))).to_string(),
        "Group name: 257 characters: the limit is 256."
    );
    let long_description = Command::CreateGroup {
        kind: GroupKind::User,
        name: "HR".into(),
        description: "d".repeat(1025),
        users: vec![],
        devices: vec![],
    };
    assert_eq!(
        err(&s, long_description).to_string(),
        "Description: 1,025 characters: the limit is 1,024."
    );
}

#[test]
fn rename_edit_members_and_delete() {
    let s = add_user(&base(), "Ada", "ada@contoso.com", "");
    let s = add_user(&s, "Alan", "alan@contoso.com", "");
    let (ada, alan) = (id_of(&s, "ada@contoso.com"), id_of(&s, "alan@contoso.com"));
    let s = ok(
        &s,
        Command::CreateGroup {
            kind: GroupKind::User,
            name: "Sales".into(),
            description: "".into(),
            users: vec![ada, ada],
            devices: vec![],
        },
    );
    let id = s.groups.groups[0].id;
    assert_eq!(s.groups.groups[0].users, vec![ada], "duplicates folded");
    let s = ok(
        &s,
        Command::UpdateGroup {
            id,
            name: "Sales EMEA".into(),
            description: "Europe".into(),
            users: vec![ada, alan],
            devices: vec![],
        },
    );
    assert_eq!(s.groups.groups[0].name, "Sales EMEA");
    assert_eq!(s.groups.groups[0].member_count(), 2);
    // Renaming to its own name in another case is fine.
    assert!(s
        .apply(
            Command::UpdateGroup {
                id,
                name: "SALES emea".into(),
                description: "".into(),
                users: vec![],
                devices: vec![]
            },
            T0
        )
        .is_ok());
    assert!(matches!(
        err(
            &s,
            Command::UpdateGroup {
                id,
                name: "X".into(),
                description: "".into(),
                users: vec![UserId(999)],
                devices: vec![]
            }
        ),
        DomainError::Group(GroupError::UnknownMember { id: 999 })
    ));
    assert!(matches!(
        err(
            &s,
            Command::UpdateGroup {
                id,
                name: "X".into(),
                description: "".into(),
                users: vec![],
                devices: vec!["PC-1".into()]
            }
        ),
        DomainError::Group(GroupError::WrongMemberKind { .. })
    ));
    // Removing a user removes it from every group.
    let s = ok(&s, Command::RemoveUser { id: ada });
    assert_eq!(s.groups.groups[0].users, vec![alan]);
    let s = ok(&s, Command::DeleteGroup { id });
    assert!(s.groups.groups.is_empty());
    assert!(matches!(
        err(&s, Command::DeleteGroup { id }),
        DomainError::Group(GroupError::UnknownGroup { .. })
    ));
}

#[test]
fn device_groups_hold_valid_device_names() {
    let s = base();
    let device_group = |devices: Vec<&str>| Command::CreateGroup {
        kind: GroupKind::Device,
        name: "Kiosks".into(),
        description: "".into(),
        users: vec![],
        devices: devices.into_iter().map(String::from).collect(),
    };
    let ok_s = ok(&s, device_group(vec!["KIOSK-01", "a", &"X".repeat(15)]));
    assert_eq!(ok_s.groups.groups[0].devices.len(), 3);
    assert_eq!(
        err(&s, device_group(vec![&"X".repeat(16)])).to_string(),
        format!(
            "Device name “{}”: 16 characters: the limit is 15.",
            "X".repeat(16)
        )
    );
    assert!(err(&s, device_group(vec!["PC_1"]))
        .to_string()
        .contains("“_” is not allowed"));
    assert!(matches!(
        err(&s, device_group(vec!["pc-1", "PC-1"])),
        DomainError::Group(GroupError::DuplicateDevice { .. })
    ));
    assert!(matches!(
        err(&s, device_group(vec![" "])),
        DomainError::Group(GroupError::DeviceName { .. })
    ));
}
