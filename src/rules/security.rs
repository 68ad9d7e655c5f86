//! The effective security settings of a container: its own `securityContext`, else the pod's.

use k8s_openapi::api::core::v1::{Container, PodSpec};

/// Effective `runAsNonRoot` and `runAsUser` of a container.
#[must_use]
pub fn run_as(spec: &PodSpec, container: &Container) -> (Option<bool>, Option<i64>) {
    let own = container.security_context.as_ref();
    let pod = spec.security_context.as_ref();
    (
        own.and_then(|s| s.run_as_non_root)
            .or_else(|| pod.and_then(|s| s.run_as_non_root)),
        own.and_then(|s| s.run_as_user)
            .or_else(|| pod.and_then(|s| s.run_as_user)),
    )
}

/// Effective seccomp profile type of a container.
#[must_use]
pub fn seccomp_type<'a>(spec: &'a PodSpec, container: &'a Container) -> Option<&'a str> {
    container
        .security_context
        .as_ref()
        .and_then(|s| s.seccomp_profile.as_ref())
        .or_else(|| {
            spec.security_context
                .as_ref()
                .and_then(|s| s.seccomp_profile.as_ref())
        })
        .map(|p| p.type_.as_str())
}
