//! Kubernetes syntax rules (apimachinery's validation): names, label keys and values, port names,
//! quantities, ConfigMap and Secret keys. Plain functions over strings, shared by the API rules and
//! the inspector's fields.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// RFC 1123 label: at most 63 characters, lowercase alphanumerics and `-`, alphanumeric at both ends.
#[must_use]
pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
        && s.starts_with(is_lower_alnum)
        && s.ends_with(is_lower_alnum)
}

/// RFC 1123 subdomain as the API server checks it (apimachinery's `IsDNS1123Subdomain`):
/// dot-separated parts shaped like labels, at most 253 characters in all. The parts are not held
/// to a label's 63 characters: the API server accepts a 100-character single-part ConfigMap name.
#[must_use]
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|part| {
            !part.is_empty()
                && part.chars().all(|c| is_lower_alnum(c) || c == '-')
                && part.starts_with(is_lower_alnum)
                && part.ends_with(is_lower_alnum)
        })
}

/// RFC 1035 label: a DNS-1123 label that starts with a letter (Service names).
#[must_use]
pub fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The name part of a qualified name: at most 63 characters of `[-A-Za-z0-9_.]`, alphanumeric at
/// both ends.
fn is_qualified_name_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| is_alnum(c) || matches!(c, '-' | '_' | '.'))
        && s.starts_with(is_alnum)
        && s.ends_with(is_alnum)
}

/// Why a label or annotation key is invalid, or `None` when it is valid.
#[must_use]
pub fn qualified_name_problem(key: &str) -> Option<String> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && !is_dns1123_subdomain(prefix)
    {
        return Some(format!(
            "key `{key}`: prefix `{prefix}` must be a lowercase DNS subdomain"
        ));
    }
    if name.contains('/') {
        return Some(format!("key `{key}` may contain at most one `/`"));
    }
    if !is_qualified_name_part(name) {
        return Some(format!(
            "key `{key}`: name part must be 1-63 characters of letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit"
        ));
    }
    None
}

/// Whether a label value is valid: empty, or a qualified-name part.
#[must_use]
pub fn is_label_value(value: &str) -> bool {
    value.is_empty() || is_qualified_name_part(value)
}

/// IANA service name (container and Service port names): 1-15 characters of `[a-z0-9-]`, at least
/// one letter, no leading, trailing or double `-`.
#[must_use]
pub fn is_port_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 15
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
        && s.chars().any(|c| c.is_ascii_lowercase())
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The port numbers Kubernetes accepts.
pub const PORT_NUMBERS: std::ops::RangeInclusive<i32> = 1..=65535;

/// Whether a port number is 1-65535.
#[must_use]
pub fn is_port_number(port: i32) -> bool {
    PORT_NUMBERS.contains(&port)
}

/// Why a port number would be refused, or `None`.
#[must_use]
pub fn port_number_problem(port: i32) -> Option<&'static str> {
    (!is_port_number(port)).then_some("the port must be between 1 and 65535")
}

/// Why a port given as number or name is invalid, or `None`.
#[must_use]
pub fn port_problem(port: &IntOrString) -> Option<String> {
    match port {
        IntOrString::Int(n) if !is_port_number(*n) => Some(format!("port {n} is outside 1-65535")),
        IntOrString::String(name) if !is_port_name(name) => Some(format!(
            "port name `{name}` is not a valid port name (1-15 lowercase letters, digits and single dashes, at least one letter)"
        )),
        _ => None,
    }
}

/// The protocols Kubernetes accepts for ports.
pub const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// Whether a protocol is one Kubernetes accepts.
#[must_use]
pub fn is_protocol(protocol: &str) -> bool {
    PROTOCOLS.contains(&protocol)
}

/// Parses a Kubernetes quantity (`500m`, `1.5`, `128Mi`, `1G`, `1e3`) into its value in base units.
/// `None` when it does not parse.
#[must_use]
pub fn parse_quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let factor = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        exponent if exponent.starts_with(['e', 'E']) => {
            let power: i32 = exponent.get(1..)?.parse().ok()?;
            10f64.powi(power)
        }
        _ => return None,
    };
    Some(sign * value * factor)
}

/// Why a quantity (`250m`, `512Mi`, `1e3`) would be refused by the API server, or `None` when
/// it parses (see [`parse_quantity`]). Negative quantities parse: the rules that need a positive
/// amount say so themselves.
#[must_use]
pub fn quantity_problem(text: &str) -> Option<&'static str> {
    parse_quantity(text)
        .is_none()
        .then_some("not a Kubernetes quantity (e.g. 250m, 1, 512Mi, 2Gi)")
}

/// The keys the API server requires in a Secret of `secret_type` (after `stringData` is merged into
/// `data`): a TLS Secret holds `tls.crt` and `tls.key`, a registry Secret its config file, an SSH
/// one its private key.
#[must_use]
pub fn secret_required_keys(secret_type: &str) -> &'static [&'static str] {
    match secret_type {
        "kubernetes.io/tls" => &["tls.crt", "tls.key"],
        "kubernetes.io/dockerconfigjson" => &[".dockerconfigjson"],
        "kubernetes.io/dockercfg" => &[".dockercfg"],
        "kubernetes.io/ssh-auth" => &["ssh-privatekey"],
        _ => &[],
    }
}

/// Why the API server would refuse a ConfigMap or Secret key: alphanumerics, `-`, `_` and `.`,
/// at most 253 characters.
#[must_use]
pub fn data_key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("a key is required")
    } else if key.len() > 253 {
        Some("at most 253 characters")
    } else if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Some("only letters, digits, '-', '_' and '.'")
    } else if key == "." || key == ".." {
        Some("'.' and '..' are not keys")
    } else {
        None
    }
}

/// An int-or-string count (`maxSurge`, `minAvailable`): `Ok(None)` for a valid value, `Err` with
/// the reason otherwise. Percentages are `N%`.
pub fn int_or_percent_problem(value: &IntOrString) -> Option<String> {
    match value {
        IntOrString::Int(n) if *n < 0 => Some(format!("{n} is negative")),
        IntOrString::Int(_) => None,
        IntOrString::String(s) => match s.strip_suffix('%').map(str::parse::<i64>) {
            Some(Ok(n)) if n >= 0 => None,
            _ => Some(format!(
                "`{s}` is neither a non-negative integer nor a percentage like `25%`"
            )),
        },
    }
}

/// Whether an int-or-string count is zero (`0` or `0%`).
#[must_use]
pub fn is_zero(value: &IntOrString) -> bool {
    match value {
        IntOrString::Int(n) => *n == 0,
        IntOrString::String(s) => s.trim_end_matches('%').parse::<i64>() == Ok(0),
    }
}

/// The percentage of an int-or-string count, if it is one.
#[must_use]
pub fn percent(value: &IntOrString) -> Option<i64> {
    match value {
        IntOrString::String(s) => s.strip_suffix('%')?.parse().ok(),
        IntOrString::Int(_) => None,
    }
}

/// `80` or `http`, as written.
#[must_use]
pub fn show_port(port: &IntOrString) -> String {
    match port {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// Why the API server would refuse an exec probe's command (it needs one), if it would.
#[must_use]
pub fn exec_command_problem(command: &[String]) -> Option<&'static str> {
    command
        .iter()
        .all(String::is_empty)
        .then_some("an exec probe needs a command")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_secrets_need_a_certificate_and_key() {
        assert_eq!(
            secret_required_keys("kubernetes.io/tls"),
            ["tls.crt", "tls.key"]
        );
        assert!(secret_required_keys("Opaque").is_empty());
    }

    #[test]
    fn exec_commands_and_grpc_ports() {
        assert!(exec_command_problem(&[]).is_some());
        assert!(exec_command_problem(&[String::new()]).is_some());
        assert_eq!(exec_command_problem(&["pg_isready".to_owned()]), None);
        assert!(port_number_problem(0).is_some());
        assert!(port_number_problem(65536).is_some());
        assert_eq!(port_number_problem(9090), None);
    }

    #[test]
    fn names() {
        assert!(is_dns1123_label("web-1"));
        assert!(!is_dns1123_label("Web"));
        assert!(!is_dns1123_label("-web"));
        assert!(!is_dns1123_label(&"a".repeat(64)));
        assert!(is_dns1123_subdomain("db.primary"));
        assert!(!is_dns1123_subdomain("db..primary"));
        assert!(is_dns1035_label("web"));
        assert!(!is_dns1035_label("1web"));
    }

    #[test]
    fn label_keys_and_values() {
        assert_eq!(qualified_name_problem("app.kubernetes.io/name"), None);
        assert_eq!(qualified_name_problem("app"), None);
        assert!(qualified_name_problem("-app").is_some());
        assert!(qualified_name_problem("Example.com/app").is_some());
        assert!(qualified_name_problem("a/b/c").is_some());
        assert!(is_label_value(""));
        assert!(is_label_value("v1.2_3"));
        assert!(!is_label_value("my web"));
        assert!(!is_label_value(&"a".repeat(64)));
    }

    #[test]
    fn port_names() {
        assert!(is_port_name("http"));
        assert!(is_port_name("http-metrics"));
        assert!(!is_port_name("8080"));
        assert!(!is_port_name("http_port"));
        assert!(!is_port_name("a--b"));
        assert!(!is_port_name("abcdefghijklmnop"));
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity("2"), Some(2.0));
        assert_eq!(parse_quantity("128Mi"), Some(128.0 * 1024.0 * 1024.0));
        assert_eq!(parse_quantity("1G"), Some(1e9));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        assert_eq!(parse_quantity("1 GB"), None);
        assert_eq!(parse_quantity("abc"), None);
        assert_eq!(parse_quantity(""), None);
    }

    #[test]
    fn quantity_problems() {
        assert_eq!(quantity_problem("250m"), None);
        assert_eq!(quantity_problem("1e3"), None);
        assert_eq!(quantity_problem("100n"), None);
        assert!(quantity_problem("1 GB").is_some());
        assert!(quantity_problem("12x").is_some());
        assert!(quantity_problem("").is_some());
    }

    #[test]
    fn data_keys() {
        assert_eq!(data_key_problem("nginx.conf"), None);
        assert_eq!(data_key_problem("DB_HOST"), None);
        assert!(data_key_problem("").is_some());
        assert!(data_key_problem("a/b").is_some());
        assert!(data_key_problem("..").is_some());
        assert!(data_key_problem(&"k".repeat(254)).is_some());
    }

    #[test]
    fn counts() {
        assert!(int_or_percent_problem(&IntOrString::String("25%".into())).is_none());
        assert!(int_or_percent_problem(&IntOrString::String("25".into())).is_some());
        assert!(int_or_percent_problem(&IntOrString::Int(-1)).is_some());
        assert!(is_zero(&IntOrString::String("0%".into())));
        assert!(!is_zero(&IntOrString::Int(1)));
    }
}
