//! Least-privilege NetworkPolicies from intended traffic.
