//! `/me/v1/…`: what signed-in users do about their own activity — the portal's My sign-ins.
//!
//! - `POST /me/v1/signIns/{id}/reportNotMe`: the caller says a sign-in of theirs was not
//!   them. The sign-in must be the caller's own (`userId` = the token's `oid`, whatever
//!   roles the token holds); anything else is answered 404 like an id that does not exist.
//!   The report is written as a directory audit of the tenant ("User reported unfamiliar
//!   sign-in", category `Vigil`, the sign-in as target, its time, app, IP address and
//!   location in `additionalDetails`), with an id derived from (tenant, user, sign-in), so
//!   reporting twice stores one record. Answers 200 with the report.
//! - `GET /me/v1/signIns/reports`: the sign-ins the caller has reported, newest first.
//!
//! Both need a delegated (user) token; app-only tokens get 403.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vigil_model::{ApiVersion, LogKind};
use vigil_query::CheckedFilter;
use vigil_store::{PageRequest, ScopedQuery, SortOrder};

use crate::audit_reads::{RequestInfo, audited};
use crate::caller::Caller;
use crate::change_audit::{self, Change, Modified};
use crate::error::{GraphError, GraphErrorCode};
use crate::list::store_error;
use crate::{ApiState, access, blocking};

/// The activity of a report in the directory audit log.
pub const REPORT_ACTIVITY: &str = "User reported unfamiliar sign-in";
/// The most reports `GET /me/v1/signIns/reports` returns.
const MAX_REPORTS: usize = 1_000;
/// Namespace of report record ids.
const REPORT_ID_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6b0e_4d1a_93c2_4f55_8a7e_2c1d_9f30_a417);

fn user_of(caller: &Caller) -> Result<String, GraphError> {
    if caller.principal.is_app_only() {
        return Err(GraphError::denied(
            "This action needs a signed-in user; app-only tokens have no sign-ins of their own."
                .to_owned(),
        ));
    }
    Ok(caller.principal.object_id.hyphenated().to_string())
}

fn checked(text: &str, kind: LogKind) -> Result<CheckedFilter, GraphError> {
    vigil_query::parse_and_check(text, kind, ApiVersion::Beta)
        .map_err(|e| GraphError::internal(&e.message()))
}

fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn text_at<'a>(record: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(record, |v, key| v.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// `POST /me/v1/signIns/{id}/reportNotMe`.
pub async fn report_not_me(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    blocking(move || {
        let user = user_of(&caller)?;
        access::provisioned_tenant(&state, &caller)?;
        let floor = access::retention_floor(&state, &caller.tenant, LogKind::SignIn)?;
        let query = ScopedQuery {
            tenant: caller.tenant.clone(),
            kind: LogKind::SignIn,
            filters: vec![checked(
                &format!("userId eq {}", quoted(&user)),
                LogKind::SignIn,
            )?],
            order: SortOrder::Desc,
            not_before: floor,
        };
        let Some(sign_in) = state.store.get(&query, &id).map_err(store_error)? else {
            return Err(GraphError::new(
                GraphErrorCode::ResourceNotFound,
                format!("You have no sign-in with id '{id}'."),
            ));
        };
        let body = &sign_in.body;
        let when = text_at(body, &["createdDateTime"]).to_owned();
        let app = text_at(body, &["appDisplayName"]).to_owned();
        let report_id = uuid::Uuid::new_v5(
            &REPORT_ID_NAMESPACE,
            format!("{}/{user}/{}", caller.tenant, sign_in.id).as_bytes(),
        )
        .to_string();
        let place = [
            text_at(body, &["location", "city"]),
            text_at(body, &["location", "state"]),
            text_at(body, &["location", "countryOrRegion"]),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        change_audit::record_with(
            &state,
            &caller,
            &context,
            &Change {
                activity: REPORT_ACTIVITY,
                operation_type: "Update",
                target_id: sign_in.id.clone(),
                target_name: format!("Sign-in to {app} at {when}"),
                target_type: "SignIn",
                modified: vec![Modified {
                    name: "userReportedNotMe".to_owned(),
                    old: None,
                    new: Some("true".to_owned()),
                }],
            },
            &report_id,
            &[
                ("signInId", sign_in.id.clone()),
                ("signInDateTime", when.clone()),
                ("appDisplayName", app),
                ("ipAddress", text_at(body, &["ipAddress"]).to_owned()),
                ("location", place),
            ],
        )?;
        Ok(Json(json!({
            "id": report_id,
            "signInId": sign_in.id,
            "signInDateTime": when,
        }))
        .into_response())
    })
    .await
}

/// `GET /me/v1/signIns/reports`.
pub async fn reports(
    State(state): State<ApiState>,
    caller: Caller,
    context: RequestInfo,
) -> Result<Response, GraphError> {
    blocking(move || {
        audited(
            &state,
            &caller,
            &context,
            Some(LogKind::DirectoryAudit),
            || {
                let user = user_of(&caller)?;
                access::provisioned_tenant(&state, &caller)?;
                let filter = format!(
                    "activityDisplayName eq {} and initiatedBy/user/id eq {}",
                    quoted(REPORT_ACTIVITY),
                    quoted(&user)
                );
                let query = ScopedQuery {
                    tenant: caller.tenant.clone(),
                    kind: LogKind::DirectoryAudit,
                    filters: vec![checked(&filter, LogKind::DirectoryAudit)?],
                    order: SortOrder::Desc,
                    not_before: access::retention_floor(
                        &state,
                        &caller.tenant,
                        LogKind::DirectoryAudit,
                    )?,
                };
                let snapshot = state
                    .store
                    .high_water_mark(LogKind::DirectoryAudit)
                    .map_err(store_error)?;
                let mut after = None;
                let mut value = Vec::new();
                loop {
                    let page = state
                        .store
                        .page(&PageRequest {
                            query: query.clone(),
                            size: MAX_REPORTS,
                            after,
                            snapshot,
                        })
                        .map_err(store_error)?;
                    for record in &page.records {
                        let target = record.body["targetResources"][0]["id"].as_str();
                        if let Some(sign_in) = target {
                            value.push(json!({
                                "signInId": sign_in,
                                "reportedDateTime": record.body["activityDateTime"],
                            }));
                        }
                    }
                    match page.next {
                        Some(next) if value.len() < MAX_REPORTS => after = Some(next),
                        _ => break,
                    }
                }
                value.truncate(MAX_REPORTS);
                let count = u64::try_from(value.len()).unwrap_or(u64::MAX);
                Ok((Json(json!({ "value": value })).into_response(), count))
            },
        )
    })
    .await
}
