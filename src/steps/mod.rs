//! One module per page.

pub mod authority;
pub mod connections;
pub mod enrollment;
pub mod groups;
pub mod licenses;
pub mod next_steps;
pub mod overview;
pub mod portal;
pub mod recovery;
pub mod settings;
