//! One value per direction of traffic, as the engine keeps rows and policy lists.

use super::policy::Direction;

/// One value per direction.
#[derive(Clone, Debug, Default)]
pub(super) struct PerDirection<T> {
    pub(super) ingress: T,
    pub(super) egress: T,
}

impl<T> PerDirection<T> {
    pub(super) fn both(make: impl Fn() -> T) -> Self {
        PerDirection {
            ingress: make(),
            egress: make(),
        }
    }

    pub(super) fn get(&self, direction: Direction) -> &T {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    pub(super) fn get_mut(&mut self, direction: Direction) -> &mut T {
        match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        }
    }
}

/// Sets `list[index]` when it exists (indices come from the same evaluation, so it always does).
pub(super) fn set<T>(list: &mut [T], index: usize, value: T) {
    if let Some(slot) = list.get_mut(index) {
        *slot = value;
    }
}
