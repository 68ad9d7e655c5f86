//! K8S-SEC-008 `service-account-token-mounted`: pod mounts a service account token, or uses the default ServiceAccount.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-SEC-008",
    name: "service-account-token-mounted",
    severity: RuleSeverity::Info,
    kinds: "Pod templates",
    summary: "pod mounts a service account token, or uses the default ServiceAccount",
    docs: r#"## What it does

automountServiceAccountToken: false unless the pod talks to the API; use a dedicated ServiceAccount, not "default".

## Why is this bad?

A mounted token lets a compromised container talk to the API server.

## Example

A pod without `automountServiceAccountToken: false`.

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
      containers:
      - name: web
        image: nginx:1.27.3
```

## Use instead

Set `automountServiceAccountToken: false` unless the pod calls the API; use a dedicated ServiceAccount.

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
      serviceAccountName: web
      automountServiceAccountToken: false
      containers:
      - name: web
        image: nginx:1.27.3
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
automountServiceAccountToken: false
```

## Fix

There is no automatic fix.

Source: [D] tasks/configure-pod-container/configure-service-account"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~default-service-account"],
        polaris: &["automountServiceAccountToken"],
        checkov: &["CKV_K8S_38", "~CKV_K8S_41"],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for at in ctx.pod_specs() {
        let account = at
            .spec
            .service_account_name
            .as_deref()
            .filter(|n| !n.is_empty());
        let account_object = account
            .and_then(|name| ctx.find("ServiceAccount", at.object.effective_namespace(), name));
        let account_automount = account_object.and_then(|(_, o)| match o.resource() {
            Resource::Other(other) => other
                .body
                .get("automountServiceAccountToken")
                .and_then(serde_json::Value::as_bool),
            _ => None,
        });
        let automount = at
            .spec
            .automount_service_account_token
            .or(account_automount)
            .unwrap_or(true);
        if automount {
            out.report(
                at.id,
                format!("{}.automountServiceAccountToken", at.path),
                format!(
                    "pods mount the token of ServiceAccount {}; set automountServiceAccountToken: false unless they call the API",
                    account.unwrap_or("default")
                ),
            );
        } else if account.is_none_or(|a| a == "default") {
            out.report(
                at.id,
                format!("{}.serviceAccountName", at.path),
                "pods use the namespace's default ServiceAccount; a dedicated one keeps permissions separate",
            );
        }
    }
}
