//! One module per page.

pub mod authority;
pub mod connections;
pub mod later;
pub mod next_steps;
pub mod overview;
pub mod portal;
pub mod portal_preview;
pub mod recovery;
