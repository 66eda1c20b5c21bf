//! Plain-language explanations of search results, in bokmål and English: what each part
//! of a fit score is made of, and which criterion a near miss misses and by how much.

use serde::Serialize;

use super::codes::{LandControl, Readiness};
use super::profile::{Factor, Scored};
use super::search::{Criteria, SiteFacts};

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    pub nb: String,
    pub en: String,
}

fn text(nb: String, en: String) -> Text {
    Text { nb, en }
}

/// A number with `decimals` decimals, with a decimal comma for bokmål.
fn num(v: f64, decimals: usize) -> (String, String) {
    let en = format!("{v:.decimals$}");
    (en.replace('.', ","), en)
}

fn km(m: Option<f64>) -> (String, String) {
    match m {
        Some(m) => {
            let (nb, en) = num(m / 1000.0, 1);
            (format!("{nb} km"), format!("{en} km"))
        }
        None => ("ukjent avstand".into(), "unknown distance".into()),
    }
}

fn pct(share: Option<f64>) -> (String, String) {
    let (nb, en) = num(share.unwrap_or(0.0) * 100.0, 0);
    (format!("{nb} %"), format!("{en} %"))
}

fn power(s: &SiteFacts) -> (String, String) {
    match (s.free_mw_min, s.free_mw_max) {
        (Some(lo), Some(hi)) if lo != hi => {
            let (a, b) = (num(lo, 1), num(hi, 1));
            (format!("{}–{} MW", a.0, b.0), format!("{}–{} MW", a.1, b.1))
        }
        (Some(lo), _) => {
            let a = num(lo, 1);
            (format!("{} MW", a.0), format!("{} MW", a.1))
        }
        _ => ("ukjent antall MW".into(), "unknown MW".into()),
    }
}

fn readiness(code: &str) -> (String, String) {
    Readiness::parse(code).map_or((code.into(), code.into()), |r| {
        let (nb, en) = r.labels();
        (nb.to_lowercase(), en.to_lowercase())
    })
}

/// "+2.4 · 1.2 km to E6 junction", "−0.8 · 38 % on farmland".
pub fn part(p: &Scored, s: &SiteFacts) -> Text {
    let (sign_nb, sign_en) = {
        let (nb, en) = num(p.points.abs(), 1);
        let sign = match p.points {
            x if x < 0.0 => "−",
            x if x > 0.0 => "+",
            _ => "±",
        };
        (format!("{sign}{nb}"), format!("{sign}{en}"))
    };
    let station = s
        .substation_name
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let (nb, en) = match p.factor {
        Factor::Size => {
            let (nb, en) = num(s.available_m2 / 1000.0, 1);
            (format!("{nb} daa ledig"), format!("{en} daa available"))
        }
        Factor::Power => {
            let (nb, en) = power(s);
            (
                format!("{nb} ledig i nærmeste stasjon{station}"),
                format!("{en} free at the nearest substation{station}"),
            )
        }
        Factor::Readiness => readiness(&s.readiness),
        Factor::E6Junction => {
            let (nb, en) = km(s.e6_junction_m);
            (
                format!("{nb} til E6-kryss"),
                format!("{en} to an E6 junction"),
            )
        }
        Factor::RailTerminal => {
            let (nb, en) = km(s.rail_terminal_m);
            (
                format!("{nb} til godsterminal"),
                format!("{en} to a rail freight terminal"),
            )
        }
        Factor::Skysstasjon => {
            let (nb, en) = km(s.skysstasjon_m);
            (
                format!("{nb} til Lillehammer skysstasjon"),
                format!("{en} to Lillehammer travel centre"),
            )
        }
        Factor::TownCentre => {
            let (nb, en) = km(s.town_centre_m);
            (
                format!("{nb} til sentrum"),
                format!("{en} to a town centre"),
            )
        }
        Factor::MainRoad => {
            let (nb, en) = km(s.main_road_m);
            (format!("{nb} til hovedveg"), format!("{en} to a main road"))
        }
        Factor::Farmland => {
            let (nb, en) = pct(s.farmland_share);
            (format!("{nb} på dyrka mark"), format!("{en} on farmland"))
        }
        Factor::Nature => {
            let (nb, en) = pct(s.nature_share);
            (
                format!("{nb} i verneområde"),
                format!("{en} in protected nature"),
            )
        }
        Factor::Fibre => match s.fibre.as_str() {
            "yes" => ("fiber på plass".into(), "fibre in place".into()),
            "planned" => ("fiber planlagt".into(), "fibre planned".into()),
            "no" => ("ikke fiber".into(), "no fibre".into()),
            _ => ("fiber ukjent".into(), "fibre unknown".into()),
        },
    };
    text(format!("{sign_nb} · {nb}"), format!("{sign_en} · {en}"))
}

/// What a near miss misses: "8.3 km to an E6 junction (at most 5 km asked)".
pub fn missed(criterion: &str, s: &SiteFacts, c: &Criteria) -> Text {
    let limit = |v: Option<f64>, d: usize| num(v.unwrap_or(0.0), d);
    let distance = |m: Option<f64>, limit_km: Option<f64>, nb_to: &str, en_to: &str| {
        let (vnb, ven) = km(m);
        let (lnb, len) = limit(limit_km, 1);
        text(
            format!("{vnb} til {nb_to} (krav: høyst {lnb} km)"),
            format!("{ven} to {en_to} (asked: at most {len} km)"),
        )
    };
    match criterion {
        "min_daa" | "max_daa" => {
            let (vnb, ven) = num(s.available_m2 / 1000.0, 1);
            let (word_nb, word_en, l) = if criterion == "min_daa" {
                ("minst", "at least", c.min_daa)
            } else {
                ("høyst", "at most", c.max_daa)
            };
            let (lnb, len) = limit(l, 1);
            text(
                format!("{vnb} daa ledig (krav: {word_nb} {lnb} daa)"),
                format!("{ven} daa available (asked: {word_en} {len} daa)"),
            )
        }
        "min_readiness" => {
            let (vnb, ven) = readiness(&s.readiness);
            let (lnb, len) = c
                .min_readiness
                .map(|r| readiness(r.as_str()))
                .unwrap_or_default();
            text(
                format!("{vnb} (krav: minst {lnb})"),
                format!("{ven} (asked: at least {len})"),
            )
        }
        "available_by" => {
            let by = c.available_by.map(|d| d.to_string()).unwrap_or_default();
            match s.available_from {
                Some(d) => text(
                    format!("ledig fra {d} (krav: innen {by})"),
                    format!("available from {d} (asked: by {by})"),
                ),
                None => text(
                    format!("ledig-dato ukjent og ikke byggeklar (krav: innen {by})"),
                    format!("no availability date and not ready to build (asked: by {by})"),
                ),
            }
        }
        "min_mw" => {
            let (vnb, ven) = power(s);
            let (lnb, len) = limit(c.min_mw, 1);
            text(
                format!("{vnb} ledig i nærmeste stasjon (krav: minst {lnb} MW, nedre ende)"),
                format!(
                    "{ven} free at the nearest substation (asked: at least {len} MW, lower end)"
                ),
            )
        }
        "max_e6_km" => distance(s.e6_junction_m, c.max_e6_km, "E6-kryss", "an E6 junction"),
        "max_rail_km" => distance(
            s.rail_terminal_m,
            c.max_rail_km,
            "godsterminal",
            "a rail freight terminal",
        ),
        "max_skysstasjon_km" => distance(
            s.skysstasjon_m,
            c.max_skysstasjon_km,
            "Lillehammer skysstasjon",
            "Lillehammer travel centre",
        ),
        "max_centre_km" => distance(s.town_centre_m, c.max_centre_km, "sentrum", "a town centre"),
        "max_farmland_pct" | "max_nature_pct" => {
            let farmland = criterion == "max_farmland_pct";
            let (vnb, ven) = pct(if farmland {
                s.farmland_share
            } else {
                s.nature_share
            });
            let (lnb, len) = limit(
                if farmland {
                    c.max_farmland_pct
                } else {
                    c.max_nature_pct
                },
                0,
            );
            let (on_nb, on_en) = if farmland {
                ("på dyrka mark", "on farmland")
            } else {
                ("i verneområde", "in protected nature")
            };
            text(
                format!("{vnb} {on_nb} (krav: høyst {lnb} %)"),
                format!("{ven} {on_en} (asked: at most {len} %)"),
            )
        }
        "max_flood_pct" | "max_landslide_pct" | "max_quick_clay_pct" => {
            let (share, max, on_nb, on_en) = match criterion {
                "max_flood_pct" => (
                    s.flood_share,
                    c.max_flood_pct,
                    "i flomsone",
                    "in a flood zone",
                ),
                "max_landslide_pct" => (
                    s.landslide_share,
                    c.max_landslide_pct,
                    "i skredfaresone",
                    "in a landslide zone",
                ),
                _ => (
                    s.quick_clay_share,
                    c.max_quick_clay_pct,
                    "i kvikkleiresone",
                    "in a quick-clay zone",
                ),
            };
            let (vnb, ven) = pct(share);
            let (lnb, len) = limit(max, 0);
            text(
                format!("{vnb} {on_nb} (krav: høyst {lnb} %)"),
                format!("{ven} {on_en} (asked: at most {len} %)"),
            )
        }
        "land_control" => {
            let label = |code: &str| {
                LandControl::parse(code).map_or((code.to_string(), code.to_string()), |l| {
                    let (nb, en) = l.labels();
                    (nb.to_lowercase(), en.to_lowercase())
                })
            };
            let (vnb, ven) = label(&s.land_control);
            let asked: Vec<(String, String)> =
                c.land_control.iter().flatten().map(|x| label(x)).collect();
            let join = |f: fn(&(String, String)) -> &String| {
                asked.iter().map(f).cloned().collect::<Vec<_>>().join(", ")
            };
            text(
                format!("grunneier: {vnb} (krav: {})", join(|x| &x.0)),
                format!("land control: {ven} (asked: {})", join(|x| &x.1)),
            )
        }
        "max_price" => {
            let (lnb, len) = limit(c.max_price, 0);
            match s.price_min {
                Some(p) => {
                    let (vnb, ven) = num(p, 0);
                    text(
                        format!("fra {vnb} kr/m² (krav: høyst {lnb} kr/m²)"),
                        format!("from NOK {ven}/m² (asked: at most NOK {len}/m²)"),
                    )
                }
                None => text(
                    format!("pris ukjent (krav: høyst {lnb} kr/m²)"),
                    format!("price unknown (asked: at most NOK {len}/m²)"),
                ),
            }
        }
        "utilities" => {
            let missing: Vec<&str> = c
                .utilities
                .iter()
                .flatten()
                .map(String::as_str)
                .filter(|u| !s.utilities_present.iter().any(|p| p == u))
                .collect();
            let nb: Vec<&str> = missing.iter().map(|u| utility_nb(u)).collect();
            let en: Vec<&str> = missing.iter().map(|u| utility_en(u)).collect();
            text(
                format!("mangler {}", nb.join(", ")),
                format!("lacks {}", en.join(", ")),
            )
        }
        other => text(other.to_string(), other.to_string()),
    }
}

fn utility_nb(u: &str) -> &'static str {
    match u {
        "water" => "vann",
        "sewage" => "avløp",
        "stormwater" => "overvann",
        "fibre" => "fiber",
        _ => "fjernvarme",
    }
}

fn utility_en(u: &str) -> &'static str {
    match u {
        "water" => "water",
        "sewage" => "sewage",
        "stormwater" => "stormwater",
        "fibre" => "fibre",
        _ => "district heating",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::Scored;

    #[test]
    fn parts_and_misses_read_like_sentences() {
        let s = SiteFacts {
            available_m2: 12_000.0,
            e6_junction_m: Some(1234.0),
            farmland_share: Some(0.38),
            utilities_present: vec!["water".into()],
            ..SiteFacts::default()
        };
        let p = Scored {
            factor: Factor::E6Junction,
            value: s.e6_junction_m,
            weight: 3.0,
            penalty: false,
            points: 2.6,
        };
        assert_eq!(part(&p, &s).en, "+2.6 · 1.2 km to an E6 junction");
        assert_eq!(part(&p, &s).nb, "+2,6 · 1,2 km til E6-kryss");
        let f = Scored {
            factor: Factor::Farmland,
            value: s.farmland_share,
            weight: 2.0,
            penalty: true,
            points: -1.52,
        };
        assert_eq!(part(&f, &s).en, "−1.5 · 38 % on farmland");
        let c = Criteria {
            max_e6_km: Some(1.0),
            utilities: Some(vec!["water".into(), "sewage".into(), "fibre".into()]),
            ..Criteria::default()
        };
        assert_eq!(
            missed("max_e6_km", &s, &c).en,
            "1.2 km to an E6 junction (asked: at most 1.0 km)"
        );
        assert_eq!(missed("utilities", &s, &c).nb, "mangler avløp, fiber");
    }
}
