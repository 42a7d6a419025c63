//! Which `Host:` names `quire serve` answers: IP addresses (any port), `localhost` and
//! `*.localhost`, and the names given with `--allow-host`. A web page on another site can point a
//! DNS name of its own at this machine (DNS rebinding) and read whatever the server answers for
//! that name; refusing names nobody asked for closes that door.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The host names a server answers besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    /// Lowercase, without a port or a trailing dot.
    names: Vec<String>,
}

impl AllowedHosts {
    /// Names as given on the command line (`docs.test`, `Docs.Test.`, `docs.test:8080` are one).
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        let names = names
            .into_iter()
            .filter_map(|name| match parse_host(name.as_ref())? {
                Host::Name(name) => Some(name),
                Host::Ip => None,
            })
            .collect();
        AllowedHosts { names }
    }

    /// Whether a request for `host` (a `Host:` header value or a URL's authority) is answered.
    pub fn allows(&self, host: &str) -> bool {
        match parse_host(host) {
            Some(Host::Ip) => true,
            Some(Host::Name(name)) => {
                name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
            }
            None => false,
        }
    }
}

/// Checks one `--allow-host` value for the command line parser.
pub fn parse_allowed_host(value: &str) -> Result<String, String> {
    match parse_host(value) {
        Some(_) => Ok(value.to_string()),
        None => Err(format!(
            "`{value}` is not a host name (give one like docs.example.test)"
        )),
    }
}

enum Host {
    /// An IP address: a DNS rebinding attack needs a name, so any address may be answered.
    Ip,
    /// A host name, lowercase, without a trailing dot.
    Name(String),
}

/// `name[:port]`, `a.b.c.d[:port]` or `[v6][:port]`; `None` when it is none of these.
fn parse_host(value: &str) -> Option<Host> {
    if let Some(rest) = value.strip_prefix('[') {
        let (address, after) = rest.split_once(']')?;
        address.parse::<Ipv6Addr>().ok()?;
        return (after.is_empty() || is_port(after.strip_prefix(':')?)).then_some(Host::Ip);
    }
    let name = match value.rsplit_once(':') {
        Some((name, port)) if is_port(port) => name,
        Some(_) => return None,
        None => value,
    };
    if name.parse::<Ipv4Addr>().is_ok() {
        return Some(Host::Ip);
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let is_name = !name.is_empty()
        && name
            .split('.')
            .all(|label| !label.is_empty() && label.bytes().all(is_label_byte));
    is_name.then_some(Host::Name(name))
}

fn is_port(text: &str) -> bool {
    text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_label_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_localhost_are_answered_other_names_are_not() {
        let hosts = AllowedHosts::default();
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:8080",
            "[::1]",
            "[::1]:1111",
            "[fe80::1]:80",
            "localhost",
            "LocalHost:1111",
            "localhost.",
            "docs.localhost:1111",
            "a.b.localhost",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "notlocalhost",
            "",
            ":1111",
            "::1",
            "[::1",
            "[::1]x",
            "[evil.example]",
            "localhost:http",
            "local host",
            "a..localhost",
        ] {
            assert!(!hosts.allows(refused), "{refused:?}");
        }
    }

    #[test]
    fn allowed_names_match_whatever_their_case_port_or_trailing_dot() {
        let hosts = AllowedHosts::new(["Docs.Test.", "wiki.test:8080"]);
        assert!(hosts.allows("docs.test"));
        assert!(hosts.allows("DOCS.test:1111"));
        assert!(hosts.allows("wiki.test"));
        assert!(!hosts.allows("sub.docs.test"));
        assert!(!hosts.allows("test"));
    }
}
