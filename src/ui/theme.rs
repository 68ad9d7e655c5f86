//! Colours, sizes and kind badges: the one place the look is decided.

use egui::{Color32, CornerRadius, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2};

use crate::model::{Kind, Object};

/// The colour of a kind (badges, frames of selected nodes, edges it starts).
#[must_use]
pub fn kind_color(kind: Kind) -> Color32 {
    match kind {
        Kind::Deployment => Color32::from_rgb(0x32, 0x6c, 0xe5),
        Kind::StatefulSet => Color32::from_rgb(0x7b, 0x4f, 0xd6),
        Kind::Service => Color32::from_rgb(0x1b, 0x9e, 0x77),
        Kind::Ingress => Color32::from_rgb(0xd9, 0x7a, 0x1e),
        Kind::NetworkPolicy => Color32::from_rgb(0xc0, 0x39, 0x5a),
        Kind::DaemonSet | Kind::ReplicaSet | Kind::Pod => Color32::from_rgb(0x4a, 0x7a, 0xa8),
        Kind::Job | Kind::CronJob => Color32::from_rgb(0x5e, 0x8c, 0x6a),
        // Gateway API: the Ingress hue family, so a Gateway reads as the successor of an Ingress;
        // routes a shade lighter than the Gateway they attach to.
        Kind::Gateway | Kind::GatewayClass => Color32::from_rgb(0xc4, 0x5f, 0x12),
        Kind::HttpRoute | Kind::GrpcRoute | Kind::TcpRoute | Kind::TlsRoute | Kind::UdpRoute => {
            Color32::from_rgb(0xe0, 0x8e, 0x2f)
        }
        Kind::ConfigMap
        | Kind::Secret
        | Kind::PersistentVolumeClaim
        | Kind::HorizontalPodAutoscaler
        | Kind::PodDisruptionBudget
        | Kind::Namespace
        | Kind::ServiceAccount
        | Kind::ReferenceGrant
        | Kind::Other => Color32::from_rgb(0x80, 0x80, 0x88),
        // The cluster tiers: the NetworkPolicy hue family, darker above it (Admin, decided
        // first) and bluer below it (Baseline, decided last).
        Kind::AdminNetworkPolicy | Kind::ClusterNetworkPolicy => {
            tier_color(crate::model::cluster_policy::Tier::Admin)
        }
        Kind::BaselineAdminNetworkPolicy => {
            tier_color(crate::model::cluster_policy::Tier::Baseline)
        }
    }
}

/// The colour of a cluster policy tier (nodes, edges, the overlay's tier marks).
#[must_use]
pub fn tier_color(tier: crate::model::cluster_policy::Tier) -> Color32 {
    match tier {
        crate::model::cluster_policy::Tier::Admin => Color32::from_rgb(0x9b, 0x2d, 0x8e),
        crate::model::cluster_policy::Tier::Baseline => Color32::from_rgb(0x4f, 0x62, 0xc4),
    }
}

/// The colour of an object's badge: its kind's, and a cluster policy's tier's (a
/// ClusterNetworkPolicy may be of either tier).
#[must_use]
pub fn object_color(object: &Object) -> Color32 {
    match object.resource() {
        crate::model::Resource::Other(other) => crate::model::cluster_policy::object_tier(other)
            .map_or_else(|| kind_color(object.kind()), tier_color),
        _ => kind_color(object.kind()),
    }
}

/// The short name kubectl users know (`deploy`, `svc`…), drawn in the kind badge.
#[must_use]
pub fn kind_abbreviation(object: &Object) -> String {
    let short = match object.kind() {
        Kind::Deployment => "deploy",
        Kind::StatefulSet => "sts",
        Kind::Service => "svc",
        Kind::Ingress => "ing",
        Kind::NetworkPolicy => "netpol",
        Kind::DaemonSet => "ds",
        Kind::ReplicaSet => "rs",
        Kind::Job => "job",
        Kind::CronJob => "cj",
        Kind::Pod => "pod",
        Kind::ConfigMap => "cm",
        Kind::Secret => "secret",
        Kind::ServiceAccount => "sa",
        Kind::PersistentVolumeClaim => "pvc",
        Kind::PodDisruptionBudget => "pdb",
        Kind::HorizontalPodAutoscaler => "hpa",
        Kind::Namespace => "ns",
        // kubectl's short names where the CRDs give one (`gc`, `gtw`, `refgrant`), the protocol
        // for the routes.
        Kind::GatewayClass => "gc",
        Kind::Gateway => "gtw",
        Kind::HttpRoute => "http",
        Kind::GrpcRoute => "grpc",
        Kind::TcpRoute => "tcp",
        Kind::TlsRoute => "tls",
        Kind::UdpRoute => "udp",
        Kind::ReferenceGrant => "refgrant",
        // The CRDs' short names.
        Kind::AdminNetworkPolicy => "anp",
        Kind::BaselineAdminNetworkPolicy => "banp",
        Kind::ClusterNetworkPolicy => "cnp",
        Kind::Other => {
            return match object.kind_name() {
                "ClusterRole" | "Role" => "role".to_owned(),
                "ClusterRoleBinding" | "RoleBinding" => "rb".to_owned(),
                other => other
                    .chars()
                    .filter(char::is_ascii_uppercase)
                    .collect::<String>()
                    .to_lowercase(),
            };
        }
    };
    short.to_owned()
}

/// Draws the kind badge: a rounded square in the kind colour with the kubectl short name.
pub fn paint_kind_badge(painter: &Painter, rect: Rect, object: &Object) {
    let color = object_color(object);
    painter.rect_filled(rect, CornerRadius::same(6), color);
    // A hexagon outline, as in the Kubernetes icon set, drawn faintly behind the name.
    let center = rect.center();
    let radius = rect.width().min(rect.height()) * 0.42;
    let points: Vec<Pos2> = (0..6)
        .map(|i| {
            let angle = std::f32::consts::FRAC_PI_3 * f32::from(u8::try_from(i).unwrap_or(0))
                + std::f32::consts::FRAC_PI_6;
            center + Vec2::angled(angle) * radius
        })
        .collect();
    painter.add(egui::Shape::closed_line(
        points,
        Stroke::new(1.0, Color32::from_white_alpha(70)),
    ));
    let text = kind_abbreviation(object);
    #[allow(clippy::cast_precision_loss)]
    let size = if text.len() > 4 { 9.5 } else { 11.0 };
    painter.text(
        center,
        egui::Align2::CENTER_CENTER,
        text,
        FontId::proportional(size),
        Color32::WHITE,
    );
}

/// Node background and outline colours for the current theme.
#[must_use]
pub fn node_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x2a, 0x2d, 0x33)
    } else {
        Color32::from_rgb(0xfd, 0xfd, 0xfe)
    }
}

#[must_use]
pub fn node_stroke(visuals: &egui::Visuals, selected: bool, hovered: bool) -> Stroke {
    if selected {
        Stroke::new(2.5, visuals.selection.stroke.color)
    } else if hovered {
        Stroke::new(1.5, visuals.widgets.hovered.fg_stroke.color)
    } else if visuals.dark_mode {
        Stroke::new(1.0, Color32::from_gray(0x55))
    } else {
        Stroke::new(1.0, Color32::from_gray(0xb8))
    }
}

/// Fill and outline of a namespace frame.
#[must_use]
pub fn frame_colors(visuals: &egui::Visuals) -> (Color32, Stroke) {
    if visuals.dark_mode {
        (
            Color32::from_rgba_unmultiplied(0x60, 0x70, 0x90, 18),
            Stroke::new(1.0, Color32::from_rgb(0x4a, 0x55, 0x6a)),
        )
    } else {
        (
            Color32::from_rgba_unmultiplied(0x40, 0x60, 0xa0, 12),
            Stroke::new(1.0, Color32::from_rgb(0xa8, 0xb4, 0xc8)),
        )
    }
}

/// Colour of a derived relation's edge.
#[must_use]
pub fn edge_color(visuals: &egui::Visuals, relation: &crate::model::Relation) -> Color32 {
    use crate::model::Relation;
    match relation {
        Relation::ServiceSelects => kind_color(Kind::Service),
        Relation::IngressRoutes { .. } => kind_color(Kind::Ingress),
        Relation::GoverningService => kind_color(Kind::StatefulSet),
        Relation::PolicyApplies => kind_color(Kind::NetworkPolicy)
            .gamma_multiply(if visuals.dark_mode { 0.8 } else { 0.9 }),
        Relation::PolicyAllowsFrom { .. } | Relation::PolicyAllowsTo { .. } => {
            Color32::from_rgb(0x2e, 0xa0, 0x43)
        }
        // Budgets and autoscalers are about operating the workload, not its traffic: muted, so the
        // Ingress → Service → workload flow stays the loudest thing on the canvas.
        Relation::BudgetProtects => Color32::from_rgb(0x8a, 0x7c, 0xa8),
        Relation::AutoscalerScales => Color32::from_rgb(0xa8, 0x8f, 0x5c),
        Relation::RouteAttaches { .. } | Relation::GatewayClassOf => kind_color(Kind::Gateway),
        Relation::RouteBackend { .. } => kind_color(Kind::HttpRoute),
        Relation::ClusterPolicyApplies => kind_color(Kind::ClusterNetworkPolicy)
            .gamma_multiply(if visuals.dark_mode { 0.8 } else { 0.9 }),
        // A Gateway's certificate is a use of a Secret, drawn like a pod's.
        Relation::Uses { .. } | Relation::GatewayCertificate { .. } => {
            if visuals.dark_mode {
                Color32::from_rgb(0x7a, 0x7e, 0x86)
            } else {
                Color32::from_rgb(0x9a, 0x9e, 0xa6)
            }
        }
    }
}

/// Outline a rectangle the way selection does (used for frames under the pointer too).
pub fn outline(painter: &Painter, rect: Rect, stroke: Stroke) {
    painter.rect_stroke(rect, CornerRadius::same(8), stroke, StrokeKind::Outside);
}

/// Background of the canvas.
#[must_use]
pub fn canvas_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x1b, 0x1d, 0x21)
    } else {
        Color32::from_rgb(0xf3, 0xf4, 0xf6)
    }
}

/// Colour of the canvas grid dots.
#[must_use]
pub fn grid_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(0x33)
    } else {
        Color32::from_gray(0xcf)
    }
}

/// The colour of drawn traffic intents (workload to workload).
#[must_use]
pub fn intent_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x4f, 0xc3, 0xf7)
    } else {
        Color32::from_rgb(0x02, 0x77, 0xbd)
    }
}

/// How a reachability edge compares with the drawn traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReachEdge {
    /// Drawn traffic that the policies allow.
    Intended,
    /// Allowed, but not drawn: a hole to review.
    OnlyAllowed,
    /// Drawn traffic that the policies deny.
    Blocked,
}

/// Colours of the reachability overlay and matrix: green for intended, amber for allowed only,
/// red for blocked (darker on light backgrounds so text stays readable).
#[must_use]
pub fn reach_color(visuals: &egui::Visuals, edge: ReachEdge) -> Color32 {
    match (edge, visuals.dark_mode) {
        (ReachEdge::Intended, true) => Color32::from_rgb(0x4c, 0xc3, 0x6e),
        (ReachEdge::Intended, false) => Color32::from_rgb(0x1e, 0x84, 0x3c),
        (ReachEdge::OnlyAllowed, true) => Color32::from_rgb(0xe8, 0xa8, 0x3a),
        (ReachEdge::OnlyAllowed, false) => Color32::from_rgb(0xb0, 0x6a, 0x00),
        (ReachEdge::Blocked, true) => Color32::from_rgb(0xf0, 0x5a, 0x5a),
        (ReachEdge::Blocked, false) => Color32::from_rgb(0xc0, 0x1c, 0x28),
    }
}
