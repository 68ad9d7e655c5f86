//! K8S-API-001 `invalid-object-name`: metadata.name is missing or not a valid name for its kind.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-001",
    name: "invalid-object-name",
    severity: RuleSeverity::Error,
    kinds: "All",
    summary: "metadata.name is missing or not a valid name for its kind",
    docs: r#"## What it does

metadata.name required. Deployment, Ingress, NetworkPolicy, PDB, ConfigMap, Secret names are DNS-1123 subdomains (<=253, lowercase alnum, "-" and ".", alnum at both ends). Service names are DNS-1035 labels (<=63, must START WITH A LETTER; only relaxed to DNS-1123 label behind the RelaxedServiceNameValidation gate). Namespace names are DNS-1123 labels.

## Why is this bad?

The API server rejects the object; Service names must be DNS-1035 labels because they become DNS names and environment variable prefixes.

## Example

A Service named `1-web` or `Web` is rejected; `web-1` is accepted.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: 1-web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
```

## Use instead

Use lowercase letters, digits and `-` (and `.` for subdomain kinds); start a Service name with a letter.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: web-1
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
```

## Fix

There is no automatic fix.

Source: [MV] NameIsDNSSubdomain / NameIsDNS1035Label / NameIsDNSLabel; [AV] ValidateDeploymentName; [NV] ValidateIngressName, ValidateNetworkPolicyName, allowRelaxedServiceNameValidation; [CV] ValidateServiceName, ValidateNamespaceName"#,
    peers: Peers {
        kube_score: &[],
        kube_linter: &["~schema-validation"],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Namespace,
};

use crate::rules::syntax::{is_dns1035_label, is_dns1123_label, is_dns1123_subdomain};

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let name = object.name();
        if name.is_empty() {
            if object.metadata().generate_name.is_none() {
                out.report(id, "metadata.name", "metadata.name is missing");
            }
            continue;
        }
        let (valid, rule) = match object.kind_name() {
            "Service" => (
                is_dns1035_label(name),
                "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63 characters)",
            ),
            "Namespace" => (
                is_dns1123_label(name),
                "a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
            ),
            // Kinds whose names are DNS subdomains (RBAC and others allow more).
            "Deployment"
            | "DaemonSet"
            | "ReplicaSet"
            | "Job"
            | "CronJob"
            | "Pod"
            | "Ingress"
            | "NetworkPolicy"
            | "PodDisruptionBudget"
            | "ConfigMap"
            | "Secret"
            | "PersistentVolumeClaim"
            | "HorizontalPodAutoscaler"
            | "ServiceAccount" => (
                is_dns1123_subdomain(name),
                "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)",
            ),
            // StatefulSet names are checked more strictly by K8S-API-002; other kinds have their
            // own name rules (RBAC allows `:`), not checked here.
            _ => (true, ""),
        };
        if !valid {
            out.report(id, "metadata.name", format!("name `{name}` is not {rule}"));
        }
    }
    for &namespace in ctx.namespace_names() {
        if !is_dns1123_label(namespace) {
            out.report_namespace(
                namespace,
                format!("namespace name `{namespace}` is not a DNS-1123 label"),
            );
        }
    }
}
