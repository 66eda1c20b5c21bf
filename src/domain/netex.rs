//! Entur's national stop place register (NSR) as NeTEx XML: rail stations become
//! `passenger_station`, a stop place named skysstasjon (travel centre) `skysstasjon`. Read
//! without a DTD and without fetching anything, like plan GML.

use geo::{Geometry, Point};
use roxmltree::Node;

use super::layer::{LayerFeature, Parsed};
use super::{xml, Issue, IssueType};
use crate::spatial::{in_norway, Crs, Transformer};

fn refused(message: impl Into<String>) -> Vec<Issue> {
    vec![Issue::new(
        IssueType::InvalidValue,
        "document",
        None,
        message,
        "NeTEx XML from the national stop place register (StopPlace with Centroid)",
    )]
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text(n: Node, name: &str) -> Option<String> {
    child(n, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The stop places of a NeTEx document that arealbank holds; every problem by stop place.
pub fn read(bytes: &[u8]) -> Result<Parsed, Vec<Issue>> {
    let source = xml::text(bytes).map_err(refused)?;
    let doc = xml::parse(source).map_err(refused)?;
    let to_storage = Transformer::new(Crs::Crs84, Crs::Epsg25832)
        .map_err(|e| refused(format!("no coordinate transformation: {e}")))?;
    let mut out = Parsed::default();
    let mut issues = Vec::new();
    let stops = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "StopPlace");
    for (i, stop) in stops.enumerate() {
        let id = stop.attribute("id").map(str::to_string);
        let name = child(stop, "Name")
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string());
        let kind_of_stop = text(stop, "StopPlaceType");
        let skysstasjon = name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains("skysstasjon"));
        let kind = if skysstasjon {
            "skysstasjon"
        } else if kind_of_stop.as_deref() == Some("railStation") {
            "passenger_station"
        } else {
            out.skipped += 1;
            continue;
        };
        let location = child(stop, "Centroid").and_then(|c| child(c, "Location"));
        let lon_lat = location.and_then(|l| {
            Some((
                text(l, "Longitude")?.parse::<f64>().ok()?,
                text(l, "Latitude")?.parse::<f64>().ok()?,
            ))
        });
        let Some((lon, lat)) = lon_lat.filter(|(lon, lat)| in_norway(*lon, *lat)) else {
            issues.push(
                Issue::new(
                    IssueType::InvalidGeometry,
                    "Centroid",
                    None,
                    "the stop place has no position in Norway",
                    "Centroid/Location with Longitude and Latitude (WGS 84)",
                )
                .at(i, id.as_deref()),
            );
            continue;
        };
        let Ok((x, y)) = to_storage.point(lon, lat) else {
            continue;
        };
        let link = id
            .as_ref()
            .map(|id| format!("https://stoppested.entur.org/?stopPlaceId={id}"));
        out.features.push((
            kind,
            LayerFeature {
                name,
                class: kind_of_stop,
                class_labels: None,
                reference: id,
                link,
                properties: Default::default(),
                geometry: Geometry::Point(Point::new(x, y)),
            },
        ));
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rail_stations_and_the_skysstasjon_are_read_and_bus_stops_skipped() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<PublicationDelivery xmlns="http://www.netex.org.uk/netex" version="1.0">
 <dataObjects><SiteFrame id="NSR:SiteFrame:1" version="1"><stopPlaces>
  <StopPlace id="NSR:StopPlace:420" version="3"><Name lang="nor">Lillehammer skysstasjon</Name>
   <Centroid><Location><Longitude>10.461</Longitude><Latitude>61.1146</Latitude></Location></Centroid>
   <StopPlaceType>busStation</StopPlaceType></StopPlace>
  <StopPlace id="NSR:StopPlace:421" version="1"><Name>Hunderfossen stasjon</Name>
   <Centroid><Location><Longitude>10.4389</Longitude><Latitude>61.2222</Latitude></Location></Centroid>
   <StopPlaceType>railStation</StopPlaceType></StopPlace>
  <StopPlace id="NSR:StopPlace:999" version="1"><Name>Storgata</Name>
   <Centroid><Location><Longitude>10.46</Longitude><Latitude>61.11</Latitude></Location></Centroid>
   <StopPlaceType>onstreetBus</StopPlaceType></StopPlace>
 </stopPlaces></SiteFrame></dataObjects></PublicationDelivery>"#;
        let parsed = read(xml.as_bytes()).expect("parsed");
        let kinds: Vec<(&str, Option<&str>)> = parsed
            .features
            .iter()
            .map(|(k, f)| (*k, f.name.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("skysstasjon", Some("Lillehammer skysstasjon")),
                ("passenger_station", Some("Hunderfossen stasjon"))
            ]
        );
        assert_eq!(parsed.skipped, 1);
        assert_eq!(
            parsed.features[1].1.link.as_deref(),
            Some("https://stoppested.entur.org/?stopPlaceId=NSR:StopPlace:421")
        );
    }
}
