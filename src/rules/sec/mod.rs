//! Security.

pub mod capabilities_not_dropped;
pub mod host_access;
pub mod missing_seccomp_profile;
pub mod plaintext_secret_data;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod runs_as_root;
pub mod secret_in_env;
pub mod service_account_token_mounted;
pub mod unencrypted_exposure;
pub mod writable_root_filesystem;
