//! NetworkPolicy reachability: who can talk to whom, on which ports, and why.
//!
//! # Using it
//! ```text
//! let reach = Reachability::compute(&model);          // full evaluation
//! reach.workloads()                                    // sorted; indices name workloads
//! reach.conn(src, dst)                                 // &Conn: protocol → port ranges
//! reach.external(w, Direction::Ingress)                // external IPv4 ranges → &Conn
//! reach.is_isolated(w, Direction::Egress)              // "not isolated" badges
//! reach.errors()                                       // invalid policies (not evaluated)
//! reach.update(&model, &changed_objects(&cmd)?)        // after an edit: incremental for policies
//! explain(&reach, &Endpoint::..., &Endpoint::..., Some((80, Protocol::Tcp)))  // the why
//! allowed(&reach) / diff(&old, &new)                   // edge lists, connectivity changes
//! check_intents(&reach, &intents)                      // blocked intents, unintended allowances
//! generate_policies(&model, &intents, &options)        // least-privilege policies
//! regenerate(&model, &intents, &options)               // the same as one undoable Command
//! ```
//!
//! # Conventions (those of netpol-analyzer, which the conformance cases in
//! `tests/fixtures/netpol-cases/` follow)
//! - Workload identity through controller ownerReferences (see [`workload`]).
//! - Objects without a namespace are in `default`; every namespace in use exists and carries
//!   `kubernetes.io/metadata.name`.
//! - ipBlock peers match external addresses only, never pods; only IPv4 is analysed.
//! - Named ports resolve on the destination pod's container ports, by name and protocol; towards
//!   an external address they match nothing.
//! - Everything else is the upstream API: policyTypes defaulting, union of rules and policies,
//!   egress ∩ ingress for pod-to-pod, AND of selectors inside one peer, empty vs missing lists,
//!   `except` subtracted from `cidr`, `endPort` inclusive.
//! - A policy the API server would reject is reported ([`PolicyError`]) and left out.

pub mod changes;
pub mod conn_table;
pub mod diff;
pub mod engine;
pub mod explain;
pub mod gateway;
pub mod generate;
pub mod intents;
mod intervals;
pub mod ipset;
mod per_direction;
pub mod policy;
pub mod ports;
pub mod progress;
pub mod report;
pub mod tiers;
pub mod workload;

pub use changes::changed_objects;
pub use diff::{ReachDiff, diff};
pub use engine::Reachability;
pub use explain::{Explanation, explain};
pub use generate::{
    BASELINE_NAME, GENERATED_ANNOTATION, GenerateOptions, GenerateTarget, Generated,
    generate_policies, is_generated, regenerate,
};
pub use intents::{IntentCheck, check_intents};
pub use ipset::{IpRange, IpSet};
pub use policy::{CompiledPolicy, Direction, PolicyError};
pub use ports::{Conn, PortSet};
pub use progress::Progress;
pub use report::{Allowed, Endpoint, allowed};
pub use workload::Workload;
