//! The issuer's RSA private key on disk: `token-signing-key.pem` (PKCS#8 PEM) in the key
//! directory, created on first start with mode 0600 and loaded on later starts.
//!
//! Creation is race-free: the key is written to a private temporary file, synced, and then
//! hard-linked to the final name, which fails if another process got there first — in which
//! case that process's key is loaded instead. A key file that group or others may read is
//! refused rather than used.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;

use crate::error::IssuerError;

/// File name of the signing key inside the key directory.
pub const KEY_FILE_NAME: &str = "token-signing-key.pem";

/// Size of generated keys.
const KEY_BITS: usize = 2048;

/// Loads the key from `dir`, creating the directory and the key if needed.
pub(crate) fn load_or_create(dir: &Path) -> Result<RsaPrivateKey, IssuerError> {
    let path = dir.join(KEY_FILE_NAME);
    match fs::metadata(&path) {
        Ok(_) => load(&path),
        Err(e) if e.kind() == ErrorKind::NotFound => create(dir, &path),
        Err(source) => Err(IssuerError::Io { path, source }),
    }
}

fn load(path: &Path) -> Result<RsaPrivateKey, IssuerError> {
    check_private(path)?;
    let io = |source| IssuerError::Io {
        path: path.to_path_buf(),
        source,
    };
    let pem = fs::read_to_string(path).map_err(io)?;
    let key = RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| key_error(path, &e))?;
    if key.size() * 8 < KEY_BITS {
        return Err(IssuerError::Key {
            path: path.to_path_buf(),
            reason: format!("RSA key is smaller than {KEY_BITS} bits"),
        });
    }
    Ok(key)
}

fn create(dir: &Path, path: &Path) -> Result<RsaPrivateKey, IssuerError> {
    create_private_dir(dir)?;
    let mut rng = rsa::rand_core::OsRng;
    let key = RsaPrivateKey::new(&mut rng, KEY_BITS).map_err(|e| key_error(path, &e))?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| key_error(path, &e))?;
    let temp: PathBuf = dir.join(format!(
        ".{KEY_FILE_NAME}.{}.tmp",
        uuid::Uuid::new_v4().simple()
    ));
    let written = write_private(&temp, pem.as_bytes());
    let linked = written.and_then(|()| fs::hard_link(&temp, path));
    // The temporary name is removed whatever happened; the key lives on under `path`.
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => {
            if let Ok(dir_handle) = File::open(dir) {
                let _ = dir_handle.sync_all();
            }
            tracing::info!(path = %path.display(), "generated a new token signing key");
            Ok(key)
        }
        // Another process created the key first: use that one.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => load(path),
        Err(source) => Err(IssuerError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn key_error(path: &Path, error: &dyn std::fmt::Display) -> IssuerError {
    IssuerError::Key {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn create_private_dir(dir: &Path) -> Result<(), IssuerError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| IssuerError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), IssuerError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path)
        .map_err(|source| IssuerError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(IssuerError::KeyFilePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), IssuerError> {
    Ok(())
}
