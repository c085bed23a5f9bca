use crate::authority::{AuthorityError, MdmAuthority};
use crate::connections::ConnectionsError;
use crate::directory::DirectoryError;
use crate::dns_check::ResolverError;
use crate::dns_name::{DomainName, DomainNameError};
use crate::enrollment::{CnamesError, EnrollmentError};
use crate::groups::GroupError;
use crate::portal::FieldError;
use crate::recovery::RecoveryError;
use serde::{Deserialize, Serialize};

/// Why a command was refused. The message is what the user sees; it names
/// the rule and the value that broke it. A refused command changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum DomainError {
    #[error("{0}")]
    DomainName(#[from] DomainNameError),
    #[error("{name} is already in the list (domain names ignore case).")]
    DuplicateDomain { name: DomainName },
    #[error("{name} is not in the list of custom domains.")]
    UnknownDomain { name: DomainName },
    #[error("{name} is already verified.")]
    AlreadyVerified { name: DomainName },
    #[error("{name} is not verified yet: only a verified domain can be the default.")]
    DefaultNotVerified { name: DomainName },
    #[error(
        "Tick the box to confirm you understand that the MDM authority is hard to change once set."
    )]
    AuthorityNotConfirmed,
    #[error(
        "The MDM authority is already set to {current}. If that is wrong, use “I chose the wrong authority”."
    )]
    AuthorityAlreadySet { current: MdmAuthority },
    #[error("{}", summarise(errors))]
    Portal { errors: Vec<FieldError> },
    #[error("{0}")]
    Directory(#[from] DirectoryError),
    #[error("{0}")]
    Group(#[from] GroupError),
    #[error("{name} is not a tenant domain: it must look like yourname.onmicrosoft.com.")]
    NotOnMicrosoft { name: DomainName },
    #[error("{0}")]
    Recovery(#[from] RecoveryError),
    #[error(
        "Nothing can be changed while support resets the MDM authority (expected {expected}, at the latest {latest}): changing the setup now could corrupt it. Record that support confirmed the reset, or cancel the request."
    )]
    ResetPending { expected: String, latest: String },
    #[error("{0}")]
    Enrollment(#[from] EnrollmentError),
    #[error(
        "The file was not imported: {}. Nothing was changed.",
        crate::problem::located(message, path)
    )]
    Import { path: String, message: String },
    #[error("{0}")]
    Resolver(#[from] ResolverError),
}

impl From<ConnectionsError> for DomainError {
    fn from(e: ConnectionsError) -> Self {
        match e {
            ConnectionsError::DomainName(e) => DomainError::DomainName(e),
            ConnectionsError::DuplicateDomain { name } => DomainError::DuplicateDomain { name },
            ConnectionsError::UnknownDomain { name } => DomainError::UnknownDomain { name },
            ConnectionsError::AlreadyVerified { name } => DomainError::AlreadyVerified { name },
            ConnectionsError::DefaultNotVerified { name } => {
                DomainError::DefaultNotVerified { name }
            }
            ConnectionsError::NotOnMicrosoft { name } => DomainError::NotOnMicrosoft { name },
            ConnectionsError::DomainInUse { domain, count } => {
                DirectoryError::DomainInUse { domain, count }.into()
            }
            ConnectionsError::Resolver(e) => DomainError::Resolver(e),
        }
    }
}

impl From<AuthorityError> for DomainError {
    fn from(e: AuthorityError) -> Self {
        match e {
            AuthorityError::AlreadySet { current } => DomainError::AuthorityAlreadySet { current },
            AuthorityError::NotConfirmed => DomainError::AuthorityNotConfirmed,
        }
    }
}

impl From<CnamesError> for DomainError {
    fn from(e: CnamesError) -> Self {
        match e {
            CnamesError::Enrollment(e) => e.into(),
            CnamesError::Domain(e) => e.into(),
        }
    }
}

impl DomainError {
    /// The certificate upload was refused only because its push topic
    /// differs from the current one: the page asks the admin to confirm the
    /// replacement and sends it again with `replace_topic`.
    pub fn needs_topic_replacement(&self) -> bool {
        matches!(
            self,
            DomainError::Enrollment(EnrollmentError::TopicChanged { .. })
        )
    }
}

/// "Company name: … (and 2 more problems)".
fn summarise(errors: &[FieldError]) -> String {
    match errors {
        [] => "Nothing was saved.".into(),
        [only] => format!("Nothing was saved. {only}"),
        [first, rest @ ..] => format!(
            "Nothing was saved. {first} (and {} more {})",
            rest.len(),
            if rest.len() == 1 {
                "problem"
            } else {
                "problems"
            }
        ),
    }
}
