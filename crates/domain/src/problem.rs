//! Where a stored or imported document breaks a rule: the JSON path and the
//! message. A bottom helper: every area's invariant check returns one.

/// The first problem of a document that was refused, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at {path})")]
pub struct Problem {
    /// A JSON path such as `portal.company_name` or `directory.users[3]`;
    /// `.` is the whole document.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}
