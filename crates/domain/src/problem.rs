//! Where a stored or imported document breaks a rule: the JSON path and the
//! message. A bottom helper: every area's invariant check returns one.

/// The first problem of a document that was refused, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", located(message, path))]
pub struct Problem {
    /// A JSON path such as `portal.company_name` or `directory.users[3]`;
    /// `.` is the whole document.
    pub path: String,
    pub message: String,
    /// Technical detail for support (a parser's own words), kept out of
    /// the message.
    pub detail: Option<String>,
}

impl Problem {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(self, detail: impl Into<String>) -> Problem {
        Problem {
            detail: Some(detail.into()),
            ..self
        }
    }
}

/// "message (at path)", or the message alone when the problem is the whole
/// document (`.`), which names no place worth showing.
pub fn located(message: &str, path: &str) -> String {
    if path == "." || path.is_empty() {
        message.to_owned()
    } else {
        format!("{message} (at {path})")
    }
}
