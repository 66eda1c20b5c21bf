//! API tokens: random secrets shown once, stored as SHA-256 digests.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Every token starts with this, so a leaked one is easy to recognise in logs and code.
pub const PREFIX: &str = "arb_";

/// A new random token (244 random bits from two v4 UUIDs) and its digest.
pub fn generate() -> (String, [u8; 32]) {
    let secret = format!(
        "{PREFIX}{}{}",
        Uuid::new_v4().simple(),
        Uuid::new_v4().simple()
    );
    let digest = digest(&secret);
    (secret, digest)
}

/// The SHA-256 digest under which a token is stored and looked up.
pub fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let (a, da) = generate();
        let (b, db) = generate();
        assert!(a.starts_with(PREFIX) && a.len() == PREFIX.len() + 64);
        assert_ne!(a, b);
        assert_ne!(da, db);
        assert_eq!(digest(&a), da);
    }
}
