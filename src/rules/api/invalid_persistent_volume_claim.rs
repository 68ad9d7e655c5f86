//! K8S-API-029 `invalid-persistent-volume-claim`: a PersistentVolumeClaim lacks access modes or a storage request, or sets invalid values.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    id: "K8S-API-029",
    name: "invalid-persistent-volume-claim",
    severity: RuleSeverity::Error,
    kinds: "PersistentVolumeClaim",
    summary: "a PersistentVolumeClaim lacks access modes or a storage request, or sets invalid values",
    docs: r"## What it does

accessModes has at least one entry, each one of ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany, and ReadWriteOncePod stands alone; resources.requests.storage is set and a positive quantity; volumeMode is Filesystem or Block; a non-empty storageClassName is a DNS-1123 subdomain.

## Why is this bad?

The API server rejects the claim (accessModes: at least 1 access mode is required; resources[storage]: Required value), and the pods that mount it never start.

## Example

A claim without a storage request.

```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: shop
spec:
  accessModes:
  - ReadWriteOnce
```

## Use instead

Ask for a size and at least one access mode.

```yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: shop
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 10Gi
```

## Fix

There is no automatic fix.

Source: [CV] ValidatePersistentVolumeClaimSpec (at least 1 access mode is required; may not use ReadWriteOncePod with other access modes; resources[storage] Required value), ValidateClassName",
    peers: Peers {
        kube_score: &[],
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
    },
    check: Check::Implemented(check),
    scope: Scope::Object,
};

use k8s_openapi::api::core::v1::PersistentVolumeClaimSpec;
use serde::Deserialize as _;

use crate::model::validation::claim_spec_problems;

fn check(ctx: &Context<'_>, out: &mut Findings) {
    for &(id, object) in ctx.of_kind("PersistentVolumeClaim") {
        let Resource::Other(other) = object.resource() else {
            continue;
        };
        // A claim without a spec asks for nothing: it is read as an empty spec, whose missing
        // fields are then named.
        let spec = match other.body.get("spec") {
            None => Ok(PersistentVolumeClaimSpec::default()),
            Some(raw) => PersistentVolumeClaimSpec::deserialize(raw),
        };
        let spec = match spec {
            Ok(spec) => spec,
            Err(error) => {
                out.report(
                    id,
                    "spec",
                    format!("spec does not read as a PersistentVolumeClaim spec: {error}"),
                );
                continue;
            }
        };
        for (field, problem) in claim_spec_problems(&spec) {
            out.report(id, format!("spec.{field}"), problem);
        }
    }
}
