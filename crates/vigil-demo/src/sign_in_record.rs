//! Turning one decided sign-in into the Graph beta `signIn` JSON object: the common field
//! layout (every beta property, `null` where absent), plus the user, service-principal and
//! managed-identity specialisations.

use serde_json::{Value, json};

use crate::catalog_apps::error_text;
use crate::catalog_data::City;
use crate::conditional_access::{self as ca, CaContext, Mfa, Primary};
use crate::directory::{App, Device, Tenant, User};
use crate::sign_in_fields::Fields;
use crate::util::{self, DemoRng, obj, opt, s};
use rand::Rng;

/// Microsoft's own tenant: owner of first-party applications.
pub const MICROSOFT_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/// Risk fields of a sign-in.
#[derive(Debug, Clone, Copy)]
pub struct Risk {
    /// `riskLevelDuringSignIn`.
    pub during: &'static str,
    /// `riskLevelAggregated`.
    pub aggregated: &'static str,
    /// `riskState`.
    pub state: &'static str,
    /// `riskDetail`.
    pub detail: &'static str,
    /// `riskEventTypes_v2`.
    pub events: &'static [&'static str],
}

impl Risk {
    /// No risk.
    pub const NONE: Risk = Risk {
        during: "none",
        aggregated: "none",
        state: "none",
        detail: "none",
        events: &[],
    };

    /// An at-risk sign-in of the given level and detections.
    pub const fn at_risk(level: &'static str, events: &'static [&'static str]) -> Risk {
        Risk {
            during: level,
            aggregated: level,
            state: "atRisk",
            detail: "none",
            events,
        }
    }
}

/// Where the request came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// IP address.
    pub ip: &'a str,
    /// City.
    pub city: &'a City,
    /// Office network (trusted named location).
    pub trusted: bool,
}

/// What the scheduler wants to happen; the builder combines it with Conditional Access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// A normal sign-in (may still be blocked by Conditional Access).
    Success,
    /// 50126.
    WrongPassword,
    /// 50053.
    Locked,
    /// 50057.
    Disabled,
    /// 50055.
    Expired,
    /// 50140.
    Kmsi,
    /// 50074 interactive / 50076 non-interactive, when MFA is required.
    MfaInterrupt,
    /// 50076 "you moved to a new location" on an interactive sign-in.
    NewLocationMfa,
    /// 500121 when MFA is required.
    MfaDenied,
    /// A token failure of a non-interactive sign-in (70044, 700082, 50173, 50058).
    TokenFailure(i64),
    /// 530032.
    SecurityBlock,
}

/// A user sign-in to build.
#[derive(Debug, Clone)]
pub struct UserSignIn<'a> {
    /// Event time (nanoseconds).
    pub t: i64,
    /// Interactive or not.
    pub interactive: bool,
    /// The user.
    pub user: &'a User,
    /// Client application.
    pub app: &'a App,
    /// Resource (display name, id).
    pub resource: (&'a str, &'a str),
    /// Device used.
    pub device: &'a Device,
    /// Network origin.
    pub origin: Origin<'a>,
    /// `clientAppUsed`.
    pub client_app: &'static str,
    /// A legacy-authentication protocol.
    pub legacy: bool,
    /// `userAgent`.
    pub user_agent: &'a str,
    /// `deviceDetail.browser`.
    pub browser: &'a str,
    /// `authenticationProtocol`.
    pub protocol: &'static str,
    /// `incomingTokenType`.
    pub incoming_token: &'static str,
    /// Desired outcome.
    pub intent: Intent,
    /// Risk.
    pub risk: Risk,
    /// The session already carries an MFA claim.
    pub mfa_in_session: bool,
    /// `sessionId`.
    pub session_id: &'a str,
    /// `correlationId`.
    pub correlation_id: &'a str,
    /// `originalRequestId` (first request of a multi-step flow); `None` = this record's id.
    pub original_request_id: Option<&'a str>,
}

/// The result of building a sign-in: its JSON, its id and its error code.
#[derive(Debug, Clone)]
pub struct Built {
    /// The record.
    pub value: Value,
    /// Its `id`.
    pub id: String,
    /// `status.errorCode`.
    pub error_code: i64,
}

pub fn device_json(d: &Device, browser: &str) -> Value {
    obj([
        ("deviceId", s(&d.id)),
        ("displayName", s(&d.name)),
        ("operatingSystem", s(d.os)),
        ("browser", s(browser)),
        ("isCompliant", Value::Bool(d.compliant)),
        ("isManaged", Value::Bool(d.managed)),
        ("trustType", s(d.trust_type)),
    ])
}

pub fn location_json(c: &City) -> Value {
    obj([
        ("city", s(c.name)),
        ("state", s(c.state)),
        ("countryOrRegion", s(c.country)),
        (
            "geoCoordinates",
            obj([
                ("altitude", Value::Null),
                ("latitude", json!(c.lat)),
                ("longitude", json!(c.lon)),
            ]),
        ),
    ])
}

fn network_json(origin: &Origin<'_>, known_region: bool) -> Value {
    if origin.trusted {
        json!([obj([
            ("networkType", s("trustedNamedLocation")),
            (
                "networkNames",
                json!([format!("Contoso {} Office", origin.city.name)])
            ),
        ])])
    } else if known_region {
        json!([obj([
            ("networkType", s("namedNetwork")),
            ("networkNames", json!([origin.city.region]))
        ])])
    } else {
        json!([])
    }
}

/// Owner tenant of an application: Microsoft for first-party ids, the vendor for SaaS.
fn owner_tenant(app: &App) -> String {
    if app.def.app_id.is_empty() {
        util::stable_guid("vigil-demo/vendor-tenant", app.def.name)
    } else {
        MICROSOFT_TENANT.to_owned()
    }
}

/// Builds a user (interactive or non-interactive) sign-in.
pub fn user_sign_in(tenant: &Tenant, rng: &mut DemoRng, si: &UserSignIn<'_>) -> Built {
    let ctx = CaContext {
        user: si.user,
        resource_id: si.resource.1,
        device: si.device,
        legacy: si.legacy,
        trusted: si.origin.trusted,
        risk: si.risk.during,
    };
    let eval = ca::evaluate(tenant, &ctx);
    let required = eval.mfa_required;
    let ok_primary = if si.interactive {
        Primary::Ok
    } else {
        Primary::Token
    };
    // Legacy protocols cannot do MFA: they are single-factor (and blocked when MFA applies).
    let normal_mfa = if !required || si.legacy {
        Mfa::NotRequired
    } else if !si.interactive || si.mfa_in_session {
        Mfa::Claim
    } else {
        Mfa::Performed
    };
    let (code, primary, mfa, evaluated) = match si.intent {
        Intent::WrongPassword => (
            50126,
            Primary::Failed(
                "Invalid username or password or Invalid on-premise username or password.",
            ),
            Mfa::NotRequired,
            false,
        ),
        Intent::Locked => (
            50053,
            Primary::Failed("Account is locked"),
            Mfa::NotRequired,
            false,
        ),
        Intent::Disabled => (
            50057,
            Primary::Failed("User account is disabled"),
            Mfa::NotRequired,
            false,
        ),
        Intent::Expired => (
            50055,
            Primary::Failed("User's password is expired"),
            Mfa::NotRequired,
            false,
        ),
        Intent::Kmsi => (50140, ok_primary, normal_mfa, false),
        Intent::SecurityBlock => (530032, ok_primary, Mfa::NotRequired, false),
        Intent::MfaInterrupt if required => (
            if si.interactive { 50074 } else { 50076 },
            ok_primary,
            Mfa::Interrupted,
            false,
        ),
        Intent::NewLocationMfa => (50076, ok_primary, Mfa::Interrupted, false),
        Intent::MfaDenied if required && si.interactive => {
            (500121, Primary::Ok, Mfa::Denied, false)
        }
        Intent::MfaDenied => (
            50126,
            Primary::Failed(
                "Invalid username or password or Invalid on-premise username or password.",
            ),
            Mfa::NotRequired,
            false,
        ),
        Intent::TokenFailure(c) => (
            c,
            Primary::TokenFailed("Token is expired or revoked"),
            Mfa::NotRequired,
            false,
        ),
        Intent::Success | Intent::MfaInterrupt => {
            let code = if eval.block.is_some() { 53003 } else { 0 };
            (code, ok_primary, normal_mfa, true)
        }
    };
    let auth = ca::auth_json(si.user, si.t, primary, mfa, si.interactive && !si.legacy);
    let (policies, ca_status) = ca::policies_json(tenant, &eval, evaluated, si.user.mfa);
    let requirement = if required && !si.legacy && !matches!(primary, Primary::Failed(_)) {
        "multiFactorAuthentication"
    } else {
        "singleFactorAuthentication"
    };
    let requirement_policies = if requirement == "multiFactorAuthentication" {
        json!([obj([
            ("requirementProvider", s("multiConditionalAccess")),
            ("detail", s("Conditional Access"))
        ])])
    } else {
        json!([])
    };
    let (reason, details) = if code == 0 {
        ("", auth.success_detail)
    } else {
        error_text(code)
    };
    let status = obj([
        ("errorCode", json!(code)),
        (
            "failureReason",
            if code == 0 { Value::Null } else { s(reason) },
        ),
        ("additionalDetails", opt(details)),
    ]);
    let id = util::request_id(rng);
    let u = si.user;
    let guest = u.guest.as_ref();
    let processing = json!([obj([
        ("key", s("Legacy TLS (TLS 1.0, 1.1, 3DES)")),
        ("value", s("False"))
    ])]);
    let fields = Fields {
        id: &id,
        t: si.t,
        user_display_name: s(&u.display_name),
        upn: s(&u.sign_in_name),
        user_id: &u.id,
        app_id: &si.app.app_id,
        app_name: si.app.def.name,
        ip: si.origin.ip,
        client_app: si.client_app,
        user_agent: si.user_agent,
        correlation_id: si.correlation_id,
        ca_status,
        original_request_id: si.original_request_id.unwrap_or(&id),
        interactive: si.interactive,
        credential_type: "none",
        processing_ms: rng.random_range(40..900),
        risk: si.risk,
        resource: si.resource,
        home_tenant_id: guest.map_or(tenant.id.as_str(), |g| g.home_tenant_id.as_str()),
        home_tenant_name: guest.map_or(Value::Null, |g| s(g.org)),
        methods_used: auth.methods_used,
        requirement,
        sign_in_identifier: if si.interactive {
            s(&u.sign_in_name)
        } else {
            Value::Null
        },
        identifier_type: if si.interactive {
            s("userPrincipalName")
        } else {
            Value::Null
        },
        event_type: if si.interactive {
            "interactiveUser"
        } else {
            "nonInteractiveUser"
        },
        sp_id: "",
        sp_name: Value::Null,
        federated_id: Value::Null,
        user_type: s(u.sign_in_user_type()),
        cross_tenant: if guest.is_some() {
            "b2bCollaboration"
        } else {
            "none"
        },
        asn: si.origin.city.asn,
        sp_key_id: Value::Null,
        sp_thumb: Value::Null,
        incoming_token: si.incoming_token,
        protocol: si.protocol,
        session_id: if si.legacy {
            Value::Null
        } else {
            s(si.session_id)
        },
        app_owner_tenant: owner_tenant(si.app),
        azure_resource_id: Value::Null,
        mfa_detail: auth.mfa_detail,
        status,
        device: device_json(si.device, si.browser),
        location: location_json(si.origin.city),
        policies,
        processing,
        network: network_json(&si.origin, si.origin.city.weight > 1),
        auth_details: auth.details,
        requirement_policies,
        msi: Value::Null,
    };
    Built {
        value: fields.into_value(tenant, rng),
        id,
        error_code: code,
    }
}
