//! K8S-SEC-006 `host-access`: pod uses host namespaces, hostPath volumes or hostPorts.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-006",
    name: "host-access",
    severity: RuleSeverity::Warning,
    kinds: "Pod templates",
    summary: "pod uses host namespaces, hostPath volumes or hostPorts",
    docs: r"## What it does

Host access: hostNetwork/hostPID/hostIPC, hostPath volumes (docker.sock, /etc, writable mounts) and hostPort.

## Why is this bad?

Host namespaces and paths break the isolation between pod and node (docker.sock is root on the node).

## Example

`hostNetwork: true` or a hostPath volume `/var/run/docker.sock`.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Remove host access; use Services instead of hostPorts and volumes instead of hostPaths.

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostNetwork: false
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix

There is no automatic fix.

Source: [D] pod-security-standards (baseline)",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[
            "host-network",
            "host-pid",
            "host-ipc",
            "sensitive-host-mounts",
            "docker-sock",
            "~writable-host-mount",
        ],
        polaris: &[
            "hostNetworkSet",
            "hostPIDSet",
            "hostIPCSet",
            "hostPathSet",
            "hostPortSet",
        ],
        checkov: &[
            "CKV_K8S_19",
            "CKV_K8S_17",
            "CKV_K8S_18",
            "CKV_K8S_27",
            "CKV_K8S_26",
        ],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

/// Host paths that give control over the node.
const SENSITIVE: [&str; 8] = [
    "/",
    "/etc",
    "/var/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/lib/kubelet",
    "/proc",
    "/root",
    "/var/run/crio/crio.sock",
];

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        let spec = at.spec;
        for (flag, what, set) in [
            ("hostNetwork", "network", spec.host_network),
            ("hostPID", "process", spec.host_pid),
            ("hostIPC", "IPC", spec.host_ipc),
        ] {
            if set == Some(true) {
                out.report(
                    at.id,
                    format!("{}.{flag}", at.path),
                    format!("pods share the node's {what} namespace ({flag}: true)"),
                );
            }
        }
        for (i, volume) in spec.volumes.iter().flatten().enumerate() {
            let Some(host_path) = &volume.host_path else {
                continue;
            };
            let path = host_path.path.trim_end_matches('/');
            let path = if path.is_empty() { "/" } else { path };
            let sensitive = SENSITIVE.contains(&path);
            out.report(
                at.id,
                format!("{}.volumes[{i}].hostPath", at.path),
                format!(
                    "volume `{}` mounts the host path {}{}",
                    volume.name,
                    host_path.path,
                    if sensitive {
                        ", which controls the node"
                    } else {
                        ""
                    }
                ),
            );
        }
        for c in containers(at, true) {
            for (i, port) in c.container.ports.iter().flatten().enumerate() {
                if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
                    out.report(
                        at.id,
                        c.field(&format!("ports[{i}].hostPort")),
                        format!(
                            "container `{}` binds host port {host_port}",
                            c.container.name
                        ),
                    );
                }
            }
        }
    }
}
