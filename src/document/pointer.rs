//! JSON pointers (RFC 6901) into an object's manifest: how an environment names the field it
//! overrides. Pure functions on `serde_json::Value`.

use serde_json::{Map, Value};

/// Why a pointer cannot be used on a manifest.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PointerError {
    #[error("`{0}` is not a JSON pointer (it must start with `/`)")]
    Syntax(String),
    #[error(
        "`{0}` names the object's identity (apiVersion, kind, name, namespace), which an environment cannot change"
    )]
    Identity(String),
    #[error("`{pointer}`: the manifest has no `{missing}` (the field no longer exists)")]
    Missing { pointer: String, missing: String },
}

/// The reference tokens of a pointer, unescaped (`~1` is `/`, `~0` is `~`).
pub fn tokens(pointer: &str) -> Result<Vec<String>, PointerError> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(PointerError::Syntax(pointer.to_owned()));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// A pointer from tokens, escaping each.
#[must_use]
pub fn join(tokens: &[String]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Whether the pointer names the object's identity, which would make it another object.
#[must_use]
pub fn is_identity(tokens: &[String]) -> bool {
    let strs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    matches!(
        strs.as_slice(),
        ["apiVersion" | "kind" | "metadata"] | ["metadata", "name" | "namespace"]
    )
}

/// The value at the pointer, if there is one.
#[must_use]
pub fn get<'a>(value: &'a Value, tokens: &[String]) -> Option<&'a Value> {
    let mut current = value;
    for token in tokens {
        current = match current {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Whether [`set`] would succeed, without changing anything (a failing `set` may have created
/// map keys on the way).
#[must_use]
pub fn can_set(manifest: &Value, pointer: &str) -> bool {
    let Ok(tokens) = tokens(pointer) else {
        return false;
    };
    if is_identity(&tokens) {
        return false;
    }
    let mut current = manifest;
    for (at, token) in tokens.iter().enumerate() {
        let is_last = at + 1 == tokens.len();
        current = match current {
            // A missing key is created by `set`, and everything below it then too.
            Value::Object(map) => match map.get(token) {
                Some(next) => next,
                None => return true,
            },
            Value::Array(items) => match token.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
        if is_last {
            return true;
        }
    }
    false
}

/// Sets the field at the pointer. Missing map keys on the way are created (an environment may add
/// an annotation to an object without any); list items must exist, since an index into a list
/// that is shorter means the field the override was made for is gone. `null` removes the field.
pub fn set(manifest: &mut Value, pointer: &str, value: &Value) -> Result<(), PointerError> {
    let tokens = tokens(pointer)?;
    if is_identity(&tokens) {
        return Err(PointerError::Identity(pointer.to_owned()));
    }
    let missing = |at: usize| PointerError::Missing {
        pointer: pointer.to_owned(),
        missing: join(tokens.get(..=at).unwrap_or_default()),
    };
    let mut current = manifest;
    let last = tokens.len().saturating_sub(1);
    for (at, token) in tokens.iter().enumerate() {
        let is_last = at == last;
        current = match current {
            Value::Object(map) => {
                if is_last {
                    if value.is_null() {
                        map.remove(token);
                    } else {
                        map.insert(token.clone(), value.clone());
                    }
                    return Ok(());
                }
                map.entry(token.clone())
                    .or_insert_with(|| Value::Object(Map::new()))
            }
            Value::Array(items) => {
                let index = token.parse::<usize>().map_err(|_| missing(at))?;
                if index >= items.len() {
                    return Err(missing(at));
                }
                if is_last {
                    if value.is_null() {
                        items.remove(index);
                    } else if let Some(slot) = items.get_mut(index) {
                        *slot = value.clone();
                    }
                    return Ok(());
                }
                items.get_mut(index).ok_or_else(|| missing(at))?
            }
            _ => return Err(missing(at.saturating_sub(1))),
        };
    }
    // The empty pointer (`/` splits into one empty token, so this is only reached for none).
    Err(PointerError::Syntax(pointer.to_owned()))
}

/// The field path the checker and the inspector use (`spec.template.spec.containers[0].image`)
/// for a pointer into `manifest`: a token that indexes a list becomes `[n]`. `None` when the
/// pointer is malformed. Tokens past what the manifest holds are taken as map keys.
#[must_use]
pub fn to_field_path(manifest: &Value, pointer: &str) -> Option<String> {
    let tokens = tokens(pointer).ok()?;
    let mut path = String::new();
    let mut current = Some(manifest);
    for token in &tokens {
        match current {
            Some(Value::Array(items)) if token.parse::<usize>().is_ok() => {
                path.push('[');
                path.push_str(token);
                path.push(']');
                current = token.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            other => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(token);
                current = match other {
                    Some(Value::Object(map)) => map.get(token),
                    _ => None,
                };
            }
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_creates_map_keys_but_not_list_items() {
        let mut m = json!({"metadata": {"name": "a"}, "spec": {"c": [{"image": "x"}]}});
        set(&mut m, "/metadata/annotations/a.b~1c", &json!("v")).expect("set");
        assert_eq!(m["metadata"]["annotations"]["a.b/c"], json!("v"));
        set(&mut m, "/spec/c/0/image", &json!("y")).expect("set");
        assert_eq!(m["spec"]["c"][0]["image"], json!("y"));
        assert_eq!(
            set(&mut m, "/spec/c/1/image", &json!("z")),
            Err(PointerError::Missing {
                pointer: "/spec/c/1/image".into(),
                missing: "/spec/c/1".into()
            })
        );
        set(&mut m, "/metadata/annotations/a.b~1c", &Value::Null).expect("remove");
        assert_eq!(m["metadata"]["annotations"], json!({}));
        assert!(matches!(
            set(&mut m, "/metadata/name", &json!("b")),
            Err(PointerError::Identity(_))
        ));
        assert!(matches!(
            set(&mut m, "spec", &json!(1)),
            Err(PointerError::Syntax(_))
        ));
        for (pointer, expected) in [
            ("/spec/c/0/image", true),
            ("/spec/c/0/new/deeper", true),
            ("/spec/c/1/image", false),
            ("/metadata/name/x", false),
            ("/metadata/name", false),
            ("nope", false),
        ] {
            assert_eq!(can_set(&m, pointer), expected, "{pointer}");
            assert_eq!(
                set(&mut m.clone(), pointer, &json!(1)).is_ok(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn tokens_round_trip() {
        let t = tokens("/metadata/labels/app.kubernetes.io~1name").expect("tokens");
        assert_eq!(t, ["metadata", "labels", "app.kubernetes.io/name"]);
        assert_eq!(join(&t), "/metadata/labels/app.kubernetes.io~1name");
    }

    #[test]
    fn pointers_become_the_checkers_field_paths() {
        let manifest = serde_json::json!({
            "spec": {"template": {"spec": {"containers": [{"image": "a"}]}}},
            "metadata": {"labels": {"0": "x"}}
        });
        assert_eq!(
            to_field_path(&manifest, "/spec/template/spec/containers/0/image").as_deref(),
            Some("spec.template.spec.containers[0].image")
        );
        // A numeric map key stays a key; a field the manifest lacks is still named.
        assert_eq!(
            to_field_path(&manifest, "/metadata/labels/0").as_deref(),
            Some("metadata.labels.0")
        );
        assert_eq!(
            to_field_path(&manifest, "/spec/replicas").as_deref(),
            Some("spec.replicas")
        );
        assert_eq!(to_field_path(&manifest, "spec"), None);
    }
}
