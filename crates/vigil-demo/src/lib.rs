//! Deterministic synthetic activity generator: realistic users, apps, sign-ins, audits, provisioning and custom-security-attribute changes.
