//! A minimal HTTP/1.1 client for the integration tests and the load
//! benchmark: real sockets, kept-alive connections, nothing mocked.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, ETAG};
use hyper::{Method, Request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("bad request: {0}")]
    Request(#[from] hyper::http::Error),
    #[error("request failed: {0}")]
    Send(#[from] hyper_util::client::legacy::Error),
    #[error("reading the response failed: {0}")]
    Read(#[from] hyper::Error),
}

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The ETag header, as sent (with its quotes).
    pub fn etag(&self) -> Option<&str> {
        self.headers.get(ETAG).and_then(|v| v.to_str().ok())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Clone)]
pub struct Client {
    inner: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Client {
            inner: hyper_util::client::legacy::Client::builder(TokioExecutor::new())
                .build(connector),
            base: format!("http://{addr}"),
            token: None,
        }
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn with_token(mut self, token: &str) -> Client {
        self.token = Some(token.to_owned());
        self
    }

    pub async fn get(&self, path: &str) -> Result<Reply, ClientError> {
        self.request(Method::GET, path, &[], Bytes::new()).await
    }

    /// POSTs a JSON body with `If-Match: "<revision>"` when given.
    pub async fn post_json(
        &self,
        path: &str,
        if_match: Option<u64>,
        body: impl Into<Bytes>,
    ) -> Result<Reply, ClientError> {
        let tag = if_match.map(|r| format!("\"{r}\""));
        let mut headers = vec![("content-type", "application/json")];
        if let Some(tag) = &tag {
            headers.push(("if-match", tag));
        }
        self.request(Method::POST, path, &headers, body.into())
            .await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Result<Reply, ClientError> {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !body.is_empty()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        let response = self.inner.request(request.body(Full::new(body))?).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}
