//! Service-principal and managed-identity `signIn` records (client credentials and
//! managed identity tokens: no user, no device, no Conditional Access).

use rand::Rng;
use serde_json::{Value, json};

use crate::catalog_apps::error_text;
use crate::catalog_data::City;
use crate::directory::{ManagedIdentity, Tenant, Workload};
use crate::sign_in_fields::{Fields, empty_device};
use crate::sign_in_record::{Built, Risk, location_json};
use crate::util::{self, DemoRng, obj, opt, s};

/// Builds a service-principal sign-in (client credentials).
pub fn service_principal_sign_in(
    tenant: &Tenant,
    rng: &mut DemoRng,
    w: &Workload,
    t: i64,
    ip: &str,
    city: &City,
    code: i64,
) -> Built {
    let id = util::request_id(rng);
    let correlation = util::guid(rng);
    let cred = match w.def.credential {
        crate::catalog_apps::Credential::Secret => "clientSecret",
        crate::catalog_apps::Credential::Certificate => "certificate",
        crate::catalog_apps::Credential::Federated => "federatedIdentityCredential",
    };
    let (reason, details) = error_text(code);
    let fields = Fields {
        id: &id,
        t,
        user_display_name: s(""),
        upn: s(""),
        user_id: "",
        app_id: &w.app_id,
        app_name: w.def.name,
        ip,
        client_app: "",
        user_agent: "",
        correlation_id: &correlation,
        ca_status: "notApplied",
        original_request_id: &id,
        interactive: false,
        credential_type: cred,
        processing_ms: rng.random_range(20..300),
        risk: Risk::NONE,
        resource: w.def.resource,
        home_tenant_id: &tenant.id,
        home_tenant_name: Value::Null,
        methods_used: json!([]),
        requirement: "singleFactorAuthentication",
        sign_in_identifier: Value::Null,
        identifier_type: Value::Null,
        event_type: "servicePrincipal",
        sp_id: &w.sp_id,
        sp_name: s(w.def.name),
        federated_id: if w.federated_id.is_empty() {
            Value::Null
        } else {
            s(&w.federated_id)
        },
        user_type: Value::Null,
        cross_tenant: "none",
        asn: city.asn,
        sp_key_id: if w.federated_id.is_empty() {
            s(&w.key_id)
        } else {
            Value::Null
        },
        sp_thumb: if w.thumbprint.is_empty() {
            Value::Null
        } else {
            s(&w.thumbprint)
        },
        incoming_token: "none",
        protocol: "none",
        session_id: Value::Null,
        app_owner_tenant: tenant.id.clone(),
        azure_resource_id: Value::Null,
        mfa_detail: Value::Null,
        status: obj([
            ("errorCode", json!(code)),
            (
                "failureReason",
                if code == 0 { Value::Null } else { s(reason) },
            ),
            (
                "additionalDetails",
                if code == 0 { Value::Null } else { opt(details) },
            ),
        ]),
        device: empty_device(),
        location: location_json(city),
        policies: json!([]),
        processing: json!([]),
        network: json!([]),
        auth_details: json!([]),
        requirement_policies: json!([]),
        msi: Value::Null,
    };
    Built {
        value: fields.into_value(tenant, rng),
        id,
        error_code: code,
    }
}

/// Builds a managed-identity sign-in.
pub fn managed_identity_sign_in(
    tenant: &Tenant,
    rng: &mut DemoRng,
    mi: &ManagedIdentity,
    t: i64,
    ip: &str,
    city: &City,
) -> Built {
    let id = util::request_id(rng);
    let correlation = util::guid(rng);
    let fields = Fields {
        id: &id,
        t,
        user_display_name: s(""),
        upn: s(""),
        user_id: "",
        app_id: &mi.app_id,
        app_name: mi.def.name,
        ip,
        client_app: "",
        user_agent: "",
        correlation_id: &correlation,
        ca_status: "notApplied",
        original_request_id: &id,
        interactive: false,
        credential_type: "managedIdentity",
        processing_ms: rng.random_range(10..150),
        risk: Risk::NONE,
        resource: mi.def.resource,
        home_tenant_id: &tenant.id,
        home_tenant_name: Value::Null,
        methods_used: json!([]),
        requirement: "singleFactorAuthentication",
        sign_in_identifier: Value::Null,
        identifier_type: Value::Null,
        event_type: "managedIdentity",
        sp_id: &mi.sp_id,
        sp_name: s(mi.def.name),
        federated_id: Value::Null,
        user_type: Value::Null,
        cross_tenant: "none",
        asn: city.asn,
        sp_key_id: Value::Null,
        sp_thumb: Value::Null,
        incoming_token: "none",
        protocol: "none",
        session_id: Value::Null,
        app_owner_tenant: tenant.id.clone(),
        azure_resource_id: s(&mi.resource_id),
        mfa_detail: Value::Null,
        status: obj([
            ("errorCode", json!(0)),
            ("failureReason", Value::Null),
            ("additionalDetails", Value::Null),
        ]),
        device: empty_device(),
        location: location_json(city),
        policies: json!([]),
        processing: json!([]),
        network: json!([]),
        auth_details: json!([]),
        requirement_policies: json!([]),
        msi: obj([
            ("msiType", s(mi.def.msi_type)),
            ("associatedResourceId", s(&mi.resource_id)),
            ("federatedTokenId", Value::Null),
            ("federatedTokenIssuer", Value::Null),
        ]),
    };
    Built {
        value: fields.into_value(tenant, rng),
        id,
        error_code: 0,
    }
}
