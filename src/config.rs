//! Configuration from flags and environment variables (clap with `env`).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::limits;

/// The version and the commit built from, as `--version` prints them.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("AREALBANK_COMMIT"),
    ")"
);

/// arealbank: a registry of business land (næringsareal) with a map.
///
/// Without DATABASE_URL every command uses an embedded PostgreSQL cluster that arealbank
/// starts from the machine's PostgreSQL binaries in its data folder (see --data-dir).
#[derive(Debug, Parser)]
#[command(name = "arealbank", version = VERSION, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Log output format.
    #[arg(long, env = "AREALBANK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// PostgreSQL/PostGIS server to use, e.g. postgres://user:pass@host/db. When unset, an
    /// embedded cluster is started in --data-dir and stopped again on exit.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded PostgreSQL cluster (data, socket, log).
    #[arg(
        long,
        env = "AREALBANK_DATA_DIR",
        default_value = ".arealbank",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Substation capacity figures older than this many days are flagged as stale.
    #[arg(
        long,
        env = "AREALBANK_SUBSTATION_STALE_DAYS",
        default_value_t = 365,
        global = true
    )]
    pub substation_stale_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the map and the API (migrates first; seeds demo data on first start).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Load the municipality boundaries and the demo areas (skips rows already present).
    Seed,
    /// Import areas from GeoJSON, GeoPackage or a zipped Shapefile: all features or none.
    Import(ImportArgs),
    /// Write every area (including unpublished and ended ones) as GeoJSON (CRS84), CSV with
    /// WKT (EPSG:25832) or GeoPackage (EPSG:25832).
    Export(ExportArgs),
    /// Reference layers (roads, railway, stations, centres, farmland, nature, hazards …).
    #[command(subcommand)]
    Layer(LayerCommand),
    /// Zoning from the municipality's plan data (the national plan register).
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Grid capacity from the grid operators' published files.
    #[command(subcommand)]
    Substation(SubstationCommand),
    /// Write the whole database to FILE with pg_dump (custom format): areas, history,
    /// accounts, comparison sets, layers. The database is not migrated first.
    Backup { file: PathBuf },
    /// Restore a backup into an empty database (pg_restore, all or nothing), then migrate
    /// it to this version. A database that holds tables is refused unless --replace.
    Restore {
        file: PathBuf,
        /// Delete everything in the database first (its public schema) and put the
        /// backup in its place.
        #[arg(long)]
        replace: bool,
    },
    /// Manage the embedded PostgreSQL cluster.
    #[command(subcommand)]
    Db(DbCommand),
    /// Manage accounts. Passwords are read from standard input (or asked for on a terminal).
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for scripts and GIS clients (sent as `Authorization: Bearer …`).
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account and print it once; only its SHA-256 is stored.
    Add {
        username: String,
        /// A name to tell tokens apart, e.g. "qgis-kari".
        #[arg(long)]
        name: String,
    },
    /// Revoke an account's named token.
    Revoke { username: String, name: String },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account, e.g. `arealbank user add kari --role planner --municipality 3405`.
    Add {
        /// Login name (lowercase letters, digits, . _ @ -).
        username: String,
        /// admin (everything), planner (edits areas of its municipalities) or viewer (reads unpublished data).
        #[arg(long)]
        role: String,
        /// Name shown in the history of changes (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// Municipality numbers a planner edits, comma-separated.
        #[arg(long, value_delimiter = ',')]
        municipality: Vec<String>,
    },
    /// List accounts (never their passwords).
    List,
    /// Disable an account: it can no longer sign in.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Set a new password.
    Passwd { username: String },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "AREALBANK_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free port).
    #[arg(long, env = "AREALBANK_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Public base URL used in API links, e.g. https://arealbank.example.no. When unset,
    /// links are built from the request's Host and X-Forwarded-* headers.
    #[arg(long, env = "AREALBANK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Background map tile URL template (Leaflet {z}/{x}/{y} syntax).
    #[arg(
        long,
        env = "AREALBANK_BASEMAP_URL",
        default_value = "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
    )]
    pub basemap_url: String,

    /// Attribution shown for the background map.
    #[arg(
        long,
        env = "AREALBANK_BASEMAP_ATTRIBUTION",
        default_value = "© Kartverket"
    )]
    pub basemap_attribution: String,

    /// Do not load demo data on first start.
    #[arg(long, env = "AREALBANK_NO_DEMO")]
    pub no_demo: bool,

    /// Origins allowed to use the API from a browser on another site (CORS), comma-
    /// separated, e.g. https://kart.lillehammer.kommune.no; `*` allows any. Unset: none.
    #[arg(long, env = "AREALBANK_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Above this many matching areas the map draws vector tiles (/tiles/areas) and lists
    /// only the areas in view, instead of loading every area. Default 5000.
    #[arg(long, env = "AREALBANK_MAP_TILE_THRESHOLD")]
    pub map_tile_threshold: Option<u64>,

    /// Memory for vector tiles kept ready, in MB (least recently used go first). A kept
    /// tile is served only while no area, fact or substation has changed since it was
    /// built (in this instance or any other on the same database) and for at most a
    /// minute. 0 turns keeping tiles off. Default 32.
    #[arg(long, env = "AREALBANK_TILE_CACHE_MB", value_parser = clap::value_parser!(u32).range(0..=4096))]
    pub tile_cache_mb: Option<u32>,

    /// A request taking longer than this many seconds is stopped and answered with 503
    /// (problem+json, Retry-After). Default 60.
    #[arg(long, env = "AREALBANK_REQUEST_TIMEOUT", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: Option<u64>,

    /// An area whose facts nobody has confirmed for this many days is flagged on the
    /// planners' map and listed for its municipality ("bekreft at opplysningene stemmer").
    /// Default 365.
    #[arg(long, env = "AREALBANK_CONFIRM_WITHIN_DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub confirm_within_days: Option<u32>,

    /// An online place-name service the map's place box asks besides the offline N1000
    /// names: a URL with `{q}` where the typed text goes, answering as Kartverket's
    /// stedsnavn API, e.g.
    /// https://api.kartverket.no/stedsnavn/v1/navn?sok={q}*&treffPerSide=10&utkoordsys=4258
    /// The browser asks it directly. Default: none (offline).
    #[arg(long, env = "AREALBANK_PLACE_SERVICE_URL", value_parser = place_service_url)]
    pub place_service_url: Option<String>,

    /// Reverse proxies (addresses or networks, comma-separated, e.g. 127.0.0.1,10.0.0.0/8)
    /// whose X-Forwarded-For header names the client, for the rate limits. Unset: the
    /// connection's peer is the client and X-Forwarded-For is ignored.
    #[arg(long, env = "AREALBANK_TRUSTED_PROXIES", value_delimiter = ',', value_parser = ip_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Sign-in attempts per minute from one client address (on top of the failures
    /// allowed per username).
    #[arg(long, env = "AREALBANK_SIGN_IN_PER_MINUTE", default_value_t = limits::DEFAULT_SIGN_IN_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_per_minute: u32,

    /// Changes (POST, PUT, PATCH, DELETE) per minute from one client address.
    #[arg(long, env = "AREALBANK_WRITES_PER_MINUTE", default_value_t = limits::DEFAULT_WRITES_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub writes_per_minute: u32,

    /// Imports (dry runs included) per minute from one client address.
    #[arg(long, env = "AREALBANK_IMPORTS_PER_MINUTE", default_value_t = limits::DEFAULT_IMPORTS_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub imports_per_minute: u32,
}

/// An address (a network of one) or a network in CIDR notation.
fn ip_network(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| "an IP address or a network such as 10.0.0.0/8".to_string())
}

fn place_service_url(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://")) && s.contains("{q}");
    if ok {
        Ok(s.to_string())
    } else {
        Err("an http(s) URL with {q} where the place name goes".into())
    }
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// A GeoJSON FeatureCollection, a GeoPackage (.gpkg) or a zipped Shapefile (.zip) of
    /// Polygon or MultiPolygon features.
    pub file: PathBuf,

    /// CRS of the coordinates when the file does not declare one: EPSG:25832, EPSG:25833,
    /// EPSG:4258 or CRS84 (GeoJSON default: CRS84, as RFC 7946 prescribes; a GeoPackage
    /// or Shapefile without a CRS needs this).
    #[arg(long)]
    pub crs: Option<String>,

    /// The table to read from a GeoPackage that holds several.
    #[arg(long)]
    pub layer: Option<String>,

    /// Check every feature and report problems, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Output file; standard output when unset (not for GeoPackage).
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// geojson, csv or gpkg; by default from the output file's extension, else geojson.
    #[arg(long)]
    pub format: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LayerCommand {
    /// Replace a reference layer with the features of a GeoJSON or GeoPackage file, record
    /// its source, licence and date, and recompute every area's facts — all in one
    /// transaction. KIND is a layer (e6, e6_junction, main_road, railway,
    /// passenger_station, rail_terminal, skysstasjon, town_centre, farmland, forest, bog,
    /// protected_nature, flood_zone, landslide_hazard, quick_clay, cultural_heritage,
    /// substations) or a national dataset read with its own attributes and codes: ar5
    /// (farmland, forest, bog), naturvern, flomsone, skredfaresone, kvikkleire,
    /// kulturminner, elveg (E6, its junctions, main roads), nsr (NeTEx: rail stations and the
    /// skysstasjon).
    Import(Box<LayerImportArgs>),
    /// Every layer with its source, licence, date, version and number of features.
    List,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Load the municipality's plans as the national plan register publishes them (GML
    /// SOSI Plan 4.5/5.0, GeoPackage or GeoJSON; layers KpArealformålOmråde, KpOmråde,
    /// RpArealformålOmråde, RpOmråde in any spelling): the plans of the file's
    /// municipalities are replaced, every area's zoning is computed by overlay, and the
    /// report lists each area's zoning before → after.
    Import {
        /// One file, or several (e.g. one GeoJSON per layer, named after the layer).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Check the files and report what would change, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// CRS when a file does not say.
        #[arg(long)]
        crs: Option<String>,
        /// The date of the extract (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SubstationCommand {
    /// Load a grid operator's published free capacity (a DIGIN GridCapacity file, as
    /// WattApp publishes it): the operator's stations become those of the file, earlier
    /// figures stay in each station's history, every area's facts are recomputed, and the
    /// report lists each station's figures and each area's facts before → after.
    Import {
        /// The operator's file (JSON).
        file: PathBuf,
        /// Check the file and report what would change, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct LayerImportArgs {
    pub kind: String,
    /// GeoJSON FeatureCollection or GeoPackage (.gpkg); NeTEx XML for nsr.
    pub file: PathBuf,
    /// Where the data comes from, e.g. "Kartverket N1000 (2024)" (a dataset's official
    /// name by default).
    #[arg(long)]
    pub source: Option<String>,
    /// Its licence, e.g. "CC BY 4.0 © Kartverket".
    #[arg(long)]
    pub licence: String,
    /// The date the data describes (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: chrono::NaiveDate,
    /// Mark the layer as invented demo data.
    #[arg(long)]
    pub demo: bool,
    /// CRS when the file does not say (as for `import`).
    #[arg(long)]
    pub crs: Option<String>,
    /// The table to read from a GeoPackage that holds several.
    #[arg(long)]
    pub layer: Option<String>,
    /// Check the file and report what would change, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// For a dataset arealbank has no reader for: the attribute holding each feature's name.
    #[arg(long)]
    pub name_attribute: Option<String>,
    /// … its class (e.g. a hazard degree), required on every feature when named.
    #[arg(long)]
    pub class_attribute: Option<String>,
    /// … the dataset's own id.
    #[arg(long)]
    pub id_attribute: Option<String>,
    /// … a link to the feature's page.
    #[arg(long)]
    pub link_attribute: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Start the embedded cluster and leave it running; prints its connection URL.
    Start,
    /// Stop the embedded cluster.
    Stop,
    /// Print the embedded cluster's connection URL.
    Url,
}
