//! Encryption at rest for the secrets of diagnostic settings.
//!
//! One 256-bit key per data directory, in `<data-dir>/control-secrets.key` (raw bytes,
//! created with mode 0600 on first use, never rewritten). Each sealed value is
//! `version (1) ‖ nonce (12, random) ‖ ChaCha20-Poly1305 ciphertext and tag`, with
//! associated data naming what it belongs to (tenant and setting), so a sealed value copied
//! into another row does not open.
//!
//! Losing the key file loses the secrets (the settings must then be updated with them
//! again); copying `control.db` without the key file copies no secret. Back both up
//! separately.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::error::ControlError;

/// File name of the key inside the data directory.
pub const SECRETS_KEY_FILE: &str = "control-secrets.key";

const VERSION: u8 = 1;
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// Seals and opens secrets with the data directory's key.
pub(crate) struct SecretBox {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox")
    }
}

impl SecretBox {
    /// Reads `<data_dir>/control-secrets.key`, creating it (0600) if it does not exist.
    pub(crate) fn open(data_dir: &Path) -> Result<SecretBox, ControlError> {
        let path = data_dir.join(SECRETS_KEY_FILE);
        let key = match read_key(&path) {
            Ok(key) => key,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key(&path)?,
            Err(e) => return Err(key_error(&path, e)),
        };
        Ok(SecretBox {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
        })
    }

    /// Encrypts `plain`, bound to `context`.
    pub(crate) fn seal(&self, context: &str, plain: &[u8]) -> Result<Vec<u8>, ControlError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| ControlError::Random(e.to_string()))?;
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| ControlError::Corrupt("could not encrypt a secret".to_owned()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what [`SecretBox::seal`] made for the same `context`.
    pub(crate) fn open_sealed(
        &self,
        context: &str,
        sealed: &[u8],
    ) -> Result<Vec<u8>, ControlError> {
        let refuse = || {
            ControlError::Corrupt(format!(
                "secrets of {context} do not decrypt with {SECRETS_KEY_FILE} (was the key file replaced?)"
            ))
        };
        let (&version, rest) = sealed.split_first().ok_or_else(refuse)?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return Err(refuse());
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| refuse())
    }
}

fn key_error(path: &Path, source: std::io::Error) -> ControlError {
    ControlError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

fn read_key(path: &Path) -> std::io::Result<[u8; KEY_LEN]> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    bytes.try_into().map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("expected exactly {KEY_LEN} bytes"),
        )
    })
}

fn create_key(path: &Path) -> Result<[u8; KEY_LEN], ControlError> {
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| ControlError::Random(e.to_string()))?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(path).and_then(|mut file| {
        file.write_all(&key)?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(key),
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key(path).map_err(|e| key_error(path, e))
        }
        Err(e) => Err(key_error(path, e)),
    }
}

/// The key file of a data directory.
pub fn secrets_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SECRETS_KEY_FILE)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // reason: test code fails loudly
    use super::*;

    #[test]
    fn seal_open_and_bind_to_context() {
        let dir = tempfile::tempdir().unwrap();
        let boxed = SecretBox::open(dir.path()).unwrap();
        let sealed = boxed.seal("t1/a", b"hunter2").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(boxed.open_sealed("t1/a", &sealed).unwrap(), b"hunter2");
        assert!(boxed.open_sealed("t2/a", &sealed).is_err());
        // Same key after reopening; a new directory's key does not open it.
        let again = SecretBox::open(dir.path()).unwrap();
        assert_eq!(again.open_sealed("t1/a", &sealed).unwrap(), b"hunter2");
        let other = tempfile::tempdir().unwrap();
        assert!(
            SecretBox::open(other.path())
                .unwrap()
                .open_sealed("t1/a", &sealed)
                .is_err()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(secrets_key_path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
