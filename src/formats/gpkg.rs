//! GeoPackage (OGC 12-128r18) in and out: the features of one table read as GeoJSON, and
//! an export written as a table `areas` in EPSG:25832 that QGIS and GDAL open directly.

use std::io::Write;

use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags};
use serde_json::{Map, Value};

use super::wkb::Wkb;
use super::{crs_from_epsg, feature, file_issue};
use crate::domain::fields::{self, Type};
use crate::domain::{Issue, IssueType};
use crate::spatial::Crs;

const ACCEPTED: &str = "a GeoPackage (.gpkg) with a table of polygons or multipolygons";

fn unreadable(e: &dyn std::fmt::Display) -> Vec<Issue> {
    file_issue(
        "document",
        format!("the GeoPackage could not be read: {e}"),
        ACCEPTED,
    )
}

/// The uploaded file opened read-only (the temporary file lives as long as the connection).
fn open(bytes: &[u8]) -> Result<(tempfile::NamedTempFile, Connection), Vec<Issue>> {
    let mut file = tempfile::NamedTempFile::new().map_err(|e| unreadable(&e))?;
    file.write_all(bytes).map_err(|e| unreadable(&e))?;
    let conn = Connection::open_with_flags(
        file.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| unreadable(&e))?;
    // an uploaded file is untrusted: no functions from its schema, no writes
    conn.execute_batch("pragma trusted_schema = off; pragma query_only = on;")
        .map_err(|e| unreadable(&e))?;
    Ok((file, conn))
}

/// Every feature table whose name `wanted` accepts: (name, features as GeoJSON, CRS).
#[allow(clippy::type_complexity)]
pub fn read_tables(
    bytes: &[u8],
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<Value>, Option<Crs>)>, Vec<Issue>> {
    let (_file, conn) = open(bytes)?;
    let mut out = Vec::new();
    for (table, column, srs_id) in feature_tables(&conn).map_err(|e| unreadable(&e))? {
        if !wanted(&table) {
            continue;
        }
        let crs = crs_from_epsg(epsg_of(&conn, srs_id).map_err(|e| unreadable(&e))?, "crs")?;
        let features = rows(&conn, &table, &column).map_err(|e| match e {
            RowError::Sql(e) => unreadable(&e),
            RowError::Issues(v) => v,
        })?;
        out.push((table, features, crs));
    }
    Ok(out)
}

/// The features of the GeoPackage's polygon table (or of `layer`) and its declared CRS.
pub fn read(bytes: &[u8], layer: Option<&str>) -> Result<(Vec<Value>, Option<Crs>), Vec<Issue>> {
    let (_file, conn) = open(bytes)?;
    let tables = feature_tables(&conn).map_err(|e| unreadable(&e))?;
    let names: Vec<&str> = tables.iter().map(|t| t.0.as_str()).collect();
    let chosen = match layer {
        Some(l) => tables.iter().find(|t| t.0 == l).ok_or_else(|| {
            vec![Issue::new(
                IssueType::InvalidValue,
                "layer",
                Some(l.to_string()),
                "the GeoPackage has no feature table of that name",
                format!("one of: {}", names.join(", ")),
            )]
        })?,
        None if tables.len() == 1 => &tables[0],
        None if tables.is_empty() => {
            return Err(file_issue(
                "document",
                "the GeoPackage has no feature table",
                ACCEPTED,
            ))
        }
        None => {
            return Err(vec![Issue::new(
                IssueType::MissingValue,
                "layer",
                None,
                format!(
                    "the GeoPackage has {} feature tables; say which to import",
                    tables.len()
                ),
                format!("layer=<name>, one of: {}", names.join(", ")),
            )])
        }
    };
    let (table, column, srs_id) = chosen;
    let crs = crs_from_epsg(epsg_of(&conn, *srs_id).map_err(|e| unreadable(&e))?, "crs")?;
    let features = rows(&conn, table, column).map_err(|e| match e {
        RowError::Sql(e) => unreadable(&e),
        RowError::Issues(v) => v,
    })?;
    Ok((features, crs))
}

/// (table, geometry column, srs_id) of every feature table.
fn feature_tables(conn: &Connection) -> rusqlite::Result<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare(
        "select c.table_name, g.column_name, g.srs_id from gpkg_contents c
         join gpkg_geometry_columns g on g.table_name = c.table_name
         where c.data_type = 'features' order by c.table_name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The EPSG code behind a GeoPackage srs_id (0 or less when undefined).
fn epsg_of(conn: &Connection, srs_id: i64) -> rusqlite::Result<i64> {
    if srs_id <= 0 {
        return Ok(srs_id);
    }
    let found: Option<(String, i64)> = conn
        .query_row(
            "select organization, organization_coordsys_id from gpkg_spatial_ref_sys where srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    Ok(match found {
        Some((org, code)) if org.eq_ignore_ascii_case("EPSG") => code,
        _ => srs_id,
    })
}

enum RowError {
    Sql(rusqlite::Error),
    Issues(Vec<Issue>),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Sql(e)
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn rows(conn: &Connection, table: &str, geometry: &str) -> Result<Vec<Value>, RowError> {
    // declared column types: GeoPackage keeps booleans as integers declared BOOLEAN
    let mut info = conn.prepare("select name, upper(type), pk from pragma_table_info(?1)")?;
    let columns: Vec<(String, String, bool)> = info
        .query_map([table], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? > 0))
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare(&format!("select * from {}", quoted(table)))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    let mut issues = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(row) = q.next()? {
        let index = out.len() + issues.len();
        let mut props = Map::new();
        let mut geom = Value::Null;
        for (i, name) in names.iter().enumerate() {
            let (decl, pk) = columns
                .iter()
                .find(|c| &c.0 == name)
                .map(|c| (c.1.as_str(), c.2))
                .unwrap_or(("", false));
            let v = row.get_ref(i)?;
            if name == geometry {
                if let ValueRef::Blob(b) = v {
                    match geometry_of(b) {
                        Ok(g) => geom = g,
                        Err(e) => issues.push(
                            Issue::new(
                                IssueType::UnexpectedGeometryType,
                                "geometry",
                                None,
                                format!("the feature's geometry is {e}"),
                                "a Polygon or MultiPolygon",
                            )
                            .at(index, None),
                        ),
                    }
                }
                continue;
            }
            if pk {
                continue; // the GeoPackage's own row id, not an area property
            }
            props.insert(name.clone(), json_of(v, decl));
        }
        out.push(feature(geom, props));
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(RowError::Issues(issues))
    }
}

fn json_of(v: ValueRef<'_>, declared: &str) -> Value {
    match v {
        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
        ValueRef::Integer(i) if declared == "BOOLEAN" => Value::Bool(i != 0),
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
    }
}

/// A GeoPackage geometry blob: "GP", version, flags, srs_id, envelope, then WKB.
fn geometry_of(blob: &[u8]) -> Result<Value, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("not a GeoPackage geometry".into());
    }
    let flags = blob[3];
    if flags & 0b10_0000 != 0 {
        return Err("an extended GeoPackage geometry type".into());
    }
    if flags & 0b1_0000 != 0 {
        return Err("empty".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err("a geometry with an invalid envelope".into()),
    };
    Wkb::new(blob.get(8 + envelope..).ok_or("a geometry cut short")?).geojson()
}

/// One feature to write: its properties, its geometry as WKB in EPSG:25832, and its
/// bounding box (min x, min y, max x, max y).
pub struct Row {
    pub properties: Map<String, Value>,
    pub wkb: Vec<u8>,
    pub bbox: [f64; 4],
}

const WKT_4326: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;
const WKT_25832: &str = r#"PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]"#;

/// A GeoPackage holding `rows` in a table `areas` with `columns` in that order.
pub fn write(rows: &[Row], columns: &[String]) -> Result<Vec<u8>, rusqlite::Error> {
    let dir = tempfile::tempdir().map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    let path = dir.path().join("arealbank-areas.gpkg");
    let mut conn = Connection::open(&path)?;
    conn.execute_batch(
        "pragma application_id = 1196444487; pragma user_version = 10200;
         create table gpkg_spatial_ref_sys (srs_name text not null, srs_id integer not null primary key,
           organization text not null, organization_coordsys_id integer not null,
           definition text not null, description text);
         create table gpkg_contents (table_name text not null primary key, data_type text not null,
           identifier text unique, description text default '',
           last_change datetime not null default (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x double, min_y double, max_x double, max_y double,
           srs_id integer references gpkg_spatial_ref_sys(srs_id));
         create table gpkg_geometry_columns (table_name text not null, column_name text not null,
           geometry_type_name text not null, srs_id integer not null, z tinyint not null, m tinyint not null,
           constraint pk_geom_cols primary key (table_name, column_name),
           constraint uk_gc_table_name unique (table_name),
           constraint fk_gc_tn foreign key (table_name) references gpkg_contents(table_name),
           constraint fk_gc_srs foreign key (srs_id) references gpkg_spatial_ref_sys (srs_id));",
    )?;
    conn.execute(
        "insert into gpkg_spatial_ref_sys values
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
           ('ETRS89 / UTM zone 32N', 25832, 'EPSG', 25832, ?2, 'the CRS arealbank stores areas in')",
        [WKT_4326, WKT_25832],
    )?;
    let types: Vec<&str> = columns.iter().map(|c| column_type(rows, c)).collect();
    let defs: Vec<String> = columns
        .iter()
        .zip(&types)
        .map(|(c, t)| format!("{} {t}", quoted(c)))
        .collect();
    conn.execute_batch(&format!(
        "create table areas (fid integer primary key autoincrement not null, geom multipolygon{}{})",
        if defs.is_empty() { "" } else { ", " },
        defs.join(", ")
    ))?;
    let extent = rows
        .iter()
        .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |e, r| {
            [
                e[0].min(r.bbox[0]),
                e[1].min(r.bbox[1]),
                e[2].max(r.bbox[2]),
                e[3].max(r.bbox[3]),
            ]
        });
    let extent: [Option<f64>; 4] = if rows.is_empty() {
        [None; 4]
    } else {
        extent.map(Some)
    };
    conn.execute(
        "insert into gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
         values ('areas', 'features', 'arealbank areas', 'Business land (næringsareal) exported from arealbank', ?1, ?2, ?3, ?4, 25832)",
        extent,
    )?;
    conn.execute(
        "insert into gpkg_geometry_columns values ('areas', 'geom', 'MULTIPOLYGON', 25832, 0, 0)",
        [],
    )?;
    let tx = conn.transaction()?;
    {
        let placeholders: Vec<String> =
            (0..=columns.len()).map(|i| format!("?{}", i + 1)).collect();
        let names: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        let mut insert = tx.prepare(&format!(
            "insert into areas (geom{}{}) values ({})",
            if names.is_empty() { "" } else { ", " },
            names.join(", "),
            placeholders.join(", ")
        ))?;
        for r in rows {
            let mut values = vec![Sql::Blob(geometry_blob(&r.wkb, r.bbox))];
            for (c, t) in columns.iter().zip(&types) {
                values.push(sql_of(r.properties.get(c).unwrap_or(&Value::Null), t));
            }
            insert.execute(params_from_iter(values))?;
        }
    }
    tx.commit()?;
    drop(conn);
    std::fs::read(&path).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

fn geometry_blob(wkb: &[u8], bbox: [f64; 4]) -> Vec<u8> {
    // flags: envelope [minx, maxx, miny, maxy] (type 1), little-endian header
    let mut b = Vec::with_capacity(wkb.len() + 40);
    b.extend_from_slice(b"GP");
    b.push(0);
    b.push(0b0000_0011);
    b.extend_from_slice(&25832i32.to_le_bytes());
    for v in [bbox[0], bbox[2], bbox[1], bbox[3]] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(wkb);
    b
}

/// The GeoPackage column type that holds every value of this property.
fn column_type(rows: &[Row], column: &str) -> &'static str {
    match fields::field(column).filter(|f| f.source == fields::Source::Entered) {
        Some(f) if f.ty == Type::Boolean => return "BOOLEAN",
        Some(f) if f.ty == Type::Date => return "DATE",
        _ => {}
    }
    let values: Vec<&Value> = rows
        .iter()
        .filter_map(|r| r.properties.get(column))
        .filter(|v| !v.is_null())
        .collect();
    let all = |f: fn(&Value) -> bool| !values.is_empty() && values.iter().all(|v| f(v));
    if all(Value::is_boolean) {
        "BOOLEAN"
    } else if all(|v| v.is_i64()) {
        "INTEGER"
    } else if all(Value::is_number) {
        "DOUBLE"
    } else if all(|v| v.as_str().is_some_and(is_date)) {
        "DATE"
    } else {
        "TEXT"
    }
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn sql_of(v: &Value, column_type: &str) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) if column_type == "INTEGER" => n.as_i64().map_or(Sql::Null, Sql::Integer),
        Value::Number(n) => n.as_f64().map_or(Sql::Null, Sql::Real),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}
