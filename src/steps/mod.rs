//! One module per page.

pub mod authority;
pub mod connections;
pub mod devices;
pub mod enrollment;
pub mod groups;
pub mod licenses;
pub mod next_steps;
pub mod overview;
pub mod portal;
pub mod portal_preview;
pub mod recovery;
pub mod settings;
