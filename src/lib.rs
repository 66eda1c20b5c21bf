//! arealbank — a registry of business land (næringsareal) with a map.
//!
//! Data flows one way: [`api`] (HTTP) → [`domain`] (rules, typed values) → [`store`] (SQL).

/// HTTP: routes, extractors, handlers and RFC 9457 problem responses.
pub mod api;
/// The running application: binds, serves and shuts down gracefully.
pub mod app;
/// The command line's subcommands (`arealbank import`, `user add`, …).
pub mod cli;
/// Configuration from flags and environment variables.
pub mod config;
/// Database connections, migrations and the embedded local PostgreSQL cluster.
pub mod db;
/// Business rules and typed values: areas, code lists, validation, GeoJSON import.
pub mod domain;
/// File formats in and out: GeoPackage, zipped Shapefile, CSV with WKT.
pub mod formats;
/// Demo data and reference data shipped with the binary.
pub mod seed;
/// What the HTTP API, the pages and the command line all do: import and export, running a
/// search, a comparison document.
pub mod service;
/// Coordinate reference systems and measurement (proj + geo).
pub mod spatial;
/// SQL through sqlx; PostGIS does the geometry work and builds GeoJSON.
pub mod store;
/// Logging set-up (tracing).
pub mod telemetry;
