//! Tests through the real HTTP stack against a real PostGIS (a fresh database per test),
//! the real `arealbank` binary, and a real headless Chromium.

mod authz;
mod browser;
mod codes;
mod collections;
mod comparisons;
mod cql2_ats;
mod crs;
mod datasets;
mod errors;
mod facts;
mod feature_cache;
mod fields;
mod filter;
mod formats;
mod gdal;
mod helpers;
mod hostile;
mod http;
mod import;
mod items;
mod language;
mod map_tiles;
mod measure;
mod openapi;
mod plans;
mod qgis;
mod qgis_reader;
mod search;
mod session;
mod substations;
mod tiles;
mod transfer;
mod upgrade;
mod users;
mod write;
