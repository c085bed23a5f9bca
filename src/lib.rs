//! mdm-prereqs: the Intune MDM enrollment prerequisites as a guided,
//! validated, resumable workspace (Leptos, client-side rendered).

pub mod app;
pub mod backend;
pub mod clock;
pub mod dns;
pub mod download;
pub mod parts;
pub mod route;
pub mod signin;
pub mod state;
pub mod steps;
pub mod tenant;
pub mod widgets;

pub use app::{App, Shell};
