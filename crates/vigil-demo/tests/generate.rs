//! Properties of the generated demo data set: determinism, volumes, window and order, and
//! the realism checklist (client apps, error codes, audits, provisioning, attribute audits).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;
use vigil_demo::{DemoConfig, DemoData, generate};

const END: OffsetDateTime = datetime!(2026-11-20 00:00 UTC);

/// The 30-day data set for seed 1, generated once for all tests of this file.
fn month() -> &'static DemoData {
    static DATA: OnceLock<DemoData> = OnceLock::new();
    DATA.get_or_init(|| {
        let started = std::time::Instant::now();
        let data = generate(&DemoConfig::new(1, 30, END));
        eprintln!(
            "generated 30 days in {:?}: {} sign-ins, {} audits, {} provisioning, {} attribute audits",
            started.elapsed(),
            data.sign_ins.len(),
            data.directory_audits.len(),
            data.provisioning.len(),
            data.custom_security_attribute_audits.len()
        );
        data
    })
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn event_type(v: &Value) -> &str {
    str_at(v, "/signInEventTypes/0")
}

fn nanos(text: &str) -> i64 {
    // An unparsable timestamp maps to i64::MIN, which every window check rejects.
    vigil_model::datetime::parse_nanos(text).unwrap_or(i64::MIN)
}

#[test]
fn same_config_gives_byte_identical_output() {
    let config = DemoConfig::new(7, 3, END);
    let a = generate(&config);
    let b = generate(&config);
    assert!(!a.sign_ins.is_empty());
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a.sign_ins).unwrap(),
        serde_json::to_string(&b.sign_ins).unwrap()
    );
    let other = generate(&DemoConfig::new(8, 3, END));
    assert_ne!(
        a.sign_ins, other.sign_ins,
        "a different seed gives different data"
    );
}

#[test]
fn volumes_for_thirty_days() {
    let d = month();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &d.sign_ins {
        *by_type.entry(event_type(s)).or_default() += 1;
    }
    let count = |k: &str| by_type.get(k).copied().unwrap_or(0);
    let interactive = count("interactiveUser");
    let non_interactive = count("nonInteractiveUser");
    let workload = count("servicePrincipal") + count("managedIdentity");
    assert!(
        (25_000..=40_000).contains(&interactive),
        "interactive {interactive}"
    );
    assert!(
        (50_000..=80_000).contains(&non_interactive),
        "non-interactive {non_interactive}"
    );
    assert!((1_000..=10_000).contains(&workload), "workload {workload}");
    assert!(count("servicePrincipal") > 500 && count("managedIdentity") > 500);
    assert!(
        (1_000..=3_000).contains(&d.directory_audits.len()),
        "audits {}",
        d.directory_audits.len()
    );
    assert!(
        (2_000..=5_000).contains(&d.provisioning.len()),
        "provisioning {}",
        d.provisioning.len()
    );
    let csa = d.custom_security_attribute_audits.len();
    assert!((30..=100).contains(&csa), "attribute audits {csa}");
    let ok = d
        .sign_ins
        .iter()
        .filter(|s| event_type(s) == "interactiveUser" && s["status"]["errorCode"] == 0)
        .count();
    let rate = ok as f64 / interactive as f64;
    eprintln!(
        "interactive {interactive}, non-interactive {non_interactive}, workload {workload}, interactive success {rate:.3}"
    );
    assert!(
        (0.85..=0.90).contains(&rate),
        "interactive success rate {rate}"
    );
}

#[test]
fn everything_is_inside_the_window_and_sorted() {
    let d = month();
    let end = i64::try_from(END.unix_timestamp_nanos()).unwrap();
    let start = end - 30 * 86_400 * 1_000_000_000;
    let check = |records: &[Value], prop: &str| {
        let mut last = i64::MIN;
        for r in records {
            let text = str_at(r, &format!("/{prop}"));
            assert!(
                text.ends_with('Z') && text.len() == 28,
                "timestamp format {text}"
            );
            let t = nanos(text);
            assert!(t >= start && t < end, "{text} outside the window");
            assert!(t >= last, "not sorted at {text}");
            last = t;
        }
    };
    check(&d.sign_ins, "createdDateTime");
    check(&d.directory_audits, "activityDateTime");
    check(&d.provisioning, "activityDateTime");
    check(&d.custom_security_attribute_audits, "activityDateTime");
}

#[test]
fn ids_are_unique_per_kind() {
    let d = month();
    for records in [
        &d.sign_ins,
        &d.directory_audits,
        &d.provisioning,
        &d.custom_security_attribute_audits,
    ] {
        let ids: BTreeSet<&str> = records.iter().map(|r| str_at(r, "/id")).collect();
        assert_eq!(ids.len(), records.len());
    }
    for a in &d.directory_audits {
        let id = str_at(a, "/id");
        let parts: Vec<&str> = id.split('_').collect();
        assert_eq!(parts.len(), 4, "{id}");
        assert_eq!(parts[1], str_at(a, "/correlationId"));
    }
}

#[test]
fn every_client_app_value_appears() {
    let d = month();
    let seen: BTreeSet<&str> = d
        .sign_ins
        .iter()
        .map(|s| str_at(s, "/clientAppUsed"))
        .collect();
    for client in [
        "Browser",
        "Mobile Apps and Desktop clients",
        "Exchange ActiveSync",
        "Exchange Web Services",
        "IMAP4",
        "MAPI Over HTTP",
        "Offline Address Book",
        "Outlook Anywhere (RPC over HTTP)",
        "Other clients",
        "POP3",
        "Reporting Web Services",
        "Authenticated SMTP",
        "AutoDiscover",
        "Exchange Online PowerShell",
        "Universal Outlook",
    ] {
        assert!(seen.contains(client), "{client} missing");
    }
}

#[test]
fn failures_carry_real_error_codes() {
    let d = month();
    let mut reasons: BTreeMap<i64, &str> = BTreeMap::new();
    for s in &d.sign_ins {
        let code = s["status"]["errorCode"].as_i64().unwrap();
        reasons
            .entry(code)
            .or_insert_with(|| str_at(s, "/status/failureReason"));
    }
    for code in [
        50126, 50074, 50076, 53003, 50053, 50057, 50055, 50140, 530032, 70044, 700082, 500121,
        7000222,
    ] {
        assert!(reasons.contains_key(&code), "no sign-in failed with {code}");
    }
    assert_eq!(
        reasons[&50126],
        "Error validating credentials due to invalid username or password."
    );
    assert_eq!(
        reasons[&50053],
        "Account is locked because user tried to sign in too many times with an incorrect user ID or password."
    );
    assert_eq!(
        reasons[&53003],
        "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."
    );
    // Legacy protocols that get past the password check are mostly blocked by the "Block
    // legacy authentication" policy (the scan-to-email account is excluded from it).
    let legacy: Vec<&Value> = d
        .sign_ins
        .iter()
        .filter(|s| {
            str_at(s, "/authenticationProtocol") == "ropc"
                && !str_at(s, "/userPrincipalName").starts_with("scanner.")
        })
        .filter(|s| ![50126, 50053].contains(&s["status"]["errorCode"].as_i64().unwrap()))
        .collect();
    let blocked = legacy
        .iter()
        .filter(|s| s["status"]["errorCode"] == 53003)
        .count();
    assert!(
        blocked * 4 > legacy.len() * 3,
        "{blocked} of {} legacy sign-ins blocked",
        legacy.len()
    );
}

#[test]
fn sign_in_kinds_are_consistent() {
    let d = month();
    // Every sign-in carries the same beta property set, in the same order.
    let keys: Vec<&String> = d.sign_ins[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 75);
    for s in &d.sign_ins {
        assert!(s.as_object().unwrap().keys().eq(keys.iter().copied()));
    }
    for s in &d.sign_ins {
        let kind = event_type(s);
        assert_eq!(
            s["isInteractive"].as_bool().unwrap(),
            kind == "interactiveUser"
        );
        let upn = str_at(s, "/userPrincipalName");
        assert_eq!(upn, upn.to_lowercase());
        match kind {
            "servicePrincipal" | "managedIdentity" => {
                assert_eq!(str_at(s, "/userId"), "");
                assert!(!str_at(s, "/servicePrincipalId").is_empty());
                assert_eq!(
                    s["managedServiceIdentity"].is_object(),
                    kind == "managedIdentity"
                );
            }
            _ => assert!(!str_at(s, "/userId").is_empty()),
        }
        let status = str_at(s, "/conditionalAccessStatus");
        let results: Vec<&str> = s["appliedConditionalAccessPolicies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| str_at(p, "/result"))
            .collect();
        match status {
            "failure" => assert!(results.contains(&"failure")),
            "success" => assert!(results.contains(&"success") && !results.contains(&"failure")),
            _ => assert!(!results.contains(&"success") && !results.contains(&"failure")),
        }
    }
    let guests = d
        .sign_ins
        .iter()
        .filter(|s| str_at(s, "/userType") == "guest")
        .count();
    assert!(guests > 0);
    let risky: BTreeSet<&str> = d
        .sign_ins
        .iter()
        .map(|s| str_at(s, "/riskLevelDuringSignIn"))
        .collect();
    assert!(risky.contains("low") && risky.contains("medium") && risky.contains("high"));
    let mfa = d
        .sign_ins
        .iter()
        .filter(|s| str_at(s, "/authenticationRequirement") == "multiFactorAuthentication")
        .count();
    assert!(mfa > 1_000);
}

fn activities(records: &[Value]) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    for a in records {
        *out.entry(str_at(a, "/activityDisplayName")).or_default() += 1;
    }
    out
}

#[test]
fn audits_cover_the_checklist() {
    let d = month();
    let seen = activities(&d.directory_audits);
    for activity in [
        "Add member to group",
        "Remove member from group",
        "Add member to role",
        "Remove member from role",
        "Add eligible member to role in PIM completed (permanent)",
        "Reset user password",
        "Reset password (self-service)",
        "Change user password",
        "Add user",
        "Update user",
        "Delete user",
        "Disable account",
        "Add application",
        "Update application – Certificates and secrets management",
        "Consent to application",
        "Add service principal",
        "Add app role assignment grant to user",
        "Add app role assignment to service principal",
        "Update conditional access policy",
        "Add owner to group",
        "Invite external user",
        "Add device",
        "Update StsRefreshTokenValidFrom Timestamp",
    ] {
        assert!(seen.contains_key(activity), "{activity} missing");
    }
    let sspr_failures = d
        .directory_audits
        .iter()
        .filter(|a| {
            str_at(a, "/activityDisplayName") == "Reset password (self-service)"
                && str_at(a, "/result") == "failure"
        })
        .count();
    assert!(sspr_failures > 0);
    let global_admin_changes = d
        .directory_audits
        .iter()
        .filter(|a| {
            str_at(a, "/activityDisplayName") == "Add member to role"
                && str_at(a, "/targetResources/1/displayName") == "Global Administrator"
        })
        .count();
    assert!(global_admin_changes > 0);
}

#[test]
fn privileged_group_grants_name_their_initiator() {
    let d = month();
    let grants: Vec<&Value> = d
        .directory_audits
        .iter()
        .filter(|a| {
            str_at(a, "/activityDisplayName") == "Add member to group"
                && ["Global Admins (PIM)", "Finance-Approvers", "AWS-Admins"]
                    .contains(&str_at(a, "/targetResources/1/displayName"))
        })
        .collect();
    assert!(grants.len() >= 3, "{} privileged grants", grants.len());
    for g in grants {
        assert!(str_at(g, "/initiatedBy/user/userPrincipalName").ends_with("@contoso.com"));
        assert!(str_at(g, "/targetResources/0/userPrincipalName").ends_with("@contoso.com"));
        assert_eq!(
            str_at(g, "/targetResources/0/modifiedProperties/1/displayName"),
            "Group.DisplayName"
        );
    }
}

#[test]
fn provisioning_covers_actions_and_outcomes() {
    let d = month();
    let actions: BTreeSet<&str> = d
        .provisioning
        .iter()
        .map(|p| str_at(p, "/provisioningAction"))
        .collect();
    for a in [
        "create",
        "update",
        "delete",
        "disable",
        "stagedDelete",
        "other",
    ] {
        assert!(actions.contains(a), "{a} missing");
    }
    let statuses: BTreeSet<&str> = d
        .provisioning
        .iter()
        .map(|p| str_at(p, "/provisioningStatusInfo/status"))
        .collect();
    for s in ["success", "failure", "skipped", "warning"] {
        assert!(statuses.contains(s), "{s} missing");
    }
    let systems: BTreeSet<&str> = d
        .provisioning
        .iter()
        .map(|p| str_at(p, "/servicePrincipal/displayName"))
        .collect();
    assert_eq!(
        systems,
        BTreeSet::from([
            "AWS IAM Identity Center",
            "Salesforce",
            "ServiceNow",
            "Workday"
        ])
    );
    for p in &d.provisioning {
        assert_eq!(str_at(p, "/initiatedBy/initiatorType"), "system");
        let failed = str_at(p, "/provisioningStatusInfo/status") == "failure";
        assert_eq!(
            failed,
            p["provisioningStatusInfo"]["errorInformation"].is_object()
                && str_at(p, "/provisioningStatusInfo/status") != "warning"
        );
    }
}

#[test]
fn attribute_audits_cover_the_checklist() {
    let d = month();
    let seen = activities(&d.custom_security_attribute_audits);
    for activity in [
        "Add custom security attribute definition in an attribute set",
        "Update attribute values assigned to a user",
        "Update an attribute set",
        "Add an attribute set",
        "Update custom security attribute definition in an attribute set",
    ] {
        assert!(seen.contains_key(activity), "{activity} missing");
    }
    for a in &d.custom_security_attribute_audits {
        assert_eq!(str_at(a, "/category"), "AttributeManagement");
        assert_eq!(str_at(a, "/loggedByService"), "Core Directory");
        assert!(!str_at(a, "/userAgent").is_empty());
    }
}

#[test]
fn short_and_empty_windows() {
    let none = generate(&DemoConfig::new(1, 0, END));
    assert_eq!(none, DemoData::default());
    let day = generate(&DemoConfig::new(1, 1, END));
    assert!(day.sign_ins.len() > 1_000);
}

#[test]
fn custom_tenant_is_used_everywhere() {
    let mut config = DemoConfig::new(3, 2, END);
    config.tenant_id = "11111111-2222-3333-4444-555555555555".into();
    config.tenant_domain = "fabrikam.example".into();
    let d = generate(&config);
    assert!(
        d.sign_ins
            .iter()
            .all(|s| str_at(s, "/resourceTenantId") == config.tenant_id)
    );
    assert!(
        d.provisioning
            .iter()
            .all(|p| str_at(p, "/tenantId") == config.tenant_id)
    );
    let members = d
        .sign_ins
        .iter()
        .filter(|s| str_at(s, "/userType") == "member");
    assert!(
        members
            .into_iter()
            .all(|s| str_at(s, "/userPrincipalName").ends_with("@fabrikam.example"))
    );
}
