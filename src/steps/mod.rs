//! One module per page.

pub mod authority;
pub mod connections;
pub mod groups;
pub mod later;
pub mod licenses;
pub mod next_steps;
pub mod overview;
pub mod portal;
pub mod portal_preview;
pub mod recovery;
