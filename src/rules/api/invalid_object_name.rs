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

use crate::model::Kind;
use crate::model::validation::namespace_name_problem;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in &ctx.objects {
        let name = object.name();
        if name.is_empty() {
            if object.metadata().generate_name.is_none() {
                out.report(id, "metadata.name", "metadata.name is missing");
            }
            continue;
        }
        // Kinds are told apart by name, so that a kind of a removed API version is held to its
        // grammar too. StatefulSet names are checked more strictly by K8S-API-002.
        let kind = Kind::from_name(object.kind_name());
        if kind == Kind::StatefulSet {
            continue;
        }
        if let Some(problem) = kind.name_syntax().problem(name) {
            out.report(id, "metadata.name", problem);
        }
    }
    for &namespace in ctx.namespace_names() {
        if namespace_name_problem(namespace).is_some() {
            out.report_namespace(
                namespace,
                format!("namespace name `{namespace}` is not a DNS-1123 label"),
            );
        }
    }
}
