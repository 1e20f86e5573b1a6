//! Authorisation of log reads: the tenant's record, `vigil_auth::authorize`, and the access
//! scope turned into a filter the store applies.
//!
//! - The tenant is the caller's (`tid`); it must be provisioned in the control store.
//!   A token for a tenant Vigil does not know is answered 403 `Authorization_RequestDenied`
//!   ("Tenant … is not provisioned in Vigil."): the token is genuine, so this is a refusal,
//!   not an authentication failure, and no license is guessed for it.
//! - The tenant's license and the token's scopes, permissions and roles go through
//!   `vigil_auth::authorize`; a [`vigil_auth::Denial`] becomes a 403 with its code and message.
//! - [`AccessScope::OwnSignIns`] becomes the checked filter `userId eq '<oid>'`, added to
//!   the [`vigil_store::ScopedQuery`] next to the client's `$filter`. Filters are ANDed by the
//!   store, so no `$filter` (`or` included) can widen it; get-by-id applies it too, so another
//!   user's sign-in id is a 404 like an id that does not exist. The scope is also part of
//!   the `$skiptoken` fingerprint ([`scope_part`]).
//! - [`retention_floor`]: the tenant's retention for the log, as of now, becomes the query's
//!   `not_before`, so a record past retention is gone for readers at once, not only after the
//!   next purge pass.

use vigil_auth::{AccessScope, Decision, Denial, DenialCode};
use vigil_model::{ApiVersion, LogKind};
use vigil_query::CheckedFilter;
use vigil_store::TenantId;
use vigil_tenancy::Tenant;

use crate::ApiState;
use crate::caller::Caller;
use crate::error::{GraphError, GraphErrorCode};

/// The caller's tenant record, or the 403 for a tenant that is not provisioned.
pub(crate) fn provisioned_tenant(state: &ApiState, caller: &Caller) -> Result<Tenant, GraphError> {
    match state.control.tenant(&caller.tenant) {
        Ok(Some(tenant)) => Ok(tenant),
        Ok(None) => Err(GraphError::denied(format!(
            "Tenant {} is not provisioned in Vigil.",
            caller.tenant
        ))),
        Err(e) => Err(GraphError::internal(&e)),
    }
}

/// Decides whether the caller may read `kind`, and in which scope.
pub(crate) fn authorize_read(
    state: &ApiState,
    caller: &Caller,
    kind: LogKind,
) -> Result<AccessScope, GraphError> {
    let tenant = provisioned_tenant(state, caller)?;
    match vigil_auth::authorize(&caller.principal, kind, tenant.license) {
        Decision::Allow(scope) => Ok(scope),
        Decision::Deny(denial) => Err(denied(denial)),
    }
}

/// The oldest event time (nanoseconds) a read of `kind` may return: now minus the tenant's
/// effective retention for that log.
pub(crate) fn retention_floor(
    state: &ApiState,
    tenant: &TenantId,
    kind: LogKind,
) -> Result<Option<i64>, GraphError> {
    let policy = state
        .control
        .effective_retention(tenant, kind)
        .map_err(|e| GraphError::internal(&e))?;
    Ok(Some(vigil_tenancy::cutoff_nanos(
        state.clock.now(),
        policy.days,
    )))
}

/// The 403 for a policy denial.
pub(crate) fn denied(denial: Denial) -> GraphError {
    let code = match denial.code {
        DenialCode::AuthorizationRequestDenied => GraphErrorCode::AuthorizationRequestDenied,
        DenialCode::NonPremiumTenant => GraphErrorCode::NonPremiumTenant,
    };
    GraphError::new(code, denial.message)
}

/// The filter that confines a read to its scope (`None` for [`AccessScope::All`]).
pub(crate) fn scope_filter(
    scope: AccessScope,
    kind: LogKind,
) -> Result<Option<CheckedFilter>, GraphError> {
    match scope {
        AccessScope::All => Ok(None),
        AccessScope::OwnSignIns { user_id } => {
            if kind != LogKind::SignIn {
                // The policy grants own-records access on sign-ins only; refuse rather than
                // read another log unconfined.
                return Err(GraphError::internal(&format!(
                    "own-sign-ins scope on {kind}"
                )));
            }
            let text = format!("userId eq '{}'", user_id.hyphenated());
            vigil_query::parse_and_check(&text, kind, ApiVersion::Beta)
                .map(Some)
                .map_err(|e| GraphError::internal(&e.message()))
        }
    }
}

/// The scope's part of a `$skiptoken` fingerprint.
pub(crate) fn scope_part(scope: AccessScope) -> String {
    match scope {
        AccessScope::All => "all".to_owned(),
        AccessScope::OwnSignIns { user_id } => format!("own:{}", user_id.hyphenated()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly

    use serde_json::json;
    use uuid::Uuid;
    use vigil_auth::AccessScope;
    use vigil_model::LogKind;

    use super::{scope_filter, scope_part};

    #[test]
    fn own_sign_ins_filter_matches_only_the_user() {
        let user = Uuid::from_u128(0xabc);
        let filter = scope_filter(AccessScope::OwnSignIns { user_id: user }, LogKind::SignIn)
            .unwrap()
            .unwrap();
        assert!(filter.matches(&json!({"userId": user.to_string()})));
        assert!(filter.matches(&json!({"userId": user.to_string().to_uppercase()})));
        assert!(!filter.matches(&json!({"userId": Uuid::from_u128(0xabd).to_string()})));
        assert!(!filter.matches(&json!({})));
        assert!(
            scope_filter(AccessScope::All, LogKind::SignIn)
                .unwrap()
                .is_none()
        );
        assert!(
            scope_filter(
                AccessScope::OwnSignIns { user_id: user },
                LogKind::DirectoryAudit
            )
            .is_err()
        );
        assert_ne!(
            scope_part(AccessScope::All),
            scope_part(AccessScope::OwnSignIns { user_id: user })
        );
    }
}
