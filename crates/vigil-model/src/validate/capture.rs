//! Locating chosen properties while the one-pass validator writes the canonical record, so that
//! a store can copy them into columns without scanning the record a second time.
//!
//! A [`CapturePlan`] is compiled once from a kind and a list of property paths
//! (`status/errorCode`); every segment but the last must name a nested typed object. Validation
//! with a plan ([`super::validate_json_capturing`]) records, for each path, where its value's
//! canonical JSON text sits in [`ValidatedRecord::json`](super::ValidatedRecord). Records the
//! one-pass path declines come back without [`Captured`] spans; callers then read the
//! properties some other way.

use super::shape::{Shape, Ty};
use super::shapes::{DIRECTORY_AUDIT, PROVISIONING, SIGN_IN};
use crate::hash::Fnv1a;
use crate::kind::LogKind;

/// Where a property's value was written: byte offsets into the canonical JSON.
type Span = (u32, u32);

/// A span for a property that was never written (an ancestor was null).
const NOT_WRITTEN: Span = (0, 0);

/// A path a plan cannot follow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot capture `{path}`: {reason}")]
pub struct CaptureError {
    /// The path as given.
    pub path: String,
    /// Which segment failed, and why.
    pub reason: String,
}

/// Which properties of one kind's records to locate, compiled against the one-pass shapes.
#[derive(Debug, Clone)]
pub struct CapturePlan {
    kind: LogKind,
    slots: usize,
    fingerprint: u64,
    pub(super) root: PlanNode,
}

/// The plan for one object: per field of its shape (by index), what to do with it.
#[derive(Debug, Clone, Default)]
pub(super) struct PlanNode {
    targets: Vec<Option<Target>>,
}

#[derive(Debug, Clone)]
pub(super) enum Target {
    /// Record this field's value span in the given slot.
    Slot(usize),
    /// Descend into this nested object.
    Child(PlanNode),
}

impl PlanNode {
    /// What to do with field `index` of the shape this node belongs to.
    pub(super) fn target(&self, index: usize) -> Option<&Target> {
        self.targets.get(index).and_then(Option::as_ref)
    }
}

impl CapturePlan {
    /// A plan locating `paths` (`/`-separated property names) in records of `kind`; results
    /// come back in the same order.
    pub fn new(kind: LogKind, paths: &[&str]) -> Result<CapturePlan, CaptureError> {
        let mut root = PlanNode::default();
        for (slot, path) in paths.iter().enumerate() {
            add_path(&mut root, shape_of(kind), path, slot).map_err(|reason| CaptureError {
                path: (*path).to_owned(),
                reason,
            })?;
        }
        let mut fingerprint = Fnv1a::new().write(kind.code().to_string().as_bytes());
        for path in paths {
            fingerprint = fingerprint.write(b"\0").write(path.as_bytes());
        }
        Ok(CapturePlan {
            kind,
            slots: paths.len(),
            fingerprint: fingerprint.finish(),
            root,
        })
    }

    /// The kind whose records this plan reads.
    pub fn kind(&self) -> LogKind {
        self.kind
    }

    /// How many paths it locates.
    pub fn len(&self) -> usize {
        self.slots
    }

    /// Whether it locates nothing.
    pub fn is_empty(&self) -> bool {
        self.slots == 0
    }

    /// Whether `captured` was recorded with this plan (same kind, same paths in the same
    /// order), so its slots mean this plan's paths.
    pub fn produced(&self, captured: &Captured) -> bool {
        captured.fingerprint == self.fingerprint && captured.spans.len() == self.slots
    }

    pub(super) fn start(&self) -> Captured {
        Captured {
            fingerprint: self.fingerprint,
            spans: vec![NOT_WRITTEN; self.slots],
        }
    }
}

/// The spans one validation recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    fingerprint: u64,
    spans: Vec<Span>,
}

impl Captured {
    /// The canonical JSON text of the value at `slot` (`"text"`, `12`, `true`, `null`, an
    /// object or list), or `None` when the property was not written because an object on its
    /// path was null. `json` must be the record's canonical JSON.
    pub fn text<'j>(&self, json: &'j [u8], slot: usize) -> Option<&'j str> {
        let &(start, end) = self.spans.get(slot)?;
        if (start, end) == NOT_WRITTEN {
            return None;
        }
        let bytes = json.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        std::str::from_utf8(bytes).ok()
    }

    /// Records that the value of `slot` was written at `start..end`.
    pub(super) fn set(&mut self, slot: usize, start: usize, end: usize) {
        if let (Some(span), Ok(start), Ok(end)) = (
            self.spans.get_mut(slot),
            u32::try_from(start),
            u32::try_from(end),
        ) {
            *span = (start, end);
        }
    }
}

pub(super) fn shape_of(kind: LogKind) -> &'static Shape {
    match kind {
        LogKind::SignIn => &SIGN_IN,
        LogKind::DirectoryAudit | LogKind::CustomSecurityAttributeAudit => &DIRECTORY_AUDIT,
        LogKind::Provisioning => &PROVISIONING,
    }
}

fn add_path(
    root: &mut PlanNode,
    shape: &'static Shape,
    path: &str,
    slot: usize,
) -> Result<(), String> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut node = root;
    let mut shape = shape;
    for (depth, segment) in segments.iter().enumerate() {
        let index = shape
            .fields
            .iter()
            .position(|f| f.name == *segment)
            .ok_or_else(|| format!("`{segment}` is not a property here"))?;
        if node.targets.len() < shape.fields.len() {
            node.targets.resize(shape.fields.len(), None);
        }
        let last = depth + 1 == segments.len();
        let entry = &mut node.targets[index];
        if last {
            if entry.is_some() {
                return Err("the path is already in the plan".into());
            }
            *entry = Some(Target::Slot(slot));
            return Ok(());
        }
        let child_shape = match &shape.fields[index].ty {
            Ty::Struct(child) | Ty::StructOrArray(child) => *child,
            _ => return Err(format!("`{segment}` is not a nested object")),
        };
        if entry.is_none() {
            *entry = Some(Target::Child(PlanNode::default()));
        }
        node = match entry {
            Some(Target::Child(child)) => child,
            _ => return Err(format!("`{segment}` is already captured whole")),
        };
        shape = child_shape;
    }
    Err("empty path".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{validate_json, validate_json_capturing};

    const PATHS: &[&str] = &[
        "userId",
        "status/errorCode",
        "location/city",
        "deviceDetail/browser",
        "isInteractive",
        "signInEventTypes",
        "userPrincipalName",
        "appDisplayName",
    ];

    fn sign_in(tail: &str) -> String {
        format!(
            r#"{{"id":"s1","createdDateTime":"2024-07-01T02:00:00+02:00","userId":"u-1"{tail}}}"#
        )
    }

    fn texts(plan: &CapturePlan, text: &str) -> Option<Vec<Option<String>>> {
        let record = validate_json_capturing(LogKind::SignIn, text.as_bytes(), Some(plan)).ok()?;
        let captured = record.captured.as_ref()?;
        assert!(plan.produced(captured));
        Some(
            (0..plan.len())
                .map(|slot| captured.text(&record.json, slot).map(str::to_owned))
                .collect(),
        )
    }

    #[test]
    fn finds_each_value_in_the_canonical_text() {
        let plan = CapturePlan::new(LogKind::SignIn, PATHS).unwrap();
        let text = sign_in(
            r#","status":{"errorCode":50126},"location":null,"isInteractive":true,"userPrincipalName":"Ann@Contoso.com","appDisplayName":"a \"b\"""#,
        );
        let found = texts(&plan, &text).unwrap();
        let expected = [
            Some("\"u-1\""),
            Some("50126"),
            None, // location is null: city was never written
            None, // deviceDetail absent
            Some("true"),
            Some("[\"interactiveUser\"]"),
            Some("\"ann@contoso.com\""),
            Some("\"a \\\"b\\\"\""),
        ];
        assert_eq!(found, expected.map(|t| t.map(str::to_owned)));
    }

    #[test]
    fn the_record_is_the_same_with_or_without_a_plan() {
        let plan = CapturePlan::new(LogKind::SignIn, PATHS).unwrap();
        let text = sign_in(
            r#","isInteractive":false,"status":{"errorCode":0},"deviceDetail":{"browser":"Edge 120"}"#,
        );
        let with = validate_json_capturing(LogKind::SignIn, text.as_bytes(), Some(&plan)).unwrap();
        let without = validate_json(LogKind::SignIn, text.as_bytes()).unwrap();
        assert_eq!(with.json, without.json);
        assert_eq!((with.id, with.time_nanos), (without.id, without.time_nanos));
        assert!(without.captured.is_none());
    }

    #[test]
    fn records_the_reference_path_takes_carry_no_spans() {
        let plan = CapturePlan::new(LogKind::SignIn, PATHS).unwrap();
        // An escaped key sends the record to serde.
        let text = sign_in(r#","\u0061ppDisplayName":"x","isInteractive":true"#);
        let record = validate_json_capturing(LogKind::SignIn, text.as_bytes(), Some(&plan));
        assert_eq!(record.map(|r| r.captured), Ok(None));
        // A plan for another kind is ignored.
        let audit = CapturePlan::new(LogKind::DirectoryAudit, &["category"]).unwrap();
        let text = sign_in(r#","isInteractive":true"#);
        let record = validate_json_capturing(LogKind::SignIn, text.as_bytes(), Some(&audit));
        assert_eq!(record.map(|r| r.captured), Ok(None));
    }

    #[test]
    fn plans_refuse_paths_they_cannot_follow() {
        for path in [
            "nope",
            "status/nope",
            "appliedConditionalAccessPolicies/id",
            "userId/x",
            "",
        ] {
            assert!(
                CapturePlan::new(LogKind::SignIn, &[path]).is_err(),
                "{path}"
            );
        }
        assert!(CapturePlan::new(LogKind::SignIn, &["userId", "userId"]).is_err());
        assert!(CapturePlan::new(LogKind::SignIn, &["status", "status/errorCode"]).is_err());
        let audit = CapturePlan::new(LogKind::DirectoryAudit, &["initiatedBy/user/id"]).unwrap();
        let other = CapturePlan::new(LogKind::DirectoryAudit, &["initiatedBy/app/appId"]).unwrap();
        assert!(!other.produced(&audit.start()));
        assert!(audit.produced(&audit.start()));
    }
}
