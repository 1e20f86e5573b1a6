//! Shapes shared by `directoryAudit` and `customSecurityAttributeAudit` records: initiators
//! (user or app), target resources, modified properties (JSON-encoded old/new values) and
//! the record itself with a Graph-style id (`Directory_<correlation>_<token>_<n>`).

use serde_json::{Value, json};

use crate::directory::{Group, SYSTEM_APPS, Tenant, User};
use crate::util::{self, DemoRng, obj, opt, s, st, ts};

/// Who did it.
#[derive(Debug, Clone)]
pub enum Actor<'a> {
    /// A user, from an IP address.
    User(&'a User, String),
    /// An application: (display name, app id, service principal id).
    App(String, String, String),
}

impl<'a> Actor<'a> {
    /// A Microsoft first-party system app by name (see [`SYSTEM_APPS`]).
    pub fn system(tenant: &Tenant, name: &str) -> Actor<'a> {
        let k = SYSTEM_APPS
            .iter()
            .position(|(n, _)| *n == name)
            .unwrap_or(0);
        Actor::App(
            SYSTEM_APPS[k].0.to_owned(),
            SYSTEM_APPS[k].1.to_owned(),
            tenant.system_sp_ids[k].clone(),
        )
    }

    /// An application of the tenant by name.
    pub fn app(tenant: &Tenant, name: &str) -> Actor<'a> {
        let a = &tenant.apps[tenant.app(name)];
        Actor::App(a.def.name.to_owned(), a.app_id.clone(), a.sp_id.clone())
    }

    fn json(&self, tenant: &Tenant) -> Value {
        match self {
            Actor::User(u, ip) => obj([
                ("app", Value::Null),
                (
                    "user",
                    obj([
                        ("id", s(&u.id)),
                        ("displayName", s(&u.display_name)),
                        ("userPrincipalName", s(&u.upn)),
                        ("ipAddress", s(ip)),
                        (
                            "userType",
                            s(if u.guest.is_some() { "Guest" } else { "Member" }),
                        ),
                        ("homeTenantId", s(&tenant.id)),
                        ("homeTenantName", Value::Null),
                    ]),
                ),
            ]),
            Actor::App(name, app_id, sp_id) => obj([
                (
                    "app",
                    obj([
                        ("appId", s(app_id)),
                        ("displayName", s(name)),
                        ("servicePrincipalId", s(sp_id)),
                        ("servicePrincipalName", s(name)),
                    ]),
                ),
                ("user", Value::Null),
            ]),
        }
    }

    /// The user agent of a user actor's browser (`None` for apps).
    pub fn user_agent(&self) -> Option<&'static str> {
        match self {
            Actor::User(u, _) if !u.desktop.browser_ua.is_empty() => Some(u.desktop.browser_ua),
            _ => None,
        }
    }
}

/// A `modifiedProperty` with raw (already JSON-encoded) old and new values.
pub fn prop(name: &str, old: Option<String>, new: Option<String>) -> Value {
    obj([
        ("displayName", s(name)),
        ("oldValue", old.map_or(Value::Null, st)),
        ("newValue", new.map_or(Value::Null, st)),
    ])
}

/// `Included Updated Properties` listing the changed property names.
pub fn included(names: &str) -> Value {
    prop(
        "Included Updated Properties",
        None,
        Some(util::json_str(names)),
    )
}

/// A target resource.
pub fn target(
    id: &str,
    name: Option<&str>,
    kind: &str,
    upn: Option<&str>,
    group_type: Option<&str>,
    modified: Vec<Value>,
) -> Value {
    obj([
        ("id", s(id)),
        ("displayName", opt(name)),
        ("type", s(kind)),
        ("userPrincipalName", opt(upn)),
        ("groupType", opt(group_type)),
        ("modifiedProperties", Value::Array(modified)),
    ])
}

/// A user target.
pub fn user_target(u: &User, modified: Vec<Value>) -> Value {
    target(&u.id, None, "User", Some(&u.upn), None, modified)
}

/// A group target.
pub fn group_target(g: &Group) -> Value {
    target(
        &g.id,
        Some(g.name),
        "Group",
        None,
        Some(g.group_type),
        Vec::new(),
    )
}

/// The modified properties that name a group on a user target.
pub fn group_props(g: &Group, removed: bool) -> Vec<Value> {
    let id = util::json_str(&g.id);
    let name = util::json_str(g.name);
    if removed {
        vec![
            prop("Group.ObjectID", Some(id), None),
            prop("Group.DisplayName", Some(name), None),
        ]
    } else {
        vec![
            prop("Group.ObjectID", None, Some(id)),
            prop("Group.DisplayName", None, Some(name)),
        ]
    }
}

/// A `{key, value}` pair.
pub fn kv(key: &str, value: &str) -> Value {
    obj([("key", s(key)), ("value", s(value))])
}

/// Everything about one audit event.
#[derive(Debug, Clone)]
pub struct Audit<'a> {
    /// Event time.
    pub t: i64,
    /// `category`.
    pub category: &'a str,
    /// `activityDisplayName`.
    pub activity: &'a str,
    /// `loggedByService`.
    pub service: &'a str,
    /// `operationType`.
    pub operation: &'a str,
    /// `result` is success.
    pub ok: bool,
    /// `resultReason`.
    pub reason: &'a str,
    /// Initiator.
    pub actor: Actor<'a>,
    /// `targetResources`.
    pub targets: Vec<Value>,
    /// `additionalDetails`.
    pub details: Vec<Value>,
    /// Correlation id shared with related events (generated when `None`).
    pub correlation: Option<String>,
}

impl Audit<'_> {
    /// A successful event with no details.
    pub fn new<'a>(
        t: i64,
        category: &'a str,
        activity: &'a str,
        service: &'a str,
        operation: &'a str,
        actor: Actor<'a>,
        targets: Vec<Value>,
    ) -> Audit<'a> {
        Audit {
            t,
            category,
            activity,
            service,
            operation,
            ok: true,
            reason: "",
            actor,
            targets,
            details: Vec::new(),
            correlation: None,
        }
    }

    /// Builds the JSON record (and its time), id prefixed as Graph does for the service.
    pub fn build(self, tenant: &Tenant, rng: &mut DemoRng) -> (i64, Value) {
        let t = util::tick(self.t);
        let correlation = self.correlation.unwrap_or_else(|| util::guid(rng));
        let prefix = if self.service == "Self-service Group Management" {
            "SSGM"
        } else {
            "Directory"
        };
        let id = util::audit_id(rng, prefix, &correlation);
        let mut details = self.details;
        // An explicit User-Agent detail (e.g. an attacker's browser) wins over the actor's own.
        let explicit = details
            .iter()
            .find(|d| d.get("key").and_then(Value::as_str) == Some("User-Agent"))
            .and_then(|d| d.get("value"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let user_agent = explicit
            .clone()
            .or_else(|| self.actor.user_agent().map(str::to_owned));
        if explicit.is_none()
            && self.service == "Core Directory"
            && let Some(ua) = &user_agent
        {
            details.push(kv("User-Agent", ua));
        }
        let value = json!({
            "id": id,
            "category": self.category,
            "correlationId": correlation,
            "result": if self.ok { "success" } else { "failure" },
            "resultReason": self.reason,
            "activityDisplayName": self.activity,
            "activityDateTime": ts(t),
            "loggedByService": self.service,
            "operationType": self.operation,
            "userAgent": user_agent,
            "initiatedBy": self.actor.json(tenant),
            "targetResources": self.targets,
            "additionalDetails": details,
        });
        (t, value)
    }
}
