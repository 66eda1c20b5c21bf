//! The map in a real headless Chromium (Debian's chromium + chromium-driver): the harness
//! in `driver`, one file per feature.

mod accessibility;
mod comparisons;
mod datasets;
mod driver;
mod editing;
mod feedback;
mod freshness;
mod language;
mod map;
mod offers;
mod phone;
mod places;
mod search;
mod security;
mod transfer;

pub(crate) use driver::{browser, text_of, wait_for};
