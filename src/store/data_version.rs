//! The data version: a number that every write to areas, their facts or substations
//! advances — in this instance at once (after each write request), and in every instance
//! on the same database through PostgreSQL's `NOTIFY` on [`CHANNEL`], which the
//! statement triggers of `src/db/objects/051_data_changed.sql` send at commit. What is
//! kept in memory from those tables (vector tiles) is keyed by it.
//!
//! While this instance is not listening (starting, or the listening connection was
//! lost) there is no current version and nothing may be kept: a change another instance
//! made in that time would go unnoticed. Each reconnection starts a new version.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;

/// The channel the triggers notify (the same name is written in 051_data_changed.sql).
pub const CHANNEL: &str = "arealbank_data";

#[derive(Debug, Default)]
pub struct DataVersion {
    number: AtomicU64,
    listening: AtomicBool,
}

impl DataVersion {
    /// The version now, or `None` while changes made elsewhere could go unnoticed. Read
    /// it before reading the data that is to be kept under it.
    pub fn current(&self) -> Option<u64> {
        let number = self.number.load(Ordering::Acquire);
        self.listening.load(Ordering::Acquire).then_some(number)
    }

    /// Something changed: whatever was kept under an older version is out of date.
    pub fn advance(&self) {
        self.number.fetch_add(1, Ordering::AcqRel);
    }

    /// Follow the other instances' (and the command line's) changes until the task is
    /// dropped: listen on [`CHANNEL`], advance on every notification, and reconnect
    /// (with a new version) when the connection is lost.
    pub async fn follow(&self, pool: PgPool) {
        loop {
            match PgListener::connect_with(&pool).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    Ok(()) => {
                        self.advance();
                        self.listening.store(true, Ordering::Release);
                        // Ok(None): the connection was lost (notifications may be missed)
                        while let Ok(Some(_)) = listener.try_recv().await {
                            self.advance();
                        }
                        self.listening.store(false, Ordering::Release);
                        self.advance();
                        tracing::warn!(
                            "lost the connection that follows data changes; reconnecting"
                        );
                    }
                    Err(e) => tracing::warn!(error = %e, "could not listen for data changes"),
                },
                Err(e) => tracing::warn!(error = %e, "could not connect to follow data changes"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

#[cfg(test)]
impl DataVersion {
    pub fn set_listening_for_tests(&self) {
        self.listening.store(true, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_no_version_until_changes_are_followed() {
        let v = DataVersion::default();
        assert_eq!(v.current(), None);
        v.set_listening_for_tests();
        let before = v.current().expect("listening");
        v.advance();
        assert_eq!(v.current(), Some(before + 1));
    }
}
