//! The integration tests, one crate: one test binary links eframe once instead of once per file.
//! Each module is a former `tests/*.rs` file; `support` holds the helpers they share.
//!
//! Tests that need an external tool (helm) are `#[ignore]` with the reason; `.ci/run` runs them
//! with `--ignored`, and there a missing tool fails the test instead of skipping it.

#![allow(clippy::expect_used, clippy::unwrap_used)] // Tests fail loudly by design.

mod support;

mod attached_kinds;
mod canvas_ui;
mod chart_envs;
mod check_cli;
mod cli;
mod cluster_band;
mod cluster_policy_crd;
mod cluster_policy_ui;
mod convert_ingress;
mod deployed;
mod deployed_ui;
mod dialogs_ui;
mod editing;
mod environment_edits;
mod environments;
mod environments_render;
mod environments_ui;
mod export_ui;
mod field_notes_ui;
mod gateway_api;
mod gateway_helm;
mod gateway_reach_ui;
mod gateway_rules;
mod hardening;
mod helm;
mod import;
mod ingress_nginx;
mod inspector_fields_ui;
mod inspector_form;
mod model;
mod np_isolation;
mod np_tiers;
mod other_kinds;
mod other_kinds_ui;
mod problems_ui;
mod reach;
mod reach_cases;
mod reach_cli;
mod reach_gateway;
mod reach_generate;
mod reach_generate_baseline;
mod reach_incremental;
mod reach_tier_cases;
mod reach_tiers;
mod reach_ui;
mod repos;
mod repos_render;
mod roundtrip;
mod rule_docs;
mod rule_fixes;
mod rules;
mod rules_incremental;
mod tidy;
mod ui;
mod validation;
mod workspace_ui;
