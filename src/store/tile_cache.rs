//! Vector tiles kept in memory: bounded by bytes (the least recently used go first),
//! each kept under the data version read before it was built and served only while that
//! is still the current version, and for at most [`LONGEST`] (an area whose end date
//! passes at midnight leaves the tiles without any write).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::data_version::DataVersion;

/// The longest a kept tile is served.
pub const LONGEST: Duration = Duration::from_secs(60);

/// z, x, y.
pub type TileKey = (i32, i32, i32);

#[derive(Debug)]
pub struct TileCache {
    capacity: usize,
    pub version: Arc<DataVersion>,
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    tiles: HashMap<TileKey, Tile>,
    /// recency: use number → key, oldest first
    order: BTreeMap<u64, TileKey>,
    bytes: usize,
    uses: u64,
}

#[derive(Debug)]
struct Tile {
    version: u64,
    built: Instant,
    used: u64,
    body: Bytes,
}

impl TileCache {
    /// Keep up to `capacity` bytes of tiles (0: keep none).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            version: Arc::default(),
            kept: Mutex::default(),
        }
    }

    /// The version to build a tile under now (`None`: do not keep it).
    pub fn version(&self) -> Option<u64> {
        (self.capacity > 0)
            .then(|| self.version.current())
            .flatten()
    }

    /// The kept tile, if it was built under the current version not too long ago.
    pub fn get(&self, key: TileKey) -> Option<Bytes> {
        let version = self.version()?;
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.uses += 1;
        let now = kept.uses;
        let tile = kept.tiles.get_mut(&key)?;
        if tile.version != version || tile.built.elapsed() > LONGEST {
            kept.remove(key);
            return None;
        }
        let before = std::mem::replace(&mut tile.used, now);
        let body = tile.body.clone();
        kept.order.remove(&before);
        kept.order.insert(now, key);
        Some(body)
    }

    /// Keep `body`, built under `version` (as [`TileCache::version`] said before the
    /// build), unless the data changed meanwhile or it is too large to keep.
    pub fn put(&self, key: TileKey, version: Option<u64>, body: Bytes) {
        let Some(version) = version else { return };
        if body.len() > self.capacity / 4 || self.version() != Some(version) {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.remove(key);
        kept.uses += 1;
        let used = kept.uses;
        kept.bytes += body.len();
        kept.order.insert(used, key);
        let built = Instant::now();
        kept.tiles.insert(
            key,
            Tile {
                version,
                built,
                used,
                body,
            },
        );
        while kept.bytes > self.capacity {
            let Some((_, oldest)) = kept.order.pop_first() else {
                break;
            };
            kept.remove(oldest);
        }
    }

    /// Bytes kept now.
    pub fn bytes(&self) -> usize {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).bytes
    }
}

impl Kept {
    fn remove(&mut self, key: TileKey) {
        if let Some(tile) = self.tiles.remove(&key) {
            self.order.remove(&tile.used);
            self.bytes -= tile.body.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening(capacity: usize) -> TileCache {
        let cache = TileCache::new(capacity);
        // as `DataVersion::follow` does once it listens
        cache.version.set_listening_for_tests();
        cache
    }

    #[test]
    fn a_tile_is_served_only_under_the_version_it_was_built_under() {
        let cache = listening(1000);
        let v = cache.version();
        cache.put((1, 0, 0), v, Bytes::from_static(b"old"));
        assert_eq!(cache.get((1, 0, 0)).as_deref(), Some(&b"old"[..]));
        cache.version.advance();
        assert_eq!(cache.get((1, 0, 0)), None);
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn a_tile_built_while_the_data_changed_is_not_kept() {
        let cache = listening(1000);
        let v = cache.version();
        cache.version.advance(); // a write committed while the tile was being built
        cache.put((1, 0, 0), v, Bytes::from_static(b"maybe old"));
        assert_eq!(cache.get((1, 0, 0)), None);
    }

    #[test]
    fn nothing_is_kept_while_changes_are_not_followed_or_when_turned_off() {
        let cache = TileCache::new(1000);
        assert_eq!(cache.version(), None);
        cache.put((1, 0, 0), Some(1), Bytes::from_static(b"x"));
        assert_eq!(cache.get((1, 0, 0)), None);
        let off = listening(0);
        assert_eq!(off.version(), None);
    }

    #[test]
    fn the_least_recently_used_tiles_go_first_when_full() {
        let cache = listening(40);
        let v = cache.version();
        for x in 0..4 {
            cache.put((5, x, 0), v, Bytes::from(vec![0u8; 10]));
        }
        assert!(cache.get((5, 0, 0)).is_some()); // used: now the newest
        cache.put((5, 9, 0), v, Bytes::from(vec![0u8; 10]));
        assert_eq!(cache.bytes(), 40);
        assert!(
            cache.get((5, 1, 0)).is_none(),
            "the least recently used went"
        );
        for x in [0, 2, 3, 9] {
            assert!(cache.get((5, x, 0)).is_some(), "tile {x} kept");
        }
        cache.put((5, 8, 0), v, Bytes::from(vec![0u8; 11]));
        assert!(
            cache.get((5, 8, 0)).is_none(),
            "larger than a quarter: not kept"
        );
    }
}
