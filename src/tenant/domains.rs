//! Domains in the tenant: one added in the workspace is added to the
//! tenant too (unless it is there already), and Microsoft's own check of
//! its TXT record is asked for from the step 1 "From your tenant" panel.

use super::{Client, Progress, TenantError};
use graph::request::{self, RequestError};

const WHAT: &str = "the domains";

fn wrong(e: RequestError) -> TenantError {
    TenantError::Graph(e.to_string())
}

/// `POST /domains`, unless the tenant has the domain already.
pub(super) async fn add(client: &Client, name: &str) -> Result<(), TenantError> {
    let req = request::add_domain(name).map_err(wrong)?;
    client.check_grants(std::slice::from_ref(&req), WHAT)?;
    let domains: Vec<graph::Domain> = client.all(request::list_domains(), WHAT).await?;
    if !domains
        .iter()
        .any(|d| d.id.eq_ignore_ascii_case(name.trim()))
    {
        client.write(&req, WHAT).await?;
    }
    Ok(())
}

/// What Microsoft found when asked to verify a domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// The domain is verified (now, or it already was).
    Verified,
    /// Microsoft did not find the record yet, in its own words.
    NotYet(String),
}

/// `POST /domains/{name}/verify`: Microsoft looks for the TXT record it
/// asked for. Its refusal (the record is not visible yet) is an answer,
/// not a fault.
pub async fn verify_domain(name: String, progress: Progress) -> Result<Verification, TenantError> {
    let client = Client::held(progress).await?;
    let req = request::verify_domain(&name).map_err(wrong)?;
    match client.write(&req, "the domain's verification").await {
        Ok(answer) => {
            let domain: graph::Domain = graph::parse_one(&answer, "the domain")?;
            Ok(if domain.is_verified {
                Verification::Verified
            } else {
                Verification::NotYet(format!("Microsoft 365 still lists {name} as not verified."))
            })
        }
        Err(TenantError::Graph(said)) => Ok(Verification::NotYet(said)),
        Err(e) => Err(e),
    }
}
