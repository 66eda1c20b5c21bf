//! Operations tests: the Debian package installed and removed for real, two instances
//! behind nginx under load with one killed, and every benchmark target run at tiny sizes. They need root, dpkg and nginx, so
//! they are ignored by a plain `cargo test`; `make test` (and `make test-ops`) runs them
//! with `--ignored`.

mod bench;
mod common;
mod instances;
mod package;
