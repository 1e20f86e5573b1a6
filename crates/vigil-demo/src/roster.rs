//! The people of the demo directory as the portal's demo sign-in offers them: every
//! administrator with the roles the generator gave them, then the most active ordinary
//! employees. The same [`DemoConfig`] always gives the same roster, with the same object
//! ids the generated sign-ins carry in `userId`.

use crate::DemoConfig;
use crate::catalog_apps as apps;
use crate::directory::{Tenant, User};

/// How many ordinary (non-admin) employees the roster lists.
const REGULAR_PEOPLE: usize = 8;

/// One person a demo visitor may sign in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    /// Object id (the `userId` of their sign-ins and the `oid` of their tokens).
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// User principal name.
    pub user_principal_name: String,
    /// Department.
    pub department: &'static str,
    /// Job title.
    pub job_title: &'static str,
    /// Display names of the directory roles the demo directory gives them (Entra's names).
    pub roles: Vec<&'static str>,
}

/// The roster for `config`: administrators first (in directory order), then the
/// [`REGULAR_PEOPLE`] most active ordinary employees.
pub fn roster(config: &DemoConfig) -> Vec<DemoPerson> {
    let (start, end) = config.window();
    let tenant = Tenant::build(
        config.seed,
        &config.tenant_id,
        &config.tenant_domain,
        start,
        end,
    );
    let admins = tenant
        .users
        .iter()
        .filter(|u| u.is_admin() && u.guest.is_none() && !u.service_account);
    let mut regular: Vec<&User> = tenant
        .regular_members()
        .into_iter()
        .filter_map(|i| tenant.users.get(i))
        .collect();
    regular.sort_by(|a, b| b.activity.total_cmp(&a.activity).then(a.upn.cmp(&b.upn)));
    admins
        .chain(regular.into_iter().take(REGULAR_PEOPLE))
        .map(person)
        .collect()
}

fn person(user: &User) -> DemoPerson {
    DemoPerson {
        id: user.id.clone(),
        display_name: user.display_name.clone(),
        user_principal_name: user.upn.clone(),
        department: user.department,
        job_title: user.job_title,
        roles: user
            .roles
            .iter()
            .filter_map(|&r| apps::ROLES.get(r).map(|(name, _)| *name))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn roster_is_deterministic_and_lists_admins_first() {
        let config = DemoConfig::new(1, 30, datetime!(2026-11-01 00:00 UTC));
        let people = roster(&config);
        assert_eq!(people, roster(&config));
        let first_regular = people
            .iter()
            .position(|p| p.roles.is_empty())
            .expect("some regular people");
        assert!(first_regular > 0, "admins come first");
        assert!(people[first_regular..].iter().all(|p| p.roles.is_empty()));
        assert_eq!(people.len() - first_regular, REGULAR_PEOPLE);
        assert!(
            people
                .iter()
                .any(|p| p.roles.contains(&"Global Administrator"))
        );
    }

    #[test]
    fn roster_ids_are_the_user_ids_of_generated_sign_ins() {
        let config = DemoConfig::new(1, 2, datetime!(2026-11-01 00:00 UTC));
        let people = roster(&config);
        let data = crate::generate(&config);
        let user_ids: std::collections::HashSet<&str> = data
            .sign_ins
            .iter()
            .filter_map(|s| s["userId"].as_str())
            .collect();
        let regular_with_sign_ins = people
            .iter()
            .filter(|p| p.roles.is_empty() && user_ids.contains(p.id.as_str()))
            .count();
        assert!(
            regular_with_sign_ins >= REGULAR_PEOPLE / 2,
            "{regular_with_sign_ins}"
        );
    }
}
