//! Where each field of [`AREA_FIELDS`] is kept, as SQL: the filter's column of a
//! queryable and the members of the Feature texts the database builds. The SQL objects in
//! `src/db/objects/` name these lists as `{{…}}` placeholders, expanded here before they are
//! created, over the aliases `a` (the area), `f` (its facts) and `s` (its substation).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::domain::fields::{
    entered_fields, Access, Field, Kept, Measure, Source, Type, AREA_FIELDS,
};

/// The SQL expression of a field's value over `a`, `f` and `s` (as the Feature text shows
/// it); `None` for what only exports carry.
fn expression(field: &Field) -> Option<String> {
    let name = field.name;
    Some(match field.kept {
        Kept::Area => format!("a.{name}"),
        Kept::Fact => format!("f.{name}"),
        Kept::Substation(column) => format!("s.{column}"),
        Kept::Conflict(layer, Measure::Share) => {
            format!("coalesce(f.conflicts -> '{layer}' -> 'share', '0')")
        }
        Kept::Conflict(layer, Measure::SquareMetres) => {
            format!("coalesce(f.conflicts -> '{layer}' -> 'm2', '0')")
        }
        Kept::FarmlandClasses => "f.farmland_classes".into(),
        Kept::Zoning(path) => match field.ty {
            Type::Json => format!("f.zoning #> '{{{path}}}'"),
            Type::Text(_) => format!("(f.zoning #>> '{{{path}}}')"),
            Type::Integer => format!("(f.zoning #>> '{{{path}}}')::int"),
            Type::Number => format!("(f.zoning #>> '{{{path}}}')::float8"),
            Type::Boolean => format!("(f.zoning #>> '{{{path}}}')::boolean"),
            Type::Date => format!("(f.zoning #>> '{{{path}}}')::date"),
            Type::Timestamp => format!("(f.zoning #>> '{{{path}}}')::timestamptz"),
        },
        Kept::LocationProfile | Kept::LocationProfileReasons => format!(
            "location_profile(f.town_centre_m, least(f.passenger_station_m, f.skysstasjon_m), \
             f.e6_junction_m, gross_m2) -> '{}'",
            if field.kept == Kept::LocationProfile {
                "profile"
            } else {
                "reasons"
            }
        ),
        Kept::SubstationStale => "s.as_of < current_date - coalesce(\
             nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365)"
            .into(),
        Kept::FactsComputedAt => "f.computed_at".into(),
        Kept::ExportOnly => return None,
    })
}

/// The filter's SQL of each queryable (over `a`, `f`, `s`), `geometry` included.
static COLUMNS: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    let mut columns: HashMap<&'static str, String> = AREA_FIELDS
        .iter()
        .filter(|f| f.queryable)
        .filter_map(|f| {
            let sql = match (f.kept, f.ty) {
                // numeric columns (prices) compare as double precision, like every number
                (Kept::Area, Type::Number) => format!("{}::float8", expression(f)?),
                (Kept::Conflict(layer, Measure::Share), _) => {
                    format!("coalesce((f.conflicts -> '{layer}' ->> 'share')::float8, 0)")
                }
                _ => expression(f)?,
            };
            Some((f.name, sql))
        })
        .collect();
    columns.insert("geometry", "a.geom".into());
    columns
});

/// The SQL of a queryable, or `None` for a name that is not one.
pub fn column(name: &str) -> Option<&'static str> {
    COLUMNS.get(name).map(String::as_str)
}

/// `"name":value` members of a JSON object for the fields chosen, each value as JSON text,
/// joined with commas; with `leading_comma` every member starts with one.
fn members(chosen: impl Fn(&Field) -> bool, leading_comma: bool) -> String {
    let parts: Vec<String> = AREA_FIELDS
        .iter()
        .filter(|f| chosen(f))
        .filter_map(|f| {
            let sql = expression(f)?;
            let sql = match f.decimals {
                Some(d) => format!("round(({sql})::numeric, {d})"),
                None => sql,
            };
            Some(format!(
                "'\"{}\":' || coalesce(to_json({sql})::text, 'null')",
                f.name
            ))
        })
        .collect();
    let sep = "\n    || ',' || ";
    let joined = parts.join(sep);
    if leading_comma {
        format!("(',' || {joined})")
    } else {
        format!("({joined})")
    }
}

/// Insert one area from its checked values (`$1`, JSON) and outline (`$2`, GeoJSON in
/// EPSG:25832): the columns with a value, so that the others take their defaults.
pub fn insert_sql(values: &Map<String, Value>) -> String {
    let columns: Vec<&str> = entered_fields()
        .map(|f| f.name)
        .filter(|n| values.get(*n).is_some_and(|v| !v.is_null()))
        .collect();
    let columns = columns.join(", ");
    format!(
        "insert into area ({columns}, geom) \
         select {columns}, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 25832)) \
         from jsonb_populate_record(null::area, $1) returning id"
    )
}

/// Replace an area's entered fields (`$2`, JSON; those set on creation only are kept) and,
/// when `$3` is given, its outline — unless within 2 cm of the stored one (e.g. the same
/// outline after a round trip through CRS84 with 7 decimals), so that it is not recorded as
/// a change — bumping its version.
pub fn update_sql() -> String {
    let columns: Vec<&str> = entered_fields()
        .filter(|f| !f.on_create_only)
        .map(|f| f.name)
        .collect();
    let columns = columns.join(", ");
    format!(
        "update area set ({columns}) = (select {columns} from jsonb_populate_record(null::area, $2)), \
         geom = coalesce(\
             (select case when ST_HausdorffDistance(n.g, area.geom) <= 0.02 then area.geom else n.g end \
              from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3::text), 25832)) as g) n \
              where n.g is not null), geom), \
         version = version + 1 \
         where id = $1 returning version"
    )
}

fn on_area(f: &Field, access: Access) -> bool {
    f.access == access && f.source != Source::Fact && f.kept == Kept::Area
}

/// The SQL of an object file with its `{{…}}` field lists written out.
pub fn expand(sql: &str) -> String {
    sql.replace(
        "{{public_properties}}",
        &members(|f| on_area(f, Access::Public), false),
    )
    .replace(
        "{{signed_in_properties}}",
        &members(|f| on_area(f, Access::SignedIn), true),
    )
    .replace(
        "{{private_properties}}",
        &members(|f| on_area(f, Access::Private), true),
    )
    .replace(
        "{{fact_properties}}",
        &members(|f| f.source == Source::Fact, false),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_queryable_has_a_column_and_nothing_private_does() {
        for f in AREA_FIELDS {
            assert_eq!(column(f.name).is_some(), f.queryable, "{}", f.name);
        }
        assert_eq!(
            column("price_nok_per_m2_min"),
            Some("a.price_nok_per_m2_min::float8")
        );
        assert_eq!(
            column("farmland_share"),
            Some("coalesce((f.conflicts -> 'farmland' ->> 'share')::float8, 0)")
        );
        assert_eq!(column("owner_name"), None);
    }

    #[test]
    fn the_lists_leave_no_placeholder_and_keep_private_fields_apart() {
        let public = expand("{{public_properties}}");
        assert!(public.starts_with("('\"reference\":' || coalesce(to_json(a.reference)::text"));
        assert!(public.contains("round((a.area_gross_m2)::numeric, 1)"));
        assert!(!public.contains("owner_name") && !public.contains("published"));
        let private = expand("{{private_properties}}");
        assert!(private.contains("owner_name") && private.contains("internal_notes"));
        let facts = expand("{{fact_properties}}");
        assert!(facts
            .contains("\"substation_free_mw_min\":' || coalesce(to_json(s.free_capacity_mw_min)"));
        assert!(!expand("{{fact_properties}} {{signed_in_properties}}").contains("{{"));
    }
}
