//! Why a connection is allowed or denied.
