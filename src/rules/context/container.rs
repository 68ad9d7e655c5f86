//! A container of a pod spec and the field paths below it, written only when a finding needs one.

use k8s_openapi::api::core::v1::Container;

/// A container of a pod spec; the field path is built only when reported.
#[derive(Clone, Copy, Debug)]
pub struct ContainerAt<'m> {
    pub container: &'m Container,
    pub index: usize,
    pub init: bool,
    /// Path of the pod spec (`spec.template.spec`).
    pub spec_path: &'static str,
}

impl ContainerAt<'_> {
    /// `spec.template.spec.containers[0]`.
    #[must_use]
    pub fn path(&self) -> String {
        format!("{}.{}[{}]", self.spec_path, self.list(), self.index)
    }

    /// The list of the pod spec the container is in.
    fn list(&self) -> &'static str {
        if self.init {
            "initContainers"
        } else {
            "containers"
        }
    }

    /// The path of a field below the container: `…containers[0].resources`.
    #[must_use]
    pub fn field(&self, below: &str) -> String {
        format!("{}.{below}", self.path())
    }

    /// The path of item `index` of list `list` below the container (`…containers[0].env[2]`),
    /// written only when a finding formats it: checks visit every env var and port, and most
    /// of them report nothing.
    #[must_use]
    pub fn item(&self, list: &'static str, index: usize) -> ItemAt<'_> {
        ItemAt {
            container: self,
            list,
            index,
        }
    }
}

/// A list item below a container, as a field path that is formatted when displayed.
#[derive(Clone, Copy, Debug)]
pub struct ItemAt<'a> {
    container: &'a ContainerAt<'a>,
    list: &'static str,
    index: usize,
}

impl std::fmt::Display for ItemAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.container;
        write!(
            f,
            "{}.{}[{}].{}[{}]",
            c.spec_path,
            c.list(),
            c.index,
            self.list,
            self.index
        )
    }
}
