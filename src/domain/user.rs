//! Accounts: roles, usernames and passwords (argon2id). No SQL here.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, in every municipality.
    Admin,
    /// Registers and edits areas of the municipalities assigned to them.
    Planner,
    /// Reads unpublished data (politicians, staff); changes nothing.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planner => "planner",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "planner" => Some(Role::Planner),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// May an account with `role` and `municipalities` change areas of `municipality`?
/// Admins everywhere, planners in their own municipalities, viewers nowhere.
pub fn may_edit(role: Role, municipalities: &[String], municipality: &str) -> bool {
    match role {
        Role::Admin => true,
        Role::Planner => municipalities.iter().any(|m| m == municipality),
        Role::Viewer => false,
    }
}

/// Which areas and fields a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Anyone: published, current areas without private fields.
    #[default]
    Public,
    /// Viewers: also unpublished areas (with `published`, `version`, end fields).
    Readers,
    /// Planners and admins: that, and the private fields (owner, internal notes).
    Editors,
}

impl Audience {
    /// The audience of a caller (`None`: anonymous).
    pub fn of(role: Option<Role>) -> Audience {
        match role {
            None => Audience::Public,
            Some(Role::Viewer) => Audience::Readers,
            Some(Role::Planner | Role::Admin) => Audience::Editors,
        }
    }
}

/// Why an account value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the username {0:?} is not allowed: use 2–64 lowercase letters, digits and . _ @ -, starting with a letter or digit")]
    BadUsername(String),
    #[error("unknown role {0:?}: use admin, planner or viewer")]
    BadRole(String),
    #[error("the password is too short: use at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    #[error("a planner needs at least one municipality (e.g. --municipality 3405)")]
    PlannerWithoutMunicipality,
    #[error("{0:?} is not a municipality number (four digits, e.g. 3405)")]
    BadMunicipality(String),
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
}

/// A new account, checked.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipalities: Vec<String>,
    pub password_hash: String,
}

impl NewUser {
    /// Check every value and hash the password.
    pub fn new(
        username: &str,
        display_name: Option<&str>,
        role: &str,
        municipalities: &[String],
        password: &str,
    ) -> Result<Self, AccountError> {
        let username = parse_username(username)?;
        let role = Role::parse(role).ok_or_else(|| AccountError::BadRole(role.to_string()))?;
        for m in municipalities {
            if m.len() != 4 || !m.chars().all(|c| c.is_ascii_digit()) {
                return Err(AccountError::BadMunicipality(m.clone()));
            }
        }
        if role == Role::Planner && municipalities.is_empty() {
            return Err(AccountError::PlannerWithoutMunicipality);
        }
        Ok(Self {
            display_name: display_name
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .unwrap_or(&username)
                .to_string(),
            username,
            role,
            municipalities: municipalities.to_vec(),
            password_hash: hash_password(password)?,
        })
    }
}

/// Usernames are compared in lowercase.
pub fn parse_username(raw: &str) -> Result<String, AccountError> {
    let u = raw.trim().to_lowercase();
    let ok = (2..=64).contains(&u.chars().count())
        && u.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._@-".contains(c));
    if ok {
        Ok(u)
    } else {
        Err(AccountError::BadUsername(raw.to_string()))
    }
}

/// Hash a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountError::ShortPassword);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

/// Does `password` match the stored PHC hash? False for malformed hashes.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert_ne!(
            h,
            hash_password("correct horse battery").expect("hash"),
            "salted"
        );
    }

    #[test]
    fn who_may_edit_what() {
        let mine = ["3405".to_string()];
        assert!(may_edit(Role::Admin, &[], "3441"));
        assert!(may_edit(Role::Planner, &mine, "3405"));
        assert!(!may_edit(Role::Planner, &mine, "3440"));
        assert!(!may_edit(Role::Viewer, &mine, "3405"));
    }

    #[test]
    fn refuses_bad_accounts() {
        let pw = "a long enough password";
        assert_eq!(
            NewUser::new("Kari", None, "planner", &[], pw).expect_err("no municipality"),
            AccountError::PlannerWithoutMunicipality
        );
        assert!(matches!(
            NewUser::new("kari", None, "boss", &[], pw),
            Err(AccountError::BadRole(_))
        ));
        assert!(matches!(
            NewUser::new("x", None, "viewer", &[], pw),
            Err(AccountError::BadUsername(_))
        ));
        assert!(matches!(
            NewUser::new("kari'; drop table app_user;--", None, "viewer", &[], pw),
            Err(AccountError::BadUsername(_))
        ));
        assert_eq!(
            NewUser::new("kari", None, "viewer", &[], "short").expect_err("short"),
            AccountError::ShortPassword
        );
        assert!(matches!(
            NewUser::new("kari", None, "planner", &["34".into()], pw),
            Err(AccountError::BadMunicipality(_))
        ));
        let u = NewUser::new(
            " Kari.Nordmann@Lillehammer.kommune.no ",
            None,
            "planner",
            &["3405".into()],
            pw,
        )
        .expect("valid");
        assert_eq!(u.username, "kari.nordmann@lillehammer.kommune.no");
        assert_eq!(u.display_name, u.username);
    }
}
