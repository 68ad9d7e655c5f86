//! Port entries of cluster policies: `ports` (`v1alpha1`: portNumber, portRange, namedPort) and
//! `protocols` (`v1alpha2`: tcp / udp / sctp with a number or a range, destinationNamedPort).

use super::TierPort;
use super::compile::Checker;
use crate::model::Protocol;
use crate::model::cluster_policy::{self, ClusterPolicyPort, ClusterPolicyProtocol, PortRange};
use crate::reach::policy::Direction;

impl Checker {
    fn number(
        &mut self,
        rule: (Direction, usize),
        field: String,
        value: Option<i64>,
    ) -> Option<u16> {
        match value.map(u16::try_from) {
            Some(Ok(n)) if n >= 1 => Some(n),
            Some(_) => {
                let shown = value.map_or_else(String::new, |v| v.to_string());
                self.error(
                    Some(rule),
                    field,
                    format!("{shown} is not a port number (1-65535)"),
                );
                None
            }
            None => {
                self.error(Some(rule), field, "a port number is required".to_owned());
                None
            }
        }
    }

    fn protocol(
        &mut self,
        rule: (Direction, usize),
        field: String,
        name: Option<&str>,
    ) -> Option<Protocol> {
        let name = name.unwrap_or("TCP");
        let protocol = Protocol::parse(name);
        if protocol.is_none() {
            self.error(
                Some(rule),
                field,
                format!("`{name}` is not TCP, UDP or SCTP"),
            );
        }
        protocol
    }

    fn range(
        &mut self,
        rule: (Direction, usize),
        field: &str,
        protocol: Protocol,
        range: &PortRange,
    ) -> Option<TierPort> {
        let first = self.number(rule, format!("{field}.start"), range.start)?;
        let last = self.number(rule, format!("{field}.end"), range.end)?;
        if last < first {
            self.error(
                Some(rule),
                field.to_owned(),
                format!(
                    "port range {first}-{last} is not legal: the end may not be less than the start"
                ),
            );
            return None;
        }
        Some(TierPort::Range(protocol, first, last))
    }

    /// A `v1alpha1` port entry.
    pub(super) fn port(
        &mut self,
        rule: (Direction, usize),
        field: &str,
        port: &ClusterPolicyPort,
    ) -> Option<TierPort> {
        match (&port.port_number, &port.port_range, &port.named_port) {
            (Some(number), None, None) => {
                let protocol = self.protocol(
                    rule,
                    format!("{field}.portNumber.protocol"),
                    number.protocol.as_deref(),
                )?;
                let n = self.number(rule, format!("{field}.portNumber.port"), number.port)?;
                Some(TierPort::Range(protocol, n, n))
            }
            (None, Some(range), None) => {
                let protocol = self.protocol(
                    rule,
                    format!("{field}.portRange.protocol"),
                    range.protocol.as_deref(),
                )?;
                self.range(rule, &format!("{field}.portRange"), protocol, range)
            }
            (None, None, Some(name)) if !name.is_empty() => Some(TierPort::Named(name.clone())),
            _ => {
                self.error(
                    Some(rule),
                    field.to_owned(),
                    "exactly one field must be set in an AdminNetworkPolicyPort (portNumber, \
                     portRange or namedPort)"
                        .to_owned(),
                );
                None
            }
        }
    }

    /// A `v1alpha2` protocol entry.
    pub(super) fn protocol_entry(
        &mut self,
        rule: (Direction, usize),
        field: &str,
        entry: &ClusterPolicyProtocol,
    ) -> Option<TierPort> {
        let set: Vec<(Protocol, &str, &cluster_policy::ProtocolPorts)> = [
            (Protocol::Tcp, "tcp", entry.tcp.as_ref()),
            (Protocol::Udp, "udp", entry.udp.as_ref()),
            (Protocol::Sctp, "sctp", entry.sctp.as_ref()),
        ]
        .into_iter()
        .filter_map(|(p, name, ports)| Some((p, name, ports?)))
        .collect();
        match (set.as_slice(), &entry.destination_named_port) {
            ([(protocol, name, ports)], None) => {
                let field = format!("{field}.{name}.destinationPort");
                match &ports.destination_port {
                    None => Some(TierPort::Range(*protocol, 1, u16::MAX)),
                    Some(port) => match (&port.number, &port.range) {
                        (Some(n), None) => {
                            let n = self.number(rule, format!("{field}.number"), Some(*n))?;
                            Some(TierPort::Range(*protocol, n, n))
                        }
                        (None, Some(range)) => {
                            self.range(rule, &format!("{field}.range"), *protocol, range)
                        }
                        _ => {
                            self.error(
                                Some(rule),
                                field,
                                "exactly one of number and range must be set".to_owned(),
                            );
                            None
                        }
                    },
                }
            }
            ([], Some(name)) if !name.is_empty() => Some(TierPort::Named(name.clone())),
            _ => {
                self.error(
                    Some(rule),
                    field.to_owned(),
                    "exactly one field must be set in a protocol entry (tcp, udp, sctp or \
                     destinationNamedPort)"
                        .to_owned(),
                );
                None
            }
        }
    }
}
