//! The form for a container probe: its handler (HTTP GET, TCP socket, exec command or gRPC) chosen
//! in a combo box, the handler's fields, then the timing. Switching the handler keeps the timing.

use egui::Ui;
use k8s_openapi::api::core::v1::{
    ExecAction, GRPCAction, HTTPGetAction, HTTPHeader, Probe, TCPSocketAction,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::field_notes::At;
use crate::ui::inspector::form;

const NONE: &str = "none";
const HTTP_GET: &str = "HTTP GET";
const TCP_SOCKET: &str = "TCP socket";
const EXEC: &str = "Exec";
const GRPC: &str = "gRPC";
/// Shown for a probe that sets no handler (the API server refuses it).
const NO_HANDLER: &str = "(no handler)";
const HANDLERS: [&str; 5] = [NONE, HTTP_GET, TCP_SOCKET, EXEC, GRPC];

/// Which handler a probe uses.
fn handler_of(probe: Option<&Probe>) -> &'static str {
    match probe {
        None => NONE,
        Some(p) if p.http_get.is_some() => HTTP_GET,
        Some(p) if p.tcp_socket.is_some() => TCP_SOCKET,
        Some(p) if p.exec.is_some() => EXEC,
        Some(p) if p.grpc.is_some() => GRPC,
        Some(_) => NO_HANDLER,
    }
}

/// Gives `probe` the handler `handler` with its starting values; timing fields are kept.
fn switch_handler(probe: &mut Option<Probe>, handler: &str) {
    if handler == NONE {
        *probe = None;
        return;
    }
    let probe = probe.get_or_insert_with(|| Probe {
        period_seconds: Some(10),
        ..Probe::default()
    });
    probe.http_get = None;
    probe.tcp_socket = None;
    probe.exec = None;
    probe.grpc = None;
    let named_port = || IntOrString::String("http".to_owned());
    match handler {
        HTTP_GET => {
            probe.http_get = Some(HTTPGetAction {
                path: Some("/healthz".to_owned()),
                port: named_port(),
                ..HTTPGetAction::default()
            });
        }
        TCP_SOCKET => {
            probe.tcp_socket = Some(TCPSocketAction {
                port: named_port(),
                host: None,
            });
        }
        // One empty argument to type the command into.
        EXEC => {
            probe.exec = Some(ExecAction {
                command: Some(vec![String::new()]),
            });
        }
        GRPC => {
            probe.grpc = Some(GRPCAction {
                port: 8080,
                service: None,
            });
        }
        _ => {}
    }
}

/// Draws one probe (`which`: Readiness, Liveness, Startup; `at`: its field path); returns whether
/// it changed.
pub fn probe(ui: &mut Ui, which: &str, probe: &mut Option<Probe>, at: &At<'_>) -> bool {
    let mut changed = false;
    ui.push_id(which, |ui| {
        let mut handler = handler_of(probe.as_ref()).to_owned();
        if form::required_choice(ui, &format!("{which} probe"), &mut handler, &HANDLERS)
            && handler != handler_of(probe.as_ref())
        {
            switch_handler(probe, &handler);
            changed = true;
        }
        at.show(ui);
        let Some(p) = probe.as_mut() else {
            return;
        };
        ui.indent("handler", |ui| {
            changed |= handler_fields(ui, p, at);
            changed |= timing(ui, p, at);
        });
    });
    changed
}

fn handler_fields(ui: &mut Ui, p: &mut Probe, at: &At<'_>) -> bool {
    let mut changed = false;
    if let Some(http) = p.http_get.as_mut() {
        changed |= form::optional_text(ui, "Path", &mut http.path);
        changed |= form::int_or_string(ui, "Port", &mut http.port);
        at.field("httpGet.port").show(ui);
        changed |= form::choice(ui, "Scheme", &mut http.scheme, &["HTTP", "HTTPS"]);
        changed |= form::optional_text(ui, "Host (default: the pod IP)", &mut http.host);
        ui.label("HTTP headers");
        let headers = http.http_headers.get_or_insert_with(Vec::new);
        let spec = form::ListSpec::compact("http_header", "header", "Add header");
        let new_header = |_| HTTPHeader {
            name: String::new(),
            value: String::new(),
        };
        let headers_at = at.field("httpGet.httpHeaders");
        changed |= form::list_editor(ui, &spec, headers, new_header, |ui, index, header| {
            let mut changed = form::text(ui, "Header name", &mut header.name, None);
            headers_at.item(index).field("name").show(ui);
            changed |= form::text(ui, "Header value", &mut header.value, None);
            changed
        });
        if headers.is_empty() {
            http.http_headers = None;
        }
    } else if let Some(tcp) = p.tcp_socket.as_mut() {
        changed |= form::int_or_string(ui, "Port", &mut tcp.port);
        at.field("tcpSocket.port").show(ui);
        changed |= form::optional_text(ui, "Host (default: the pod IP)", &mut tcp.host);
    } else if let Some(exec) = p.exec.as_mut() {
        let command = exec.command.get_or_insert_with(Vec::new);
        ui.label("Command (one argument per field, no shell)");
        let spec = form::ListSpec::compact("command", "argument", "Add argument");
        changed |= form::string_list(ui, &spec, "Argument", command);
        at.field("exec.command").show(ui);
        if command.is_empty() {
            exec.command = None;
        }
    } else if let Some(grpc) = p.grpc.as_mut() {
        changed |= form::number(
            ui,
            "gRPC port",
            &mut grpc.port,
            crate::model::validation::PORT_NUMBERS,
        );
        at.field("grpc.port").show(ui);
        changed |= form::optional_text(ui, "gRPC service", &mut grpc.service);
    }
    changed
}

fn timing(ui: &mut Ui, p: &mut Probe, at: &At<'_>) -> bool {
    let mut changed = form::optional_number(
        ui,
        "Initial delay (s)",
        &mut p.initial_delay_seconds,
        5,
        0..=3600,
    );
    changed |= form::optional_number(ui, "Period (s)", &mut p.period_seconds, 10, 1..=3600);
    changed |= form::optional_number(ui, "Timeout (s)", &mut p.timeout_seconds, 1, 1..=3600);
    changed |= form::optional_number(
        ui,
        "Failure threshold",
        &mut p.failure_threshold,
        3,
        1..=100,
    );
    changed |= form::optional_number(
        ui,
        "Success threshold",
        &mut p.success_threshold,
        1,
        1..=100,
    );
    for field in [
        "initialDelaySeconds",
        "periodSeconds",
        "timeoutSeconds",
        "failureThreshold",
        "successThreshold",
    ] {
        at.field(field).show(ui);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_the_handler_keeps_the_timing_and_drops_the_old_handler() {
        let mut probe = None;
        switch_handler(&mut probe, HTTP_GET);
        assert_eq!(handler_of(probe.as_ref()), HTTP_GET);
        if let Some(p) = probe.as_mut() {
            p.initial_delay_seconds = Some(7);
        }
        switch_handler(&mut probe, EXEC);
        let p = probe.clone().unwrap_or_default();
        assert_eq!(handler_of(Some(&p)), EXEC);
        assert!(p.http_get.is_none());
        assert_eq!(p.initial_delay_seconds, Some(7));
        switch_handler(&mut probe, GRPC);
        assert_eq!(
            probe.as_ref().and_then(|p| p.grpc.as_ref()).map(|g| g.port),
            Some(8080)
        );
        switch_handler(&mut probe, NONE);
        assert_eq!(probe, None);
    }
}
