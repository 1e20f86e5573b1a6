//! Conditional Access evaluation and authentication steps for user sign-ins: which policies
//! applied and with what result, whether MFA was required, and the `authenticationDetails`,
//! `authenticationMethodsUsed` and `mfaDetail` that follow from the user's method.

use serde_json::{Value, json};

use crate::catalog_apps::{ARM, EXCHANGE, PolicyRule, SHAREPOINT, TEAMS_SERVICES};
use crate::directory::{Device, MfaMethod, Policy, Tenant, User};
use crate::util::{SECOND, obj, opt, s, st, ts};

/// What the sign-in looked like to Conditional Access.
#[derive(Debug, Clone, Copy)]
pub struct CaContext<'a> {
    /// The user.
    pub user: &'a User,
    /// Resource id of the token audience.
    pub resource_id: &'a str,
    /// The device used.
    pub device: &'a Device,
    /// A legacy-authentication client.
    pub legacy: bool,
    /// From a trusted (office) network.
    pub trusted: bool,
    /// Sign-in risk level (`none`, `low`, `medium`, `high`).
    pub risk: &'a str,
}

/// The outcome of evaluating every policy.
#[derive(Debug, Clone)]
pub struct CaEval {
    /// Per policy: (index into tenant policies, applied, grant satisfied-or-blocked flag).
    pub applied: Vec<(usize, bool)>,
    /// An enabled applied policy requires MFA.
    pub mfa_required: bool,
    /// Index of a policy that blocks the sign-in, if any.
    pub block: Option<usize>,
}

fn is_office(resource_id: &str) -> bool {
    resource_id == EXCHANGE.1 || resource_id == SHAREPOINT.1 || resource_id == TEAMS_SERVICES.1
}

/// Evaluates the tenant's policies for a sign-in.
pub fn evaluate(tenant: &Tenant, ctx: &CaContext<'_>) -> CaEval {
    let mut applied = Vec::with_capacity(tenant.policies.len());
    let mut mfa_required = false;
    let mut block = None;
    let desktop_os = ctx.device.os.starts_with("Windows") || ctx.device.os == "MacOs";
    for (k, p) in tenant.policies.iter().enumerate() {
        let applies = match p.rule {
            PolicyRule::MfaForAdmins => ctx.user.is_admin(),
            PolicyRule::BlockLegacy => ctx.legacy && !ctx.user.service_account,
            PolicyRule::CompliantDeviceForOffice => {
                !ctx.legacy && ctx.user.guest.is_none() && desktop_os && is_office(ctx.resource_id)
            }
            PolicyRule::MfaOutsideTrusted => !ctx.trusted && !ctx.user.service_account,
            PolicyRule::SignInRisk => ctx.risk == "medium" || ctx.risk == "high",
            PolicyRule::PhishResistantAzureReportOnly => ctx.resource_id == ARM.1,
            PolicyRule::BlockCountriesDisabled => false,
        };
        if applies {
            match p.rule {
                PolicyRule::MfaForAdmins
                | PolicyRule::MfaOutsideTrusted
                | PolicyRule::SignInRisk => {
                    mfa_required = true;
                }
                PolicyRule::BlockLegacy => block = block.or(Some(k)),
                PolicyRule::CompliantDeviceForOffice if !ctx.device.compliant => {
                    block = block.or(Some(k))
                }
                _ => {}
            }
        }
        applied.push((k, applies));
    }
    CaEval {
        applied,
        mfa_required,
        block,
    }
}

/// Whether the method is phishing resistant (satisfies the report-only policy).
fn phish_resistant(m: MfaMethod) -> bool {
    matches!(m, MfaMethod::Fido2 | MfaMethod::Passkey | MfaMethod::Hello)
}

fn grant(rule: PolicyRule) -> Value {
    match rule {
        PolicyRule::MfaForAdmins | PolicyRule::MfaOutsideTrusted | PolicyRule::SignInRisk => {
            json!(["Mfa"])
        }
        PolicyRule::BlockLegacy | PolicyRule::BlockCountriesDisabled => json!(["Block"]),
        PolicyRule::CompliantDeviceForOffice => json!(["RequireCompliantDevice"]),
        PolicyRule::PhishResistantAzureReportOnly => json!(["RequireAuthenticationStrength"]),
    }
}

/// Every (result, grant controls enforced) combination a policy can show.
pub const RESULTS: [(&str, bool); 7] = [
    ("notApplied", false),
    ("notEnabled", false),
    ("success", true),
    ("failure", true),
    ("reportOnlyNotApplied", false),
    ("reportOnlySuccess", true),
    ("reportOnlyFailure", true),
];

/// The `appliedConditionalAccessPolicy` objects of one policy for each of [`RESULTS`]
/// (prebuilt once per tenant: cloning them is much cheaper than building).
pub fn policy_variants(p: &Policy) -> Vec<Value> {
    RESULTS
        .iter()
        .map(|(result, enforced)| {
            obj([
                ("id", s(&p.id)),
                ("displayName", s(p.name)),
                (
                    "enforcedGrantControls",
                    if *enforced {
                        grant(p.rule)
                    } else {
                        Value::Array(Vec::new())
                    },
                ),
                ("enforcedSessionControls", Value::Array(Vec::new())),
                ("result", s(result)),
            ])
        })
        .collect()
}

/// `appliedConditionalAccessPolicies` and `conditionalAccessStatus`.
///
/// `evaluated` is false when the sign-in stopped before token issuance (wrong password,
/// interrupts): then every enabled policy shows `notApplied`, as in Entra.
pub fn policies_json(
    tenant: &Tenant,
    eval: &CaEval,
    evaluated: bool,
    method: MfaMethod,
) -> (Value, &'static str) {
    let mut out = Vec::with_capacity(eval.applied.len());
    let mut status = "notApplied";
    for &(k, applies) in &eval.applied {
        let p = &tenant.policies[k];
        let (result, enforced) = match p.rule {
            PolicyRule::BlockCountriesDisabled => ("notEnabled", false),
            PolicyRule::PhishResistantAzureReportOnly => {
                if !evaluated || !applies {
                    ("reportOnlyNotApplied", false)
                } else if phish_resistant(method) {
                    ("reportOnlySuccess", true)
                } else {
                    ("reportOnlyFailure", true)
                }
            }
            _ if !evaluated || !applies => ("notApplied", false),
            _ if eval.block == Some(k) => {
                status = "failure";
                ("failure", true)
            }
            _ => {
                if status != "failure" {
                    status = "success";
                }
                ("success", true)
            }
        };
        let variant = RESULTS
            .iter()
            .position(|r| *r == (result, enforced))
            .unwrap_or(0);
        out.push(tenant.policy_json[k][variant].clone());
    }
    (Value::Array(out), status)
}

/// How the second factor went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mfa {
    /// No MFA requirement.
    NotRequired,
    /// Performed now with the user's method.
    Performed,
    /// Satisfied by an MFA claim in the session/refresh token.
    Claim,
    /// Required and the user was interrupted to perform it (50074 / 50076).
    Interrupted,
    /// Required and the user failed or ignored it (500121).
    Denied,
}

/// Primary-factor outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primary {
    /// Credential checked now and correct.
    Ok,
    /// Credential checked now and wrong / refused (error text for the step).
    Failed(&'static str),
    /// Satisfied by a token (non-interactive, SSO).
    Token,
    /// Token refused (expired/revoked session).
    TokenFailed(&'static str),
}

/// The authentication part of a sign-in record.
#[derive(Debug, Clone)]
pub struct AuthJson {
    /// `authenticationDetails`.
    pub details: Value,
    /// `authenticationMethodsUsed`.
    pub methods_used: Value,
    /// `mfaDetail`.
    pub mfa_detail: Value,
    /// `status.additionalDetails` override for success.
    pub success_detail: Option<&'static str>,
}

fn method_names(m: MfaMethod) -> (&'static str, &'static str, &'static str) {
    // (authenticationMethod, authenticationMethodsUsed entry, mfaDetail.authMethod)
    match m {
        MfaMethod::Push => (
            "Mobile app notification",
            "Authenticator App",
            "PhoneAppNotification",
        ),
        MfaMethod::Sms => ("Text message", "SMS", "OneWaySMS"),
        MfaMethod::Oath => (
            "OATH verification code",
            "App Verification code",
            "PhoneAppOTP",
        ),
        MfaMethod::Fido2 => ("FIDO2 security key", "FIDO", "FIDO2"),
        MfaMethod::Passkey => ("Passkey (Microsoft Authenticator)", "FIDO", "Passkey"),
        MfaMethod::Hello => (
            "Windows Hello for Business",
            "Windows Hello for Business",
            "Windows Hello for Business",
        ),
    }
}

fn step(
    t: i64,
    method: &str,
    detail: Option<&str>,
    ok: bool,
    result: &str,
    requirement: &str,
) -> Value {
    obj([
        ("authenticationStepDateTime", st(ts(t))),
        ("authenticationMethod", s(method)),
        ("authenticationMethodDetail", opt(detail)),
        ("succeeded", Value::Bool(ok)),
        ("authenticationStepResultDetail", s(result)),
        ("authenticationStepRequirement", s(requirement)),
    ])
}

/// Builds the authentication steps for a user sign-in.
///
/// Passwordless users (FIDO2, passkey, Windows Hello) sign in interactively with a single
/// step that also satisfies MFA; everyone else uses a cloud password and, when required, a
/// second step with their method.
pub fn auth_json(
    user: &User,
    t: i64,
    primary: Primary,
    mfa: Mfa,
    passwordless_ok: bool,
) -> AuthJson {
    let (m_name, m_used, m_detail) = method_names(user.mfa);
    let sms_detail = (user.mfa == MfaMethod::Sms).then_some(user.phone.as_str());
    let passwordless = passwordless_ok
        && matches!(
            user.mfa,
            MfaMethod::Fido2 | MfaMethod::Passkey | MfaMethod::Hello
        );
    let mut steps = Vec::with_capacity(2);
    let mut used: Vec<&str> = Vec::with_capacity(2);
    let mut mfa_detail = obj([("authMethod", Value::Null), ("authDetail", Value::Null)]);
    let mut success_detail = None;
    match primary {
        Primary::Ok if passwordless => {
            steps.push(step(
                t,
                m_name,
                None,
                true,
                "MFA successfully completed",
                "Primary authentication",
            ));
            used.push(m_used);
            mfa_detail = obj([("authMethod", s(m_detail)), ("authDetail", Value::Null)]);
            if mfa != Mfa::NotRequired {
                success_detail = Some("MFA completed in Azure AD");
            }
        }
        Primary::Ok => {
            steps.push(step(
                t,
                "Password",
                Some("Password in the cloud"),
                true,
                "Correct password",
                "Primary authentication",
            ));
            used.push("Password");
            let t2 = t + 4 * SECOND;
            match mfa {
                Mfa::NotRequired => {}
                Mfa::Performed => {
                    steps.push(step(
                        t2,
                        m_name,
                        sms_detail,
                        true,
                        "MFA successfully completed",
                        "Multifactor authentication",
                    ));
                    used.push(m_used);
                    mfa_detail =
                        obj([("authMethod", s(m_detail)), ("authDetail", opt(sms_detail))]);
                    success_detail = Some("MFA completed in Azure AD");
                }
                Mfa::Claim => {
                    steps.push(step(
                        t2,
                        "Previously satisfied",
                        None,
                        true,
                        "MFA requirement satisfied by claim in the token",
                        "Multifactor authentication",
                    ));
                    success_detail = Some("MFA requirement satisfied by claim in the token");
                }
                Mfa::Interrupted => {
                    steps.push(step(
                        t2,
                        m_name,
                        sms_detail,
                        false,
                        "MFA required in Azure AD",
                        "Multifactor authentication",
                    ));
                    used.push(m_used);
                }
                Mfa::Denied => {
                    let why = if user.mfa == MfaMethod::Push {
                        "MFA denied; user did not respond to mobile app notification"
                    } else {
                        "MFA denied; user declined the authentication"
                    };
                    steps.push(step(
                        t2,
                        m_name,
                        sms_detail,
                        false,
                        why,
                        "Multifactor authentication",
                    ));
                    used.push(m_used);
                    mfa_detail =
                        obj([("authMethod", s(m_detail)), ("authDetail", opt(sms_detail))]);
                }
            }
        }
        Primary::Failed(why) => {
            steps.push(step(
                t,
                "Password",
                Some("Password in the cloud"),
                false,
                why,
                "Primary authentication",
            ));
            used.push("Password");
        }
        Primary::Token => {
            steps.push(step(
                t,
                "Previously satisfied",
                None,
                true,
                "First factor requirement satisfied by claim in the token",
                "Primary authentication",
            ));
            if mfa != Mfa::NotRequired && mfa != Mfa::Interrupted {
                steps.push(step(
                    t,
                    "Previously satisfied",
                    None,
                    true,
                    "MFA requirement satisfied by claim in the token",
                    "Multifactor authentication",
                ));
                success_detail = Some("MFA requirement satisfied by claim in the token");
            }
        }
        Primary::TokenFailed(why) => {
            steps.push(step(
                t,
                "Previously satisfied",
                None,
                false,
                why,
                "Primary authentication",
            ));
        }
    }
    AuthJson {
        details: Value::Array(steps),
        methods_used: Value::Array(used.into_iter().map(s).collect()),
        mfa_detail,
        success_detail,
    }
}
