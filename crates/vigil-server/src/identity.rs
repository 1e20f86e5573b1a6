//! Tokens at startup: Vigil's built-in issuer and the validator that trusts it and the
//! configured external issuers.
//!
//! The built-in issuer keeps its RSA key in `<data-dir>/auth/` ([`AUTH_DIR`]) and issues as
//! the server's public URL. That string is also written to `<data-dir>/auth/issuer`
//! ([`ISSUER_FILE`], one line), so `vigil token`, run against the same data directory, mints
//! tokens this server accepts. The built-in issuer is trusted for every tenant
//! (`Tenants::Any`): only holders of the key file can mint, and a tenant must still be
//! provisioned to be read. External issuers are trusted for their own tenants only
//! ([`crate::trust`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use vigil_auth::{Tenants, Validator, VigilIssuer};
use vigil_model::clock::Clock;

use crate::ServerError;
use crate::trust::{ExternalIssuer, trusted_issuers};

/// Directory of the built-in issuer inside the data directory.
pub const AUTH_DIR: &str = "auth";
/// File (inside [`AUTH_DIR`]) holding the built-in issuer's `iss` string.
pub const ISSUER_FILE: &str = "issuer";

/// `<data_dir>/auth`: the signing key and the issuer file.
pub fn auth_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(AUTH_DIR)
}

/// Reads the issuer string a server wrote into `<data_dir>/auth/issuer`.
pub fn read_issuer_file(data_dir: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(auth_dir(data_dir).join(ISSUER_FILE))?;
    Ok(text.trim().to_owned())
}

/// Opens the built-in issuer (creating its key on first start) and records its issuer
/// string in the issuer file.
pub(crate) fn open_issuer(
    data_dir: &Path,
    issuer: &str,
    clock: Arc<dyn Clock>,
) -> Result<VigilIssuer, ServerError> {
    let dir = auth_dir(data_dir);
    let vigil = VigilIssuer::open(&dir, issuer, clock)?;
    write_issuer_file(&dir, vigil.issuer())?;
    Ok(vigil)
}

/// Writes the issuer file atomically (temporary file, then rename).
fn write_issuer_file(dir: &Path, issuer: &str) -> Result<(), ServerError> {
    let path = dir.join(ISSUER_FILE);
    let temp = dir.join(format!(".{ISSUER_FILE}.{}.tmp", std::process::id()));
    let io = |source| ServerError::IssuerFile {
        path: path.clone(),
        source,
    };
    let mut file = std::fs::File::create(&temp).map_err(io)?;
    file.write_all(format!("{issuer}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io)?;
    std::fs::rename(&temp, &path).map_err(io)
}

/// The validator: the built-in issuer for any tenant, then the external ones.
pub(crate) fn validator(
    vigil: &VigilIssuer,
    external: &[ExternalIssuer],
    clock: Arc<dyn Clock>,
) -> Result<Validator, ServerError> {
    let mut issuers = vec![vigil.trusted_issuer(Tenants::Any)];
    issuers.extend(trusted_issuers(external, vigil.issuer())?);
    Ok(Validator::new(issuers, clock))
}
