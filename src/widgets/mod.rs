//! Widgets written once and used by every step. They hold no rules: they
//! render what they are given and report what the user did.

mod checklist;
mod confirm;
mod copy;
mod field;
mod file_picker;
mod latest;
mod logo_picker;
mod member_picker;
mod status;
mod step_page;

pub use checklist::{Checklist, ChecklistItem};
pub use confirm::ConfirmDialog;
pub use copy::CopyButton;
pub use field::TextField;
pub use file_picker::{read_file, FilePicker};
pub use latest::Latest;
pub use logo_picker::LogoPicker;
pub use member_picker::MemberPicker;
pub use status::StatusBadge;
pub use step_page::{StepLink, StepPage, StepSummary};
