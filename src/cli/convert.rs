//! `kubedraft convert ingress-to-gateway`: the Ingresses of designs or manifests as Gateway API
//! objects, written like an export; what does not carry over is listed on standard error.

use std::path::{Path, PathBuf};

use crate::io::{self, IoError};
use crate::manifest::{export, yaml};
use crate::model::Model;
use crate::model::gateway::convert::{ConvertOptions, convert};

/// Converts the Ingresses of `paths` and writes the Gateway API objects to `out` (a file, a
/// folder for one file per object, or `-`). Exit 0 when written, 2 when the input cannot be read
/// or has nothing to convert.
pub(super) fn ingress_to_gateway(
    paths: &[PathBuf],
    gateway_class: Option<String>,
    gateway: Option<&str>,
    out: &str,
) -> u8 {
    let gateway = match gateway.map(parse_gateway).transpose() {
        Ok(gateway) => gateway,
        Err(message) => {
            crate::say!("kubedraft: --gateway {message}");
            return 2;
        }
    };
    let loaded = match io::load(paths) {
        Ok(loaded) => loaded,
        Err(error) => {
            crate::say!("kubedraft: {error}");
            return 2;
        }
    };
    if !loaded.skipped.is_empty() {
        // Converting part of the input would silently drop Ingresses: refuse, naming every problem.
        for error in &loaded.skipped {
            crate::say!("kubedraft: {error}");
        }
        return 2;
    }
    let options = ConvertOptions {
        gateway_class,
        gateway,
    };
    let conversion = match convert(&loaded.document.model, &options) {
        Ok(conversion) => conversion,
        Err(error) => {
            crate::say!("kubedraft: {error}");
            return 2;
        }
    };
    let mut model = Model::new();
    model.add_all(conversion.objects.iter().cloned());
    // The namespaces exist already (the Ingresses are in them): only the new objects are written.
    let values: Vec<serde_json::Value> = export::manifests(&model)
        .into_iter()
        .filter(|value| value.get("kind").and_then(serde_json::Value::as_str) != Some("Namespace"))
        .collect();
    let out_path = Path::new(out);
    let result = if out != "-" && out_path.is_dir() {
        write_files(&values, out_path)
    } else {
        yaml::to_yaml_stream(&values)
            .map_err(|e| IoError::Write {
                path: out.to_owned(),
                message: e.to_string(),
            })
            .and_then(|text| super::write_output(out, text.as_bytes()))
    };
    if let Err(error) = result {
        crate::say!("kubedraft: {error}");
        return 2;
    }
    for note in &conversion.notes {
        crate::say!("kubedraft: {note}");
    }
    let (ingresses, objects) = (conversion.replaced.len(), conversion.objects.len());
    crate::say!(
        "kubedraft: {ingresses} {} converted to {objects} Gateway API {}",
        if ingresses == 1 {
            "Ingress"
        } else {
            "Ingresses"
        },
        if objects == 1 { "object" } else { "objects" },
    );
    0
}

/// `NAMESPACE/NAME` as the pair it names.
fn parse_gateway(text: &str) -> Result<(String, String), String> {
    crate::model::gateway::convert::parse_gateway_ref(text)
        .ok_or_else(|| format!("{text:?}: expected NAMESPACE/NAME"))
}

/// One file per object in `folder`, named as a split export names them.
fn write_files(values: &[serde_json::Value], folder: &Path) -> Result<(), IoError> {
    let mut files = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let text = yaml::to_yaml(value).map_err(|e| IoError::Write {
            path: folder.display().to_string(),
            message: e.to_string(),
        })?;
        files.push((export::split_file_name(index, value), text));
    }
    io::write_split(folder, &files)?;
    Ok(())
}
