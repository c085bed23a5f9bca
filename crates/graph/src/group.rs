//! Security groups in the tenant (issue 16): the mail nickname Microsoft
//! requires of every group, the group the tenant already has under a name,
//! what puts one member in a group or takes it out, and which members the
//! workspace records when the tenant took only some of the changes.

use crate::licence::find_user;
use crate::model::{DirectoryObject, Group, User};
use crate::request::{self, GraphRequest, RequestError};
use domain::UserId;

/// The longest mail nickname Microsoft accepts.
pub const MAX_MAIL_NICKNAME: usize = 64;

/// What a group is given as its mail nickname when its name has no letter
/// or digit Microsoft accepts there.
pub const FALLBACK_MAIL_NICKNAME: &str = "group";

/// A Latin letter with an accent, as the plain letters it stands for.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è'..='ë' => "e",
        'ì'..='ï' => "i",
        'ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ù'..='ü' => "u",
        'ý' | 'ÿ' => "y",
        _ => return None,
    })
}

/// The mail nickname of a security group named `name`: Microsoft requires
/// one even of a group without mail. Lower-case letters, digits and
/// underscores from the name (accents dropped), every other run of
/// characters one hyphen; at most [`MAX_MAIL_NICKNAME`] characters, never
/// empty ([`FALLBACK_MAIL_NICKNAME`]); always one
/// [`request::valid_mail_nickname`] accepts.
pub fn mail_nickname(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let plain = match fold(c) {
            Some(letters) => letters,
            None if c.is_ascii_alphanumeric() || c == '_' => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push(c);
                continue;
            }
            None => {
                gap = true;
                continue;
            }
        };
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.push_str(plain);
    }
    // ASCII only: cutting at a byte is cutting at a character.
    out.truncate(MAX_MAIL_NICKNAME);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        FALLBACK_MAIL_NICKNAME.to_owned()
    } else {
        out.to_owned()
    }
}

/// The tenant's security group named `name`, if it has one (names ignore
/// case and surrounding spaces); Microsoft 365 groups and distribution
/// lists of that name are not it.
pub fn find_security_group<'a>(groups: &'a [Group], name: &str) -> Option<&'a Group> {
    let wanted = name.trim().to_lowercase();
    groups.iter().find(|g| {
        g.security_enabled == Some(true)
            && !g.group_types.iter().any(|t| t == "Unified")
            && g.display_name
                .as_deref()
                .is_some_and(|n| n.trim().to_lowercase() == wanted)
    })
}

/// Why one member cannot be put in (or taken out of) a group.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MemberRefusal {
    #[error(
        "no user {0} is in your tenant: add the user in Microsoft 365 (or synchronize it) first"
    )]
    NotInTenant(String),
    #[error("{0}")]
    Request(#[from] RequestError),
}

/// What puts the tenant's user named `upn` in the group `group_id`
/// (`add`), or takes it out: nothing when it already is (or is not) a
/// member. `members` are the group's members in the tenant.
pub fn member_request(
    users: &[User],
    members: &[DirectoryObject],
    group_id: &str,
    upn: &str,
    add: bool,
) -> Result<Option<GraphRequest>, MemberRefusal> {
    let Some(user) = find_user(users, upn) else {
        // Not in the tenant: not in its group either.
        return if add {
            Err(MemberRefusal::NotInTenant(upn.to_owned()))
        } else {
            Ok(None)
        };
    };
    let member = members.iter().any(|m| m.id.eq_ignore_ascii_case(&user.id));
    Ok(match (add, member) {
        (true, false) => Some(request::add_group_member(group_id, &user.id)?),
        (false, true) => Some(request::remove_group_member(group_id, &user.id)?),
        _ => None,
    })
}

/// The members a change of a group's users adds (`wanted`, not `stored`)
/// and takes out (`stored`, not `wanted`), each in its list's order.
pub fn member_changes(stored: &[UserId], wanted: &[UserId]) -> (Vec<UserId>, Vec<UserId>) {
    let added = wanted
        .iter()
        .filter(|u| !stored.contains(u))
        .copied()
        .collect();
    let removed = stored
        .iter()
        .filter(|u| !wanted.contains(u))
        .copied()
        .collect();
    (added, removed)
}

/// The users the workspace records for a group when the tenant made only
/// the member changes in `done`: the wanted users it had already or that
/// were added, then those it had whose removal was not done.
pub fn recorded_members(stored: &[UserId], wanted: &[UserId], done: &[UserId]) -> Vec<UserId> {
    let mut out: Vec<UserId> = wanted
        .iter()
        .filter(|u| stored.contains(u) || done.contains(u))
        .copied()
        .collect();
    out.extend(
        stored
            .iter()
            .filter(|u| !wanted.contains(u) && !done.contains(u)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::valid_mail_nickname;
    use crate::Method;

    #[test]
    fn nicknames_keep_letters_and_digits() {
        assert_eq!(mail_nickname("Intune users"), "intune-users");
        assert_eq!(
            mail_nickname("  Pilot devices (Paris) "),
            "pilot-devices-paris"
        );
        assert_eq!(mail_nickname("Équipe – Zürich"), "equipe-zurich");
        assert_eq!(mail_nickname("Sales_EMEA 2024"), "sales_emea-2024");
        assert_eq!(mail_nickname("a@b.c"), "a-b-c");
        assert_eq!(mail_nickname("Straße Œuvre"), "strasse-oeuvre");
    }

    #[test]
    fn nicknames_are_never_empty() {
        for name in ["", "   ", "@@@", "日本のチーム", "()[];:<>,"] {
            assert_eq!(mail_nickname(name), FALLBACK_MAIL_NICKNAME, "{name:?}");
        }
        // Letters after a run of refused characters still count.
        assert_eq!(mail_nickname("日本 team"), "team");
    }

    #[test]
    fn nicknames_stop_at_64_without_a_trailing_hyphen() {
        let long = "x".repeat(100);
        assert_eq!(mail_nickname(&long).len(), MAX_MAIL_NICKNAME);
        // The 64th character would be the hyphen between the words.
        let name = format!("{} b", "a".repeat(63));
        assert_eq!(mail_nickname(&name), "a".repeat(63));
        let accented = "é".repeat(80);
        assert_eq!(mail_nickname(&accented), "e".repeat(64));
    }

    #[test]
    fn every_nickname_is_one_microsoft_accepts() {
        let names = [
            "Intune users",
            "x",
            "\"quoted\" <name>",
            "tab\tand\nnewline",
            "emoji 🎉 group",
            "back\\slash",
            "-leading and trailing-",
            "ÆØÅ æøå",
        ];
        for name in names {
            let n = mail_nickname(name);
            assert!(valid_mail_nickname(&n), "{name:?} → {n:?}");
            assert!(!n.starts_with('-') && !n.ends_with('-'), "{n}");
        }
    }

    fn group(name: &str, security: bool, types: &[&str]) -> Group {
        Group {
            id: format!("id-{name}"),
            display_name: Some(name.into()),
            security_enabled: Some(security),
            group_types: types.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn finds_the_security_group_whatever_the_case() {
        let groups = [
            group("Pilot", false, &[]),
            group("Pilot", true, &["Unified"]),
            group("All Staff", true, &[]),
        ];
        assert_eq!(
            find_security_group(&groups, " all staff ").map(|g| g.id.as_str()),
            Some("id-All Staff")
        );
        // A distribution list or a Microsoft 365 group is not reused.
        assert_eq!(find_security_group(&groups, "pilot"), None);
        assert_eq!(find_security_group(&groups, "All"), None);
    }

    fn user(id: &str, upn: &str) -> User {
        User {
            id: id.into(),
            user_principal_name: Some(upn.into()),
            ..Default::default()
        }
    }

    #[test]
    fn member_requests_add_or_remove_only_what_differs() {
        let users = [
            user("u1", "adele@contoso.com"),
            user("u2", "alex@contoso.com"),
        ];
        let members = [DirectoryObject {
            id: "U1".into(),
            odata_type: Some("#microsoft.graph.user".into()),
        }];
        let add = |upn| member_request(&users, &members, "g", upn, true);
        let remove = |upn| member_request(&users, &members, "g", upn, false);
        // Already a member (ids ignore case), or already not one.
        assert_eq!(add("ADELE@contoso.com"), Ok(None));
        assert_eq!(remove("alex@contoso.com"), Ok(None));
        let r = add("alex@contoso.com").unwrap().expect("a request");
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Post, "/groups/g/members/$ref")
        );
        assert!(r.body.unwrap()["@odata.id"]
            .as_str()
            .unwrap()
            .ends_with("/directoryObjects/u2"));
        let r = remove("adele@contoso.com").unwrap().expect("a request");
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Delete, "/groups/g/members/u1/$ref")
        );
        // Someone the tenant does not have cannot be added, and is not a
        // member to take out.
        assert_eq!(
            add("megan@contoso.com"),
            Err(MemberRefusal::NotInTenant("megan@contoso.com".into()))
        );
        assert_eq!(remove("megan@contoso.com"), Ok(None));
        assert!(add("megan@contoso.com")
            .unwrap_err()
            .to_string()
            .starts_with("no user megan@contoso.com is in your tenant"));
    }

    #[test]
    fn member_changes_and_what_is_recorded() {
        let ids = |n: &[u64]| n.iter().map(|i| UserId(*i)).collect::<Vec<_>>();
        let stored = ids(&[1, 2, 3]);
        let wanted = ids(&[3, 4, 1, 5]);
        assert_eq!(member_changes(&stored, &wanted), (ids(&[4, 5]), ids(&[2])));
        assert_eq!(member_changes(&stored, &stored), (ids(&[]), ids(&[])));
        // Everything done: what was wanted.
        assert_eq!(recorded_members(&stored, &wanted, &ids(&[4, 5, 2])), wanted);
        // Nothing done: what was stored, in the wanted order first.
        assert_eq!(recorded_members(&stored, &wanted, &[]), ids(&[3, 1, 2]));
        // 5 added, 4 not, 2's removal not done.
        assert_eq!(
            recorded_members(&stored, &wanted, &ids(&[5])),
            ids(&[3, 1, 5, 2])
        );
    }
}
