//! Plans and purpose areas made of the features read: a plan's attributes from its outline
//! (4.5, the national register) or its linked Arealplan (5.0), a purpose's plan from its
//! own identity or its linked plan area, ground level only, codes from the national lists,
//! surfaces transformed to EPSG:25832 and checked to lie in Norway.

use std::collections::BTreeMap;

use geo::{BoundingRect, Geometry, MultiPolygon};

use super::{plan_type, Plan, PlanData, PlanLevel, PlanType, Purpose, RawFeature};
use crate::domain::{CodeLists, Issue, IssueType};
use crate::spatial::{in_norway, Crs, Transformer};

const PLAN_STATUS: &[&str] = &["planstatus"];
const PLAN_TYPE: &[&str] = &["plantype"];
const MUNICIPALITY: &[&str] = &["kommunenummer", "kommunenr"];
const IDENT: &[&str] = &["planidentifikasjon", "planid"];
const CODE: &[&str] = &["arealformal"];
const STATUS: &[&str] = &["arealbruksstatus"];
const FIELD: &[&str] = &["feltbetegnelse", "feltnavn"];
const AREA_NAME: &[&str] = &["omradenavn"];
const LEVEL: &[&str] = &["vertikalniva"];
const NAME: &[&str] = &["plannavn"];
const IN_FORCE: &[&str] = &["ikrafttredelsesdato"];
const ADOPTED: &[&str] = &["vedtakendeligplandato"];
const LINK: &[&str] = &["link", "lenke", "planbestemmelserlenke"];
const OBJECT_TYPE: &[&str] = &["objekttype", "objtype", "featuretype"];

/// The plans and ground-level purpose areas of the features; every problem by feature.
pub fn resolve(features: Vec<RawFeature>, codes: &CodeLists) -> Result<PlanData, Vec<Issue>> {
    let transformers = Transformers::new()?;
    let mut issues = Vec::new();
    let mut out = PlanData::default();
    let typed: Vec<(usize, PlanType, Option<i32>, &RawFeature)> = features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let name = f
                .type_name
                .as_deref()
                .or_else(|| f.get(OBJECT_TYPE))
                .map(str::to_string);
            match name.as_deref().and_then(plan_type).or_else(|| infer(f)) {
                Some((t, level)) => Some((i, t, level, f)),
                None => {
                    out.other_types += 1;
                    None
                }
            }
        })
        .collect();
    let by_id = |id: &str, wanted: fn(PlanType) -> bool| find(&typed, id, wanted);
    let attributes_of = |f| attributes(&typed, f);
    let first = |chain: &[&RawFeature], keys: &[&str]| -> Option<String> {
        chain.iter().find_map(|f| f.get(keys)).map(str::to_string)
    };
    let mut outlines: BTreeMap<(PlanLevel, String, String), usize> = BTreeMap::new();
    for (i, t, _, f) in &typed {
        let PlanType::Area(level) = t else { continue };
        let chain = attributes_of(f);
        let at = |issue: Issue| issue.at(*i, first(&chain, IDENT).as_deref());
        let (Some(municipality), Some(ident)) = (first(&chain, MUNICIPALITY), first(&chain, IDENT))
        else {
            issues.push(at(Issue::new(
                IssueType::MissingValue,
                "planidentifikasjon",
                None,
                "the plan has no kommunenummer and planidentifikasjon",
                "arealplanId.kommunenummer and arealplanId.planidentifikasjon",
            )));
            continue;
        };
        let outline = match f.geometry.as_ref().map(|g| transformers.stored(g, f.crs)) {
            None => None,
            Some(Ok(g)) => Some(g),
            Some(Err(msg)) => {
                issues.push(at(geometry_issue(msg)));
                continue;
            }
        };
        let number = |keys: &[&str], field: &str, issues: &mut Vec<Issue>| {
            let text = first(&chain, keys)?;
            match text.parse::<i16>() {
                Ok(n) => Some(n),
                Err(_) => {
                    issues.push(at(Issue::new(
                        IssueType::InvalidValue,
                        field,
                        Some(text),
                        "not a code number",
                        "a SOSI code, e.g. 3",
                    )));
                    None
                }
            }
        };
        let plan_type = number(PLAN_TYPE, "plantype", &mut issues);
        let status = number(PLAN_STATUS, "planstatus", &mut issues);
        if let Some(s) = status.filter(|s| !codes.plan_status.contains_key(s)) {
            issues.push(at(Issue::new(
                IssueType::InvalidCode,
                "planstatus",
                Some(s.to_string()),
                "not a planstatus of the national list",
                CodeLists::accepted(codes.plan_status.keys()),
            )));
        }
        let key = (*level, municipality.clone(), ident.clone());
        if let Some(&k) = outlines.get(&key) {
            // the same plan at another vertical level: one outline
            let plan: &mut Plan = &mut out.plans[k];
            if let (Some(a), Some(b)) = (plan.outline.as_mut(), outline) {
                a.0.extend(b.0);
            }
            continue;
        }
        outlines.insert(key, out.plans.len());
        out.plans.push(Plan {
            level: *level,
            municipality,
            ident,
            plan_type,
            status,
            name: first(&chain, NAME),
            in_force: first(&chain, IN_FORCE).and_then(|d| date(&d)),
            adopted: first(&chain, ADOPTED).and_then(|d| date(&d)),
            link: first(&chain, LINK).filter(|l| l.starts_with("http")),
            outline,
        });
    }
    for (i, t, layer_level, f) in &typed {
        let PlanType::Purpose(level) = t else {
            continue;
        };
        // the plan of a purpose: its own attributes, or its RpOmråde (5.0 `planområde`)
        let area = f
            .link("planomrade")
            .and_then(|id| by_id(id, |t| matches!(t, PlanType::Area(_))));
        let mut chain = vec![*f];
        if let Some((a, _)) = area {
            chain.extend(attributes_of(a));
        }
        let at = |issue: Issue| issue.at(*i, first(&chain, FIELD).as_deref());
        let vertical = first(&[*f], LEVEL)
            .and_then(|v| v.parse::<i32>().ok())
            .or(*layer_level)
            .or_else(|| first(&chain[1..], LEVEL).and_then(|v| v.parse().ok()));
        if vertical.is_some_and(|v| v != 2) {
            out.other_levels += 1;
            continue;
        }
        let (Some(municipality), Some(ident)) = (first(&chain, MUNICIPALITY), first(&chain, IDENT))
        else {
            issues.push(at(Issue::new(
                IssueType::MissingValue,
                "planidentifikasjon",
                None,
                "the purpose area names no plan",
                "arealplanId.kommunenummer and arealplanId.planidentifikasjon, or a link to its plan area",
            )));
            continue;
        };
        if !outlines.contains_key(&(*level, municipality.clone(), ident.clone())) {
            issues.push(at(Issue::new(
                IssueType::Inconsistent,
                "planidentifikasjon",
                Some(format!("{municipality} {ident}")),
                format!(
                    "the file has no {} for this plan: its status and type are unknown",
                    if *level == PlanLevel::Kp {
                        "KpOmråde"
                    } else {
                        "RpOmråde"
                    }
                ),
                "the plan's area (KpOmråde / RpOmråde) in the same import",
            )));
            continue;
        }
        let Some(code_text) = first(&[*f], CODE) else {
            issues.push(at(Issue::new(
                IssueType::MissingValue,
                "arealformål",
                None,
                "the purpose area has no arealformål",
                "a code of the national list, e.g. 1300",
            )));
            continue;
        };
        let list = codes.land_use.get(level.as_str());
        let code = code_text.parse::<i32>().ok();
        let Some(code) = code.filter(|c| list.is_some_and(|l| l.contains_key(c))) else {
            issues.push(at(Issue::new(
                IssueType::InvalidCode,
                "arealformål",
                Some(code_text),
                format!(
                    "not an arealformål of the national {} list",
                    if *level == PlanLevel::Kp {
                        "kommuneplan"
                    } else {
                        "reguleringsplan"
                    }
                ),
                "a code of plan_codelists (e.g. 1300 Næringsbebyggelse); /api/codes lists them",
            )));
            continue;
        };
        let status = first(&[*f], STATUS);
        let status = match status.as_deref().map(str::parse::<i16>) {
            None => None,
            Some(Ok(s @ 1..=3)) => Some(s),
            Some(_) => {
                issues.push(at(Issue::new(
                    IssueType::InvalidCode,
                    "arealbruksstatus",
                    status,
                    "not an arealbruksstatus",
                    "1 nåværende, 2 framtidig, 3 videreutvikling",
                )));
                continue;
            }
        };
        let geometry = match f.geometry.as_ref().map(|g| transformers.stored(g, f.crs)) {
            Some(Ok(g)) => g,
            Some(Err(msg)) => {
                issues.push(at(geometry_issue(msg)));
                continue;
            }
            None => {
                issues.push(at(geometry_issue("the purpose area has no surface")));
                continue;
            }
        };
        out.purposes.push(Purpose {
            level: *level,
            municipality,
            ident,
            code,
            status,
            field_name: first(&[*f], FIELD),
            area_name: first(&[*f], AREA_NAME),
            geometry,
        });
    }
    if out.plans.is_empty() && issues.is_empty() {
        issues.push(Issue::new(
            IssueType::MissingValue,
            "document",
            None,
            "the file holds no plan areas (KpOmråde, RpOmråde)",
            "plan data with KpOmråde / RpOmråde and their arealformål areas",
        ));
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

type Typed<'a> = [(usize, PlanType, Option<i32>, &'a RawFeature)];

/// The feature of a wanted type with a GML id, and the vertical level of its layer.
fn find<'a>(
    typed: &Typed<'a>,
    id: &str,
    wanted: fn(PlanType) -> bool,
) -> Option<(&'a RawFeature, Option<i32>)> {
    typed
        .iter()
        .find(|(_, t, _, f)| wanted(*t) && f.id.as_deref() == Some(id))
        .map(|(_, _, level, f)| (*f, *level))
}

/// The features whose attributes describe a plan outline: itself (4.5, the national
/// register) and the Arealplan it links to (5.0).
fn attributes<'a>(typed: &Typed<'a>, f: &'a RawFeature) -> Vec<&'a RawFeature> {
    let mut chain = vec![f];
    if let Some((plan, _)) = f
        .link("arealplan")
        .and_then(|id| find(typed, id, |t| t == PlanType::Arealplan))
    {
        chain.push(plan);
    }
    chain
}

/// The type of a feature that names none, from its attributes.
fn infer(f: &RawFeature) -> Option<(PlanType, Option<i32>)> {
    if f.get(CODE).is_some() {
        let level = if f.get(STATUS).is_some() {
            PlanLevel::Kp
        } else {
            PlanLevel::Rp
        };
        return Some((PlanType::Purpose(level), None));
    }
    let plan_type: i32 = f.get(PLAN_TYPE)?.parse().ok()?;
    let level = match plan_type {
        20..=29 => PlanLevel::Kp,
        30..=39 => PlanLevel::Rp,
        _ => return None,
    };
    Some((PlanType::Area(level), None))
}

/// A date or time as the register writes it (`2019-06-20`, `2019-06-20T00:00:00`, `20190620`).
fn date(text: &str) -> Option<chrono::NaiveDate> {
    let t = text.trim();
    chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d")
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(t.get(..8)?, "%Y%m%d").ok())
}

fn geometry_issue(msg: &str) -> Issue {
    Issue::new(
        IssueType::InvalidGeometry,
        "geometry",
        None,
        msg,
        "a surface (polygon or multipolygon) in Norway in the file's CRS",
    )
}

/// From each accepted CRS to storage and to longitude/latitude (for the Norway check).
struct Transformers(Vec<(Crs, Transformer, Transformer)>);

impl Transformers {
    fn new() -> Result<Self, Vec<Issue>> {
        let broken = |e: proj::ProjCreateError| {
            vec![Issue::new(
                IssueType::UnsupportedCrs,
                "crs",
                None,
                format!("no coordinate transformation: {e}"),
                "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
            )]
        };
        let mut all = Vec::new();
        for crs in Crs::ALL {
            all.push((
                crs,
                Transformer::new(crs, Crs::Epsg25832).map_err(broken)?,
                Transformer::new(crs, Crs::Crs84).map_err(broken)?,
            ));
        }
        Ok(Self(all))
    }

    /// A surface in EPSG:25832, checked to lie in Norway.
    fn stored(&self, g: &Geometry<f64>, crs: Crs) -> Result<MultiPolygon<f64>, &'static str> {
        let (_, to_storage, to_lon_lat) = self
            .0
            .iter()
            .find(|(c, _, _)| *c == crs)
            .ok_or("the CRS is not accepted")?;
        let mut surface = match g {
            Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
            Geometry::MultiPolygon(m) => m.clone(),
            _ => return Err("a plan or purpose area is a surface"),
        };
        let inside = surface.bounding_rect().is_some_and(|r| {
            [r.min(), r.max()].iter().all(|c| {
                to_lon_lat
                    .point(c.x, c.y)
                    .is_ok_and(|(lon, lat)| in_norway(lon, lat))
            })
        });
        if !inside {
            return Err("the surface lies outside Norway in the file's CRS");
        }
        to_storage
            .multi_polygon(&mut surface)
            .map_err(|_| "the coordinates cannot be transformed")?;
        Ok(surface)
    }
}
