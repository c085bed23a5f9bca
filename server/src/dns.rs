//! The server's own DNS lookups: the TXT record that verifies a domain and
//! the two Windows CNAME records, asked with hickory-resolver of the system
//! resolver (`/etc/resolv.conf`) or of the one server `--dns-server` names.
//!
//! What was found is turned into a [`dns_wire::Answer`] and compared by the
//! domain ([`TxtCheck::of`], [`CnameFound::of`]), so the rules and messages
//! are the same as in the browser. A failure of the resolver itself becomes
//! `ResolverFailed` with a reason in plain words.
//!
//! Every check builds a new resolver: nothing is cached between checks, so a
//! record published a moment ago is seen as soon as the DNS server has it.

use domain::dns_check::{CnameCheck, CnameFound, CnameResult, TxtCheck};
use domain::dns_wire::{self, Answer};
use domain::enrollment::cname_records;
use domain::{DomainName, TxtRecord};
use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::TokioResolver;
use std::net::SocketAddr;
use std::time::Duration;

/// How long one attempt waits for an answer.
pub const TIMEOUT: Duration = Duration::from_secs(3);
/// Times a lookup is asked before giving up (hickory's `attempts` counts
/// the retries after the first).
pub const ATTEMPTS: usize = 2;

/// Where the server's lookups go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookups {
    server: Option<SocketAddr>,
}

/// Why a lookup has no answer: the resolver failed, in plain words (a
/// whole sentence, for [`TxtCheck::message`] to quote).
type Failure = String;

impl Lookups {
    /// `None`: the system resolver.
    pub fn new(server: Option<SocketAddr>) -> Lookups {
        Lookups { server }
    }

    /// Who answered, as recorded beside the result (it passes
    /// [`domain::dns_check::check_resolver`]).
    pub fn label(&self) -> String {
        match self.server {
            Some(addr) => format!("server lookup via {addr}"),
            None => "server lookup via the system resolver".to_owned(),
        }
    }

    /// The TXT lookup of `domain`, compared with its verification value.
    pub async fn txt(&self, domain: &DomainName) -> TxtCheck {
        let expected = TxtRecord::for_domain(domain).value;
        match self.resolver() {
            Ok((resolver, who)) => {
                match lookup(&resolver, &who, domain.as_str(), RecordType::TXT).await {
                    Ok(answer) => TxtCheck::of(&answer, &expected),
                    Err(reason) => TxtCheck::ResolverFailed { reason },
                }
            }
            Err(reason) => TxtCheck::ResolverFailed { reason },
        }
    }

    /// The CNAME lookups of both Windows records of `domain`, in the order
    /// of [`cname_records`], asked at the same time.
    pub async fn cnames(&self, domain: &DomainName) -> CnameCheck {
        let [first, second] = cname_records(domain);
        let found = match self.resolver() {
            Ok((resolver, who)) => {
                let (a, b) = tokio::join!(
                    lookup(&resolver, &who, &first.host, RecordType::CNAME),
                    lookup(&resolver, &who, &second.host, RecordType::CNAME),
                );
                [
                    cname_found(a, first.points_to),
                    cname_found(b, second.points_to),
                ]
            }
            Err(reason) => [
                CnameFound::ResolverFailed {
                    reason: reason.clone(),
                },
                CnameFound::ResolverFailed { reason },
            ],
        };
        let [a, b] = found;
        CnameCheck {
            records: vec![
                CnameResult {
                    host: first.host,
                    expected: first.points_to.to_owned(),
                    found: a,
                },
                CnameResult {
                    host: second.host,
                    expected: second.points_to.to_owned(),
                    found: b,
                },
            ],
        }
    }

    /// A fresh resolver, and how to name its servers in a failure.
    fn resolver(&self) -> Result<(TokioResolver, String), Failure> {
        let provider = TokioRuntimeProvider::default();
        let (mut builder, who) = match self.server {
            Some(addr) => {
                let mut server = NameServerConfig::udp_and_tcp(addr.ip());
                for connection in &mut server.connections {
                    connection.port = addr.port();
                }
                let config = ResolverConfig::from_name_servers(vec![server]);
                (
                    TokioResolver::builder_with_config(config, provider),
                    format!("The DNS server {addr}"),
                )
            }
            None => {
                let builder = TokioResolver::builder(provider).map_err(|e| {
                    format!("The system's DNS settings (/etc/resolv.conf) cannot be read: {e}.")
                })?;
                (builder, "The system's DNS resolver".to_owned())
            }
        };
        let options = builder.options_mut();
        options.timeout = TIMEOUT;
        options.attempts = ATTEMPTS - 1;
        options.use_hosts_file = ResolveHosts::Never;
        options.cache_size = 0;
        options.try_tcp_on_error = true;
        let resolver = builder
            .build()
            .map_err(|e| format!("{who} cannot be used: {e}."))?;
        Ok((resolver, who))
    }
}

/// One lookup of `name` (fully qualified: no search domains are tried),
/// as the domain's codec would have read the answer.
async fn lookup(
    resolver: &TokioResolver,
    who: &str,
    name: &str,
    record_type: RecordType,
) -> Result<Answer, Failure> {
    let fqdn = Name::from_ascii(format!("{name}."))
        .map_err(|e| format!("The name {name} cannot be asked: {e}."))?;
    // The resolver's own timeouts end every attempt; this bounds the whole
    // lookup (attempts, UDP then TCP) in case they add up.
    let limit = TIMEOUT * ATTEMPTS as u32 + Duration::from_secs(1);
    let result = match tokio::time::timeout(limit, resolver.lookup(fqdn, record_type)).await {
        Ok(result) => result,
        Err(_) => return Err(timed_out(who)),
    };
    match result {
        Ok(lookup) => {
            let mut txt = Vec::new();
            let mut cname = Vec::new();
            for record in lookup.answers() {
                match &record.data {
                    RData::TXT(data) => {
                        let bytes: Vec<u8> = data.txt_data.iter().flatten().copied().collect();
                        txt.push(dns_wire::Record {
                            value: String::from_utf8_lossy(&bytes).into_owned(),
                            ttl_seconds: record.ttl,
                        });
                    }
                    RData::CNAME(target) => cname.push(dns_wire::Record {
                        value: target
                            .0
                            .to_ascii()
                            .trim_end_matches('.')
                            .to_ascii_lowercase(),
                        ttl_seconds: record.ttl,
                    }),
                    _ => {}
                }
            }
            Ok(Answer::Records { txt, cname })
        }
        Err(error) => failure_or_answer(error, who),
    }
}

/// A "no records" error is an answer (NXDOMAIN, or a name without records
/// of the type); anything else is the resolver's failure.
fn failure_or_answer(error: NetError, who: &str) -> Result<Answer, Failure> {
    match error {
        NetError::Dns(DnsError::NoRecordsFound(no)) if no.response_code == ResponseCode::NXDomain => {
            Ok(Answer::NoSuchName)
        }
        NetError::Dns(DnsError::NoRecordsFound(no)) if no.response_code == ResponseCode::NoError => {
            Ok(Answer::Records {
                txt: Vec::new(),
                cname: Vec::new(),
            })
        }
        NetError::Dns(DnsError::ResponseCode(code)) | NetError::Dns(DnsError::NoRecordsFound(
            hickory_resolver::net::NoRecords {
                response_code: code,
                ..
            },
        )) => Err(match code {
            ResponseCode::ServFail => format!(
                "{who} answered SERVFAIL: it could not get an answer from the domain's name servers."
            ),
            ResponseCode::Refused => {
                format!("{who} refused to answer (REFUSED): it may not serve this name or this server.")
            }
            other => format!("{who} answered with the error {other}."),
        }),
        NetError::Timeout => Err(timed_out(who)),
        NetError::Io(error) => Err(format!("{who} could not be reached: {error}.")),
        NetError::NoConnections => Err(format!("{who} could not be reached.")),
        other => Err(format!("{who} could not answer: {other}.")),
    }
}

fn timed_out(who: &str) -> Failure {
    format!(
        "{who} did not answer within {} seconds (asked {ATTEMPTS} times).",
        TIMEOUT.as_secs()
    )
}

fn cname_found(answer: Result<Answer, Failure>, expected: &str) -> CnameFound {
    match answer {
        Ok(answer) => CnameFound::of(&answer, expected),
        Err(reason) => CnameFound::ResolverFailed { reason },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::dns_check::check_resolver;

    #[test]
    fn labels_pass_the_domain_rule() {
        for lookups in [
            Lookups::new(None),
            Lookups::new(Some("127.0.0.1:5353".parse().unwrap())),
            Lookups::new(Some("[::1]:53".parse().unwrap())),
        ] {
            let label = lookups.label();
            assert_eq!(check_resolver(&label).as_deref(), Ok(label.as_str()));
        }
        assert_eq!(
            Lookups::new(Some("127.0.0.1:5353".parse().unwrap())).label(),
            "server lookup via 127.0.0.1:5353"
        );
        assert_eq!(
            Lookups::new(None).label(),
            "server lookup via the system resolver"
        );
    }

    #[test]
    fn negative_answers_are_answers_and_errors_are_failures() {
        use hickory_resolver::net::NoRecords;
        use hickory_resolver::proto::op::Query;
        let no = |code| NetError::Dns(DnsError::NoRecordsFound(NoRecords::new(Query::new(), code)));
        assert_eq!(
            failure_or_answer(no(ResponseCode::NXDomain), "x"),
            Ok(Answer::NoSuchName)
        );
        assert_eq!(
            failure_or_answer(no(ResponseCode::NoError), "x"),
            Ok(Answer::Records {
                txt: vec![],
                cname: vec![]
            })
        );
        let who = "The DNS server 127.0.0.1:5353";
        let servfail = failure_or_answer(
            NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)),
            who,
        )
        .unwrap_err();
        assert!(
            servfail.starts_with(who) && servfail.contains("SERVFAIL"),
            "{servfail}"
        );
        let refused = failure_or_answer(no(ResponseCode::Refused), who).unwrap_err();
        assert!(refused.contains("REFUSED"), "{refused}");
        assert_eq!(
            failure_or_answer(NetError::Timeout, who).unwrap_err(),
            "The DNS server 127.0.0.1:5353 did not answer within 3 seconds (asked 2 times)."
        );
    }
}
