//! K8S-SEC-006 `host-access`: pod uses host namespaces, hostPath volumes or hostPorts.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-006",
    name: "host-access",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "pod uses host namespaces, hostPath volumes or hostPorts",
    docs: r#"What it checks: Host access: hostNetwork/hostPID/hostIPC, hostPath volumes (docker.sock, /etc, writable mounts) and hostPort.

Why it matters: Host namespaces and paths break the isolation between pod and node (docker.sock is root on the node).

Example: `hostNetwork: true` or a hostPath volume `/var/run/docker.sock`.

How to fix: Remove host access; use Services instead of hostPorts and volumes instead of hostPaths.

Source: [D] pod-security-standards (baseline)"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["host-network", "host-pid", "host-ipc", "sensitive-host-mounts", "docker-sock", "~writable-host-mount"],
        polaris: &["hostNetworkSet", "hostPIDSet", "hostIPCSet", "hostPathSet", "hostPortSet"],
        checkov: &["CKV_K8S_19", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_27", "CKV_K8S_26"],
    },
    check: Check::NotChecked("not implemented yet"),
};
