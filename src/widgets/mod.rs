//! Widgets written once and used by every step. They hold no rules: they
//! render what they are given and report what the user did.

mod card;
mod checklist;
mod confirm;
mod copy;
mod country_select;
mod field;
mod file_picker;
mod graph_part;
mod item_results;
mod latest;
mod logo_picker;
mod member_picker;
mod radio;
mod read_only;
mod status;
mod step_page;
mod technical;
pub mod tenant_actions;
pub mod tenant_panel;

pub use card::Card;
pub use checklist::{Checklist, ChecklistItem};
pub use confirm::ConfirmDialog;
pub use copy::CopyButton;
pub use country_select::CountrySelect;
pub use field::{CheckboxField, FileField, SelectField, TextArea, TextField};
pub use file_picker::{read_file, FilePicker};
pub use graph_part::from_graph_part;
pub use item_results::{ItemResultList, ItemResults};
pub use latest::Latest;
pub use logo_picker::LogoPicker;
pub use member_picker::MemberPicker;
pub use radio::{RadioChoice, RadioGroup};
pub use read_only::{read_only, ReadOnly};
pub use status::{Badge, StatusBadge};
pub use step_page::{StepLink, StepPage, StepSummary};
pub use technical::TechnicalDetails;
