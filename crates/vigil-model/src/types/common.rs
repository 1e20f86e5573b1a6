//! Small complex types shared by several logs (`keyValue`, `modifiedProperty`) and the serde
//! helpers for Graph's lenient collection and object inputs.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A JSON object with arbitrary keys (open types such as `detailsInfo`).
pub type OpenObject = serde_json::Map<String, Value>;

/// `microsoft.graph.keyValue`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyValue {
    /// `key`.
    pub key: Option<String>,
    /// `value`.
    pub value: Option<String>,
}

/// `microsoft.graph.modifiedProperty`; values are JSON-encoded strings (`"[\"Member\"]"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifiedProperty {
    /// `displayName`.
    pub display_name: Option<String>,
    /// `oldValue`.
    pub old_value: Option<String>,
    /// `newValue`.
    pub new_value: Option<String>,
}

/// Reads a collection that may be absent (with `#[serde(default)]`) or `null`: both become
/// empty, because Graph always writes collections as arrays.
pub(crate) fn nullable_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a single complex value that some producers (Microsoft's own beta examples) send as an
/// array: `[]` and `null` become `None`, a one-element array its element, an object itself.
pub(crate) fn object_or_array<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    let single = match value {
        Value::Null => return Ok(None),
        Value::Array(mut items) => match items.len() {
            0 => return Ok(None),
            1 => items.pop().unwrap_or(Value::Null),
            n => {
                return Err(serde::de::Error::custom(format!(
                    "expected an object, found an array of {n} elements"
                )));
            }
        },
        other => other,
    };
    T::deserialize(single)
        .map(Some)
        .map_err(serde::de::Error::custom)
}
