//! SOSI Plan GML (4.5 and 5.0, GML 3.2 or 3.1): the feature members with their
//! attributes, xlink references and surfaces. Parsed without a DTD (a document type
//! declaration, and with it every entity, is refused) and without fetching anything: a
//! `schemaLocation` is only text, an XInclude is refused.

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use roxmltree::Node;

use super::{normalise, RawFeature};
use crate::domain::{xml, Issue, IssueType};
use crate::spatial::Crs;

const XLINK: &str = "http://www.w3.org/1999/xlink";
const XINCLUDE: &str = "http://www.w3.org/2001/XInclude";
const ACCEPTED: &str = "SOSI Plan GML (4.5 or 5.0) without a DOCTYPE or XInclude";

/// Whether bytes look like XML (an XML declaration or a first element).
pub fn is_xml(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

fn refused(message: impl Into<String>) -> Vec<Issue> {
    vec![Issue::new(
        IssueType::InvalidValue,
        "document",
        None,
        message,
        ACCEPTED,
    )]
}

fn is_gml(n: &Node) -> bool {
    n.tag_name()
        .namespace()
        .is_some_and(|ns| ns.starts_with("http://www.opengis.net/gml"))
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(Node::is_element)
}

/// The features of a GML document and its CRS (from the first `srsName`).
pub fn read(bytes: &[u8]) -> Result<(Vec<RawFeature>, Option<Crs>), Vec<Issue>> {
    let text = xml::text(bytes).map_err(refused)?;
    let doc = xml::parse(text).map_err(refused)?;
    if doc
        .descendants()
        .any(|n| n.tag_name().namespace() == Some(XINCLUDE))
    {
        return Err(refused(
            "the GML includes other documents (XInclude); nothing is fetched, so the file is refused",
        ));
    }
    let crs = doc
        .descendants()
        .find_map(|n| n.attribute("srsName"))
        .map(|s| {
            Crs::parse(s).map_err(|e| {
                vec![Issue::new(
                    IssueType::UnsupportedCrs,
                    "srsName",
                    Some(s.to_string()),
                    e.to_string(),
                    "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
                )]
            })
        })
        .transpose()?;
    let swap = crs.is_some_and(Crs::latitude_first);
    let mut features = Vec::new();
    for member in elements(doc.root_element()) {
        let local = member.tag_name().name();
        let items: Vec<Node> = match local {
            "featureMember" | "member" | "featureMembers" => elements(member).collect(),
            "boundedBy" => continue,
            // a collection whose children are the features themselves
            _ => vec![member],
        };
        for f in items {
            features.push(feature(f, swap)?);
        }
    }
    Ok((features, crs))
}

fn feature(f: Node, swap: bool) -> Result<RawFeature, Vec<Issue>> {
    let mut raw = RawFeature {
        type_name: Some(f.tag_name().name().to_string()),
        id: f
            .attributes()
            .find(|a| a.name() == "id")
            .map(|a| a.value().to_string()),
        ..RawFeature::default()
    };
    for c in elements(f) {
        if is_gml(&c) {
            continue; // boundedBy, name, description
        }
        let name = normalise(c.tag_name().name());
        if let Some(href) = c.attribute((XLINK, "href")) {
            raw.links
                .push((name, href.trim_start_matches('#').to_string()));
            continue;
        }
        if let Some(g) = c.descendants().find(|n| {
            is_gml(n)
                && matches!(
                    n.tag_name().name(),
                    "MultiSurface" | "Surface" | "Polygon" | "CompositeSurface"
                )
        }) {
            if raw.geometry.is_none() {
                raw.geometry = Some(Geometry::MultiPolygon(surface(g, swap).map_err(|m| {
                    vec![Issue::new(
                        IssueType::InvalidGeometry,
                        "geometry",
                        None,
                        m,
                        "GML surfaces: Polygon, Surface or MultiSurface with posList, pos or Arc segments",
                    )
                    .at(0, raw.id.as_deref())]
                })?));
            }
            continue;
        }
        for leaf in c
            .descendants()
            .filter(|n| n.is_element() && elements(*n).next().is_none())
        {
            let text = leaf.text().unwrap_or("").trim();
            if !text.is_empty() {
                raw.props
                    .entry(normalise(leaf.tag_name().name()))
                    .or_insert_with(|| text.to_string());
            }
        }
    }
    Ok(raw)
}

/// Every polygon under a surface element (MultiSurface, CompositeSurface, Surface, Polygon).
fn surface(n: Node, swap: bool) -> Result<MultiPolygon<f64>, String> {
    let mut out = Vec::new();
    for p in n
        .descendants()
        .filter(|d| is_gml(d) && matches!(d.tag_name().name(), "Polygon" | "PolygonPatch"))
    {
        let mut exterior = None;
        let mut interiors = Vec::new();
        for part in elements(p) {
            match part.tag_name().name() {
                "exterior" | "outerBoundaryIs" => exterior = Some(ring(part, swap)?),
                "interior" | "innerBoundaryIs" => interiors.push(ring(part, swap)?),
                _ => {}
            }
        }
        let exterior = exterior.ok_or("a polygon without an exterior ring")?;
        out.push(Polygon::new(exterior, interiors));
    }
    if out.is_empty() {
        return Err("a surface without polygons".into());
    }
    Ok(MultiPolygon(out))
}

/// A ring: a LinearRing's coordinates, or a Ring's curve segments joined.
fn ring(n: Node, swap: bool) -> Result<LineString<f64>, String> {
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for seg in n.descendants().filter(|d| {
        is_gml(d)
            && matches!(
                d.tag_name().name(),
                "LinearRing"
                    | "LineStringSegment"
                    | "LineString"
                    | "Arc"
                    | "ArcString"
                    | "GeodesicString"
            )
    }) {
        let points = positions(seg, swap)?;
        let points = if matches!(seg.tag_name().name(), "Arc" | "ArcString") {
            arcs(&points)
        } else {
            points
        };
        for c in points {
            if coords.last() != Some(&c) {
                coords.push(c);
            }
        }
    }
    if coords.len() < 4 || coords.first() != coords.last() {
        return Err("a ring must be closed and have at least four positions".into());
    }
    Ok(LineString(coords))
}

/// The positions of a segment: `posList`, `pos` elements or GML 2 `coordinates`.
fn positions(seg: Node, swap: bool) -> Result<Vec<Coord<f64>>, String> {
    let dim = seg
        .ancestors()
        .chain(seg.descendants())
        .find_map(|a| a.attribute("srsDimension"))
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(2)
        .max(2);
    let mut numbers: Vec<f64> = Vec::new();
    let mut per = dim;
    for c in elements(seg) {
        let text = c.text().unwrap_or("");
        match c.tag_name().name() {
            "posList" | "pos" => {
                for t in text.split_whitespace() {
                    numbers.push(t.parse().map_err(|_| format!("{t:?} is not a number"))?);
                }
            }
            "coordinates" => {
                per = 2;
                for pair in text.split_whitespace() {
                    for t in pair.split(',').take(2) {
                        numbers.push(t.parse().map_err(|_| format!("{t:?} is not a number"))?);
                    }
                }
            }
            _ => {}
        }
    }
    if !numbers.len().is_multiple_of(per) {
        return Err(format!(
            "{} numbers do not make positions of {per}",
            numbers.len()
        ));
    }
    Ok(numbers
        .chunks(per)
        .map(|c| {
            if swap {
                Coord { x: c[1], y: c[0] }
            } else {
                Coord { x: c[0], y: c[1] }
            }
        })
        .collect())
}

/// Circular arcs through each three positions (start, on the arc, end), as 16 chords
/// each; three positions on a line stay a line.
fn arcs(points: &[Coord<f64>]) -> Vec<Coord<f64>> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut out = vec![points[0]];
    for w in points.windows(3).step_by(2) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let d = 2.0 * (a.x * (b.y - c.y) + b.x * (c.y - a.y) + c.x * (a.y - b.y));
        if d.abs() < 1e-12 {
            out.extend([b, c]);
            continue;
        }
        let sq = |p: Coord<f64>| p.x * p.x + p.y * p.y;
        let ux = (sq(a) * (b.y - c.y) + sq(b) * (c.y - a.y) + sq(c) * (a.y - b.y)) / d;
        let uy = (sq(a) * (c.x - b.x) + sq(b) * (a.x - c.x) + sq(c) * (b.x - a.x)) / d;
        let r = ((a.x - ux).powi(2) + (a.y - uy).powi(2)).sqrt();
        let angle = |p: Coord<f64>| (p.y - uy).atan2(p.x - ux);
        let (t0, t1, t2) = (angle(a), angle(b), angle(c));
        let tau = std::f64::consts::TAU;
        // the sweep from a to c that passes b
        let ccw = |from: f64, to: f64| (to - from).rem_euclid(tau);
        let sweep = if ccw(t0, t1) <= ccw(t0, t2) {
            ccw(t0, t2)
        } else {
            ccw(t0, t2) - tau
        };
        for k in 1..16 {
            let t = t0 + sweep * f64::from(k) / 16.0;
            out.push(Coord {
                x: ux + r * t.cos(),
                y: uy + r * t.sin(),
            });
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doctype_is_refused_before_any_entity_is_read() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/secret">]>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2"><x>&e;</x></gml:FeatureCollection>"#;
        let issues = read(xml.as_bytes()).expect_err("refused");
        assert!(issues[0].message.contains("DOCTYPE"), "{issues:?}");
    }

    #[test]
    fn an_xinclude_is_refused() {
        let xml = r#"<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2"
            xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="http://127.0.0.1:9/x.gml"/></gml:FeatureCollection>"#;
        let issues = read(xml.as_bytes()).expect_err("refused");
        assert!(issues[0].message.contains("XInclude"), "{issues:?}");
    }

    /// The DiBK validator's synthetic Reguleringsplanforslag 5.0 files (MIT, see
    /// tests/fixtures/plan/): features, attributes, links and surfaces, arcs included.
    #[test]
    fn the_dibk_gml_fixtures_parse() {
        for (file, types, links_resolve) in [
            (
                include_str!("../../../tests/fixtures/plan/dibk_reguleringsplanforslag50_testfixture_gml.avgr.1-pass.gml"),
                vec!["Arealplan", "RpOmråde", "RpArealformålOmråde"],
                true,
            ),
            (
                include_str!("../../../tests/fixtures/plan/dibk_reguleringsplanforslag50_testfixture_gml.gmlid.1-2D-pass.gml"),
                vec!["Arealplan", "RpOmråde"],
                // the gml:id fixture's plan area links to an id the file does not hold
                false,
            ),
        ] {
            let (features, crs) = read(file.as_bytes()).expect("parses");
            assert_eq!(crs, Some(Crs::Epsg25832));
            for t in &types {
                assert!(
                    features.iter().any(|f| f.type_name.as_deref() == Some(*t)),
                    "{t} in {:?}",
                    features.iter().map(|f| &f.type_name).collect::<Vec<_>>()
                );
            }
            let area = features
                .iter()
                .find(|f| f.type_name.as_deref() == Some("RpOmråde"))
                .expect("RpOmråde");
            // SOSI 5.0: the outline links to its plan object
            let plan = features
                .iter()
                .find(|f| {
                    f.type_name.as_deref() == Some("Arealplan")
                        && (!links_resolve || f.id.as_deref() == area.link("arealplan"))
                })
                .expect("the linked Arealplan");
            assert!(area.link("arealplan").is_some(), "{:?}", area.links);
            assert!(matches!(
                plan.props.get("plantype").map(String::as_str),
                Some("34" | "35")
            ));
            assert!(plan.props.contains_key("planstatus"));
            assert!(plan.props.contains_key("kommunenummer"));
            let Some(Geometry::MultiPolygon(m)) = &area.geometry else {
                panic!("the plan area's surface")
            };
            assert!(m.0[0].exterior().0.len() >= 4);
            for p in features
                .iter()
                .filter(|f| f.type_name.as_deref() == Some("RpArealformålOmråde"))
            {
                assert!(p.props["arealformal"].parse::<i32>().is_ok(), "{:?}", p.props);
                assert_eq!(p.link("planomrade"), area.id.as_deref());
                assert!(p.geometry.is_some());
            }
        }
    }

    #[test]
    fn an_arc_through_three_points_stays_on_its_circle() {
        let pts = [
            Coord { x: 1.0, y: 0.0 },
            Coord { x: 0.0, y: 1.0 },
            Coord { x: -1.0, y: 0.0 },
        ];
        let out = arcs(&pts);
        assert_eq!(out.len(), 17);
        for p in &out {
            assert!(((p.x * p.x + p.y * p.y).sqrt() - 1.0).abs() < 1e-9);
            assert!(
                p.y >= -1e-9,
                "the arc passes through (0, 1), above the axis"
            );
        }
    }
}
