//! Microsoft Graph for the tenant backend (issue 16): the requests the
//! adapter sends, typed readers for what comes back, Graph's error bodies,
//! Intune licence detection and the PKCE sign-in helpers.
//!
//! Pure Rust and no I/O: the adapter that sends these requests (browser
//! `fetch`) comes in a later step. The contract tests in `tests/` check every
//! request and sample response against Microsoft's published metadata
//! (`metadata/`).

#[cfg(feature = "contract")]
pub mod contract;
pub mod encode;
pub mod error;
pub mod facts;
pub mod group;
pub mod licence;
pub mod model;
pub mod permission;
pub mod pkce;
pub mod request;
pub mod retry;
pub mod sha256;
pub mod workspace;

pub use error::{graph_error, GraphError, ParseError};
pub use licence::{intune_seats, IntuneSeats, SkuSeats, INTUNE_SERVICE_PLAN};
pub use model::*;
pub use request::{GraphRequest, Method, RequestError, GRAPH_BASE};
