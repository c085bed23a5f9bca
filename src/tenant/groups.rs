//! Security groups in the tenant (step 3): a group created here is created
//! there too — or the tenant's security group of that name is used, never a
//! second one — then its users are added one by one; a changed group is
//! renamed there and its members added or taken out. One member's refusal
//! does not stop the others; what the tenant took is what the workspace
//! records, and every member's result is listed.
//!
//! Device members stay the workspace's: Graph names a device by its
//! directory object id, which the workspace does not hold. Deleting a group
//! never reaches the tenant (see `reaches_tenant`).

use super::{stops_all, Client, TenantError, Written};
use crate::backend::ItemResult;
use domain::{Command, GroupId, GroupKind, Setup, UserId};
use graph::group;
use graph::request::{self, NewGroup, RequestError};
use graph::{DirectoryObject, GraphRequest};

/// What the requests change, for messages ("change the group").
const GROUP: &str = "the group";
const MEMBERS: &str = "the group's members";

/// An id for the permission check's sample requests.
const SAMPLE_ID: &str = "00000000-0000-0000-0000-000000000000";

fn wrong(e: RequestError) -> TenantError {
    TenantError::Graph(e.to_string())
}

fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The requests a group change may send, with sample ids: their
/// permissions are asked for at once, before anything is read or sent.
fn check_grants(
    client: &Client,
    create: bool,
    rename: bool,
    add: bool,
    remove: bool,
) -> Result<(), TenantError> {
    let mut samples: Vec<Result<GraphRequest, RequestError>> = vec![Ok(request::list_groups())];
    if create {
        samples.push(request::create_group(&NewGroup {
            display_name: "sample".into(),
            mail_nickname: "sample".into(),
            description: None,
        }));
    }
    if rename {
        samples.push(request::update_group(SAMPLE_ID, "sample", None));
    }
    if add || remove {
        samples.push(Ok(request::list_users()));
        samples.push(request::list_group_members(SAMPLE_ID));
    }
    if add {
        samples.push(request::add_group_member(SAMPLE_ID, SAMPLE_ID));
    }
    if remove {
        samples.push(request::remove_group_member(SAMPLE_ID, SAMPLE_ID));
    }
    let samples = samples
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(wrong)?;
    client.check_grants(&samples, GROUP)
}

/// `CreateGroup`: the group in the tenant (the security group of that name
/// when it has one), then its users. Fails whole when the group can be
/// neither found nor created; once it is, a fault that stops every request
/// leaves the members not yet added listed as not sent.
pub(super) async fn create(
    client: &Client,
    base: &Setup,
    kind: GroupKind,
    name: &str,
    description: &str,
    users: &[UserId],
    devices: &[String],
) -> Result<Written, TenantError> {
    let with_users = kind == GroupKind::User && !users.is_empty();
    check_grants(client, true, false, with_users, false)?;
    let groups: Vec<graph::Group> = client.all(request::list_groups(), "the groups").await?;
    let (group_id, created) = match group::find_security_group(&groups, name) {
        Some(existing) => (existing.id.clone(), false),
        None => {
            let req = request::create_group(&NewGroup {
                display_name: name.trim().to_owned(),
                mail_nickname: group::mail_nickname(name),
                description: some(description.trim()),
            })
            .map_err(wrong)?;
            let answer = client.write(&req, GROUP).await?;
            let made: graph::Group = graph::parse_one(&answer, "the new group")?;
            (made.id, true)
        }
    };
    if !with_users {
        // A device group's devices stay the workspace's.
        return Ok(Written::Whole);
    }
    let changes: Vec<(UserId, bool)> = users.iter().map(|u| (*u, true)).collect();
    let outcome = change_members(client, base, &group_id, !created, &changes, created).await?;
    if outcome.all_done() {
        return Ok(Written::Whole);
    }
    let head = if created {
        format!("Microsoft 365 created the group “{}”", name.trim())
    } else {
        format!(
            "Microsoft 365 already had a security group “{}”, which is used",
            name.trim()
        )
    };
    let message = outcome.message(&head, "added", "members");
    Ok(Written::Partly {
        sent: Some(Command::CreateGroup {
            kind,
            name: name.to_owned(),
            description: description.to_owned(),
            users: users
                .iter()
                .filter(|u| outcome.done.contains(u))
                .copied()
                .collect(),
            devices: devices.to_vec(),
        }),
        message,
        results: outcome.results,
    })
}

/// `UpdateGroup`: the tenant's group of the name the workspace has for it
/// is renamed (and described), then members are added and taken out.
/// Fails whole when the tenant has no such group or the rename is refused;
/// a device group's devices stay the workspace's.
pub(super) async fn update(
    client: &Client,
    base: &Setup,
    id: GroupId,
    name: &str,
    description: &str,
    users: &[UserId],
    devices: &[String],
) -> Result<Written, TenantError> {
    // The rules refuse a group the workspace does not have.
    let Some(stored) = base.groups.find(id) else {
        return Ok(Written::Whole);
    };
    let renamed = name.trim() != stored.name || description.trim() != stored.description;
    let (added, removed) = match stored.kind {
        GroupKind::User => group::member_changes(&stored.users, users),
        GroupKind::Device => (Vec::new(), Vec::new()),
    };
    if !renamed && added.is_empty() && removed.is_empty() {
        return Ok(Written::Whole);
    }
    check_grants(
        client,
        false,
        renamed,
        !added.is_empty(),
        !removed.is_empty(),
    )?;
    let groups: Vec<graph::Group> = client.all(request::list_groups(), "the groups").await?;
    let Some(found) = group::find_security_group(&groups, &stored.name) else {
        return Err(TenantError::NotInGraph(format!(
            "your Microsoft 365 tenant has no security group called “{}”: it was made in this workspace only. Create it in the tenant first (here: delete it and create it again while your changes are saved in the tenant, or in the Microsoft Entra admin center), then make this change again.",
            stored.name
        )));
    };
    let group_id = found.id.clone();
    if renamed {
        let req = request::update_group(&group_id, name, some(description.trim()).as_deref())
            .map_err(wrong)?;
        client.write(&req, GROUP).await?;
    }
    let changes: Vec<(UserId, bool)> = added
        .iter()
        .map(|u| (*u, true))
        .chain(removed.iter().map(|u| (*u, false)))
        .collect();
    if changes.is_empty() {
        return Ok(Written::Whole);
    }
    let outcome = change_members(client, base, &group_id, true, &changes, renamed).await?;
    if outcome.all_done() {
        return Ok(Written::Whole);
    }
    let head = if renamed {
        format!(
            "Microsoft 365 saved the group's name and description (“{}”)",
            name.trim()
        )
    } else {
        format!("Microsoft 365 changed the group “{}”", stored.name)
    };
    let message = outcome.message(&head, "made", "member changes");
    Ok(Written::Partly {
        sent: Some(Command::UpdateGroup {
            id,
            name: name.to_owned(),
            description: description.to_owned(),
            users: group::recorded_members(&stored.users, users, &outcome.done),
            devices: devices.to_vec(),
        }),
        message,
        results: outcome.results,
    })
}

/// What became of a group's member changes.
struct MemberOutcome {
    /// The users whose change the tenant took (or had already).
    done: Vec<UserId>,
    results: Vec<ItemResult>,
}

impl MemberOutcome {
    fn all_done(&self) -> bool {
        self.results.iter().all(|r| r.failed.is_none())
    }

    /// "{head}; it {verb} 1 of 2 {what}; the workspace records only those.
    /// Not done: …".
    fn message(&self, head: &str, verb: &str, what: &str) -> String {
        format!(
            "{head}; it {verb} {} of {} {what}; the workspace records only those. Not done: {}.",
            self.done.len(),
            self.results.len(),
            self.results
                .iter()
                .filter_map(|r| r.failed.as_ref().map(|why| format!("{} ({why})", r.item)))
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

/// Adds (`true`) or takes out (`false`) each user of `changes` in the
/// tenant's group `group_id`, reading its members first when it may have
/// some (`existing`). `done_before`: whether the tenant already took part
/// of the change (the group created or renamed): then a fault that stops
/// every request leaves the rest listed as not sent, else it fails whole.
async fn change_members(
    client: &Client,
    base: &Setup,
    group_id: &str,
    existing: bool,
    changes: &[(UserId, bool)],
    done_before: bool,
) -> Result<MemberOutcome, TenantError> {
    let upn = |id: &UserId| {
        base.directory
            .users
            .iter()
            .find(|u| u.id == *id)
            .map(|u| u.upn.clone())
    };
    let mut outcome = MemberOutcome {
        done: Vec::new(),
        results: Vec::new(),
    };
    let read = async {
        let users: Vec<graph::User> = client.all(request::list_users(), "the users").await?;
        let members: Vec<DirectoryObject> = if existing {
            let req = request::list_group_members(group_id).map_err(wrong)?;
            client.all(req, MEMBERS).await?
        } else {
            Vec::new()
        };
        Ok::<_, TenantError>((users, members))
    };
    let (users, members) = match read.await {
        Ok(read) => read,
        Err(e) if !done_before => return Err(e),
        Err(e) => {
            for (id, _) in changes {
                if let Some(upn) = upn(id) {
                    outcome
                        .results
                        .push(item(&upn, Some(format!("not sent: {e}"))));
                }
            }
            return Ok(outcome);
        }
    };
    let mut changed = done_before;
    let mut stopped: Option<TenantError> = None;
    for (id, add) in changes {
        let Some(upn) = upn(id) else {
            continue;
        };
        if let Some(fault) = &stopped {
            outcome
                .results
                .push(item(&upn, Some(format!("not sent: {fault}"))));
            continue;
        }
        let req = match group::member_request(&users, &members, group_id, &upn, *add) {
            Ok(req) => req,
            Err(refusal) => {
                outcome.results.push(item(&upn, Some(refusal.to_string())));
                continue;
            }
        };
        let failed = match req {
            None => None,
            Some(req) => match client.write(&req, MEMBERS).await {
                Ok(_) => {
                    changed = true;
                    None
                }
                Err(e) => {
                    if stops_all(&e) {
                        if !changed {
                            return Err(e);
                        }
                        stopped = Some(e.clone());
                    }
                    Some(e.to_string())
                }
            },
        };
        if failed.is_none() {
            outcome.done.push(*id);
        }
        outcome.results.push(item(&upn, failed));
    }
    Ok(outcome)
}

fn item(upn: &str, failed: Option<String>) -> ItemResult {
    ItemResult {
        item: upn.to_owned(),
        failed,
    }
}
