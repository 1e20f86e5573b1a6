//! Small deterministic helpers shared by every generator: seeded RNG derivation, ids
//! (GUIDs, base64url token ids, audit ids), weighted choice, and Graph timestamp text.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// The RNG every generator uses.
pub type DemoRng = ChaCha8Rng;

/// One second, one minute, one hour and one day in nanoseconds.
pub const SECOND: i64 = 1_000_000_000;
/// One minute in nanoseconds.
pub const MINUTE: i64 = 60 * SECOND;
/// One hour in nanoseconds.
pub const HOUR: i64 = 60 * MINUTE;
/// One day in nanoseconds.
pub const DAY: i64 = 24 * HOUR;

/// splitmix64 step: a good, stable 64-bit mixer (independent of std's hasher).
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a label into a 64-bit value (FNV-1a followed by a mix).
pub fn label_hash(label: &str) -> u64 {
    mix(vigil_model::hash::fnv1a(label.as_bytes()))
}

/// An independent RNG for one concern (`label`) and one item (`index`) under `seed`, so that
/// changing how one part of the data set draws numbers never shifts another part.
pub fn sub_rng(seed: u64, label: &str, index: u64) -> DemoRng {
    let s = mix(seed ^ label_hash(label)) ^ mix(index.wrapping_add(0x5151_5151));
    DemoRng::seed_from_u64(mix(s))
}

/// A random (version 4) GUID drawn from the RNG, lowercase hyphenated.
pub fn guid(rng: &mut DemoRng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

/// A request-id-like GUID: random, with the last two hex digits zero as in real sign-in ids
/// (`66ea54eb-6301-4ee5-be62-ff5a759b0100`).
pub fn request_id(rng: &mut DemoRng) -> String {
    let mut bytes: [u8; 16] = rng.random();
    bytes[15] = 0;
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// A stable name-based GUID (version 5) so that well-known objects keep their id across seeds.
pub fn stable_guid(namespace: &str, name: &str) -> String {
    let ns = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, namespace.as_bytes());
    uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string()
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding of `bytes` (used for `uniqueTokenIdentifier`).
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let shift = 18 - 6 * i;
            out.push(char::from(B64URL[((n >> shift) & 63) as usize]));
        }
    }
    out
}

/// A `uniqueTokenIdentifier`: 16 random bytes, base64url (22 characters).
pub fn token_id(rng: &mut DemoRng) -> String {
    let bytes: [u8; 16] = rng.random();
    base64url(&bytes)
}

/// A directory-audit id: `Directory_<correlationId>_<5 uppercase>_<number>`.
pub fn audit_id(rng: &mut DemoRng, prefix: &str, correlation_id: &str) -> String {
    const LETTERS: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut token = String::with_capacity(5);
    for i in 0..5 {
        // The first character is always a letter, as in observed ids (`GXP3K`, `MCDC4`).
        let max = if i == 0 { 26 } else { 36 };
        token.push(char::from(LETTERS[rng.random_range(0..max)]));
    }
    let number: u32 = rng.random_range(10_000_000..999_999_999);
    format!("{prefix}_{correlation_id}_{token}_{number}")
}

/// Index into a non-empty collection of `len` items (0 when `len` is 0).
pub fn index(rng: &mut DemoRng, len: usize) -> usize {
    if len <= 1 {
        0
    } else {
        rng.random_range(0..len)
    }
}

/// A uniformly chosen element of a non-empty slice.
pub fn pick<'a, T>(rng: &mut DemoRng, items: &'a [T]) -> &'a T {
    let i = index(rng, items.len());
    &items[i]
}

/// An element of `items` chosen with the given integer weights (first element on all-zero).
pub fn weighted<'a, T>(rng: &mut DemoRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    if total == 0 {
        return &items[0].0;
    }
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= *w;
    }
    &items[items.len() - 1].0
}

/// True with probability `p` (clamped to 0..=1).
pub fn chance(rng: &mut DemoRng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// A roughly normal sample (sum of three uniforms), mean `mean`, standard deviation `sd`.
pub fn normal(rng: &mut DemoRng, mean: f64, sd: f64) -> f64 {
    let s: f64 = (0..3).map(|_| rng.random::<f64>()).sum::<f64>() - 1.5;
    mean + s * 2.0 * sd
}

/// A Poisson-like count with the given mean (Knuth's method, fine for small means).
pub fn poisson(rng: &mut DemoRng, mean: f64) -> u32 {
    let limit = (-mean.max(0.0)).exp();
    let mut k = 0u32;
    let mut p = 1.0;
    loop {
        p *= rng.random::<f64>();
        if p <= limit || k >= 200 {
            return k;
        }
        k += 1;
    }
}

/// A random duration in `[lo, hi)` nanoseconds.
pub fn between(rng: &mut DemoRng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        rng.random_range(lo..hi)
    }
}

/// Graph timestamp text (`2024-01-09T21:20:02.7215374Z`) for nanoseconds since the epoch.
pub fn ts(nanos: i64) -> String {
    vigil_model::datetime::format_nanos(nanos)
}

/// Rounds down to Graph's 100 ns resolution.
pub fn tick(nanos: i64) -> i64 {
    nanos - nanos.rem_euclid(100)
}

/// A JSON object with exactly these members, allocated once at its final size (building
/// objects key by key makes the map grow and free its old buffers, which dominated the
/// generation time).
pub fn obj<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut map = serde_json::Map::with_capacity(N);
    for (k, v) in members {
        map.insert(k.to_owned(), v);
    }
    Value::Object(map)
}

/// A JSON string value owning `text`.
pub fn st(text: String) -> Value {
    Value::String(text)
}

/// A JSON string value.
pub fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// A JSON string, or `null` for `None`.
pub fn opt(text: Option<&str>) -> Value {
    text.map_or(Value::Null, s)
}

/// JSON-encodes a string the way audit `modifiedProperties` carry values (`"\"x\""`).
pub fn json_str(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

/// JSON-encodes a one-element string array (`"[\"Member\"]"`).
pub fn json_list(text: &str) -> String {
    Value::Array(vec![s(text)]).to_string()
}

/// A masked phone number as Graph shows it in MFA details (`+1 XXXXXXXX42`).
pub fn masked_phone(country_code: &str, rng: &mut DemoRng) -> String {
    let last: u32 = rng.random_range(10..100);
    format!("+{country_code} XXXXXXXX{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_known_vectors() {
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn sub_rngs_are_independent_and_stable() {
        let a: u64 = sub_rng(1, "x", 0).random();
        let b: u64 = sub_rng(1, "x", 0).random();
        let c: u64 = sub_rng(1, "y", 0).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn audit_ids_have_the_graph_shape() {
        let mut rng = sub_rng(1, "id", 0);
        let id = audit_id(
            &mut rng,
            "Directory",
            "f3b07799-da67-4a79-bb56-eed7ba2ca404",
        );
        let parts: Vec<&str> = id.split('_').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[2].len(), 5);
        assert!(
            parts[2]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
    }
}
