//! The reference HTTP backend of mdm-prereqs: the domain reducer
//! ([`domain::Setup::apply`]) behind a small JSON API, with every tenant's
//! document and an audit log of its commands in SQLite.
//!
//! The server knows almost no command by name: it deserialises a
//! [`domain::Command`], applies it, and stores the result, so a command
//! added to the domain works here unchanged. The exception is DNS: the
//! server looks a domain's records up itself ([`dns`]) and refuses the
//! commands that claim a lookup's result from clients
//! ([`domain::Command::claims_dns_lookup`]). The API is described in
//! `server/openapi.yaml`.

mod api;
pub mod client;
pub mod config;
pub mod dns;
pub mod store;

pub use api::{check_tenant, ApiError};
pub use config::{Config, ConfigError, Invocation};
pub use store::{ApplyError, Current, HistoryEntry, Store, StoreError};

use api::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH};
use axum::http::{HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

/// The largest request body, in bytes: 2 MiB + 64 KiB = 2,162,688.
///
/// The largest command is `save_portal` with both logos at their limit of
/// 750 KB (768,000 bytes) each. Base64 turns every 3 bytes into 4, so each
/// logo is 1,024,000 characters and the two are 2,048,000 bytes (≈ 2.0 MB,
/// 1.95 MiB); the text fields add well under 2 KB. The limit leaves
/// 114,688 bytes for them and the JSON around the logos.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024 + 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot open the database {path}: {error}")]
    Store { path: PathBuf, error: StoreError },
    #[error("the --dist directory {0} does not exist or is not a directory")]
    Dist(PathBuf),
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// The whole service for `config`: the API under `/api/v1`, `/healthz`, and
/// the built web app at `/` when `config.dist` is set. Opens (or creates)
/// the database, which is why it can fail.
pub fn app(config: &Config) -> Result<Router, StartError> {
    config.check()?;
    let store = Store::open(&config.db_path).map_err(|error| StartError::Store {
        path: config.db_path.clone(),
        error,
    })?;
    let state = AppState {
        store,
        token: config.token.as_deref().map(Arc::from),
        lookups: dns::Lookups::new(config.dns_server),
    };

    let api = Router::new()
        .route("/tenants/{tenant}/setup", get(api::get_setup))
        .route(
            "/tenants/{tenant}/commands",
            axum::routing::post(api::post_command),
        )
        .route("/tenants/{tenant}/history", get(api::get_history))
        .route(
            "/tenants/{tenant}/domains/{name}/verify",
            axum::routing::post(api::post_verify),
        )
        .route(
            "/tenants/{tenant}/domains/{name}/cnames/check",
            axum::routing::post(api::post_cnames_check),
        )
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::require_token,
        ))
        .with_state(state);

    let mut router = Router::new()
        .route("/healthz", get(api::healthz))
        .method_not_allowed_fallback(api::method_not_allowed)
        .nest("/api/v1", api);
    router = match &config.dist {
        Some(dist) => {
            if !dist.is_dir() {
                return Err(StartError::Dist(dist.clone()));
            }
            router.fallback_service(ServeDir::new(dist).append_index_html_on_directories(true))
        }
        None => router.fallback(api::not_found),
    };

    let origins: Vec<HeaderValue> = config
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if !origins.is_empty() {
        // Outermost, so that errors (401, 413, …) carry the CORS headers too
        // and the app can read them.
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([CONTENT_TYPE, AUTHORIZATION, IF_MATCH])
                .expose_headers([ETAG]),
        );
    }
    Ok(router)
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
}

impl Server {
    /// Checks the configuration, opens the database and binds the address
    /// (port 0 picks a free port; see [`Server::local_addr`]).
    pub async fn bind(config: &Config) -> Result<Server, StartError> {
        let router = app(config)?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|error| StartError::Bind {
                addr: config.listen,
                error,
            })?;
        Ok(Server { listener, router })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight.
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Binds and serves `config` until Ctrl-C or SIGTERM.
pub async fn serve(config: &Config) -> Result<(), StartError> {
    let server = Server::bind(config).await?;
    let addr = server.local_addr().unwrap_or(config.listen);
    eprintln!(
        "mdm-prereqs-server: listening on http://{addr}/ (API under /api/v1, database {}, DNS lookups via {}{}{})",
        config.db_path.display(),
        match config.dns_server {
            Some(server) => server.to_string(),
            None => "the system resolver".to_owned(),
        },
        if config.token.is_some() {
            ", token required"
        } else {
            ", no token"
        },
        match &config.dist {
            Some(dist) => format!(", serving {}", dist.display()),
            None => String::new(),
        }
    );
    server
        .run_until(shutdown_signal())
        .await
        .map_err(StartError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, serve on until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
