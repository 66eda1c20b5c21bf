//! The national datasets arealbank knows by name, each with the attributes and codes it is
//! published with: which layer a feature goes to, its name, class (with the class in
//! words), the dataset's own id and its page. Other datasets are read with named attributes
//! ([`Named`]). Names are compared in every spelling (`skredSannsynlighet`,
//! `skredsannsynlighet`, `properties.skredSannsynlighet`).

use serde_json::{Map, Value};

use super::layer::{Mapped, Reader};
use super::names::Attributes;
use super::{Issue, IssueType};

/// A dataset arealbank reads by name.
pub struct Dataset {
    /// the name on the command line, e.g. `ar5`
    pub name: &'static str,
    /// the official name and publisher, the default source text
    pub title: &'static str,
    /// the layers it fills
    pub kinds: &'static [&'static str],
    read: fn(&Attributes) -> Mapped,
    /// lines that stand for points (junction parts of a road become junctions)
    pub points_from_lines: bool,
}

impl Reader for Dataset {
    fn read(&self, properties: &Map<String, Value>) -> Mapped {
        (self.read)(&Attributes::of(properties))
    }

    fn points_from_lines(&self) -> bool {
        self.points_from_lines
    }
}

pub const DATASETS: &[Dataset] = &[
    Dataset {
        name: "ar5",
        title: "AR5 arealressurskart (NIBIO, FKB-AR5)",
        kinds: &["farmland", "forest", "bog"],
        read: ar5,
        points_from_lines: false,
    },
    Dataset {
        name: "naturvern",
        title: "Naturvernområder (Miljødirektoratet)",
        kinds: &["protected_nature"],
        read: protected_nature,
        points_from_lines: false,
    },
    Dataset {
        name: "flomsone",
        title: "Flomsoner (NVE)",
        kinds: &["flood_zone"],
        read: flood_zone,
        points_from_lines: false,
    },
    Dataset {
        name: "skredfaresone",
        title: "Skredfaresoner (NVE)",
        kinds: &["landslide_hazard"],
        read: landslide,
        points_from_lines: false,
    },
    Dataset {
        name: "kvikkleire",
        title: "Faresoner for kvikkleireskred (NVE)",
        kinds: &["quick_clay"],
        read: quick_clay,
        points_from_lines: false,
    },
    Dataset {
        name: "kulturminner",
        title: "Kulturminner (Riksantikvaren)",
        kinds: &["cultural_heritage"],
        read: heritage,
        points_from_lines: false,
    },
    Dataset {
        name: "elveg",
        title: "Elveg 2.0 / NVDB vegnett (Statens vegvesen)",
        kinds: &["e6", "e6_junction", "main_road"],
        read: roads,
        points_from_lines: true,
    },
];

/// The dataset of a name, e.g. `ar5`, `naturvern`.
pub fn dataset(name: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.name == name)
}

pub fn dataset_names() -> String {
    let mut names: Vec<&str> = DATASETS.iter().map(|d| d.name).collect();
    names.push("nsr");
    names.join(", ")
}

fn missing(attribute: &str, accepted: &str) -> Mapped {
    Mapped::Problem(Issue::new(
        IssueType::MissingValue,
        attribute,
        None,
        format!("the feature has no {attribute}"),
        accepted,
    ))
}

fn unknown(attribute: &str, value: String, accepted: &str) -> Mapped {
    Mapped::Problem(Issue::new(
        IssueType::InvalidCode,
        attribute,
        Some(value),
        format!("not a {attribute} of the dataset's code list"),
        accepted,
    ))
}

fn labels(nb: impl Into<String>, en: impl Into<String>) -> Option<(String, String)> {
    Some((nb.into(), en.into()))
}

/// AR5 `arealtype`: 21/22/23 farmland, 30 forest (class: `skogbonitet`), 60 bog; other
/// types are not held (built-up land, roads, water …).
fn ar5(a: &Attributes) -> Mapped {
    let accepted = "AR5 arealtype: 11, 12, 21, 22, 23, 30, 50, 60, 70, 81, 82, 99";
    let Some(t) = a.text(&["arealtype", "artype"]) else {
        return missing("arealtype", accepted);
    };
    let (kind, class, words) = match t.as_str() {
        "21" => (
            "farmland",
            t.clone(),
            labels("Fulldyrka jord", "Fully cultivated land"),
        ),
        "22" => (
            "farmland",
            t.clone(),
            labels("Overflatedyrka jord", "Surface-cultivated land"),
        ),
        "23" => (
            "farmland",
            t.clone(),
            labels("Innmarksbeite", "Home-field pasture"),
        ),
        "30" => {
            let bonitet = a.text(&["skogbonitet", "arskogbon"]);
            let words = match bonitet.as_deref() {
                Some("11") => labels("Skog, impediment", "Forest, unproductive"),
                Some("12") => labels("Skog, lav bonitet", "Forest, low site quality"),
                Some("13") => labels("Skog, middels bonitet", "Forest, medium site quality"),
                Some("14") => labels("Skog, høy bonitet", "Forest, high site quality"),
                Some("15") => labels("Skog, særs høy bonitet", "Forest, very high site quality"),
                Some("98" | "99") | None => labels("Skog", "Forest"),
                Some(other) => {
                    return unknown(
                        "skogbonitet",
                        other.to_string(),
                        "AR5 skogbonitet: 11, 12, 13, 14, 15, 98, 99",
                    )
                }
            };
            ("forest", bonitet.unwrap_or_else(|| "30".into()), words)
        }
        "60" => ("bog", t.clone(), labels("Myr", "Bog")),
        "11" | "12" | "50" | "70" | "81" | "82" | "99" => return Mapped::Skip,
        _ => return unknown("arealtype", t, accepted),
    };
    Mapped::Into {
        kind,
        name: None,
        class: Some(class),
        class_labels: words,
        reference: None,
        link: None,
    }
}

/// Naturvernområde: `navn`, `verneform`, `vernedato`, `naturvernId` (→ its fact sheet).
fn protected_nature(a: &Attributes) -> Mapped {
    let forms: &[(&str, &str, &str)] = &[
        ("NP", "nasjonalpark", "national park"),
        ("NR", "naturreservat", "nature reserve"),
        ("LVO", "landskapsvernområde", "protected landscape"),
        ("BV", "biotopvernområde", "habitat management area"),
        (
            "BVV",
            "biotopvernområde (viltloven)",
            "habitat management area (wildlife act)",
        ),
        ("MAV", "marint verneområde", "marine protected area"),
        ("NM", "naturminne", "natural monument"),
        ("PD", "plantelivsfredning", "plant life protection"),
        ("DO", "dyrelivsfredning", "animal life protection"),
        (
            "LVOD",
            "landskapsvernområde med dyrelivsfredning",
            "protected landscape with animal life protection",
        ),
        (
            "LVOP",
            "landskapsvernområde med plantelivsfredning",
            "protected landscape with plant life protection",
        ),
        (
            "LVOPD",
            "landskapsvernområde med plante- og dyrelivsfredning",
            "protected landscape with plant and animal life protection",
        ),
        (
            "NRS",
            "naturreservat (Svalbard)",
            "nature reserve (Svalbard)",
        ),
    ];
    let accepted = "verneform: NP, NR, LVO, BV, BVV, MAV, NM, PD, DO, LVOD, LVOP, LVOPD";
    let Some(name) = a.text(&["navn", "offisieltNavn"]) else {
        return missing("navn", "the protected area's name");
    };
    let Some(form) = a.text(&["verneform"]) else {
        return missing("verneform", accepted);
    };
    let Some((_, nb, en)) = forms.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(&form)) else {
        return unknown("verneform", form, accepted);
    };
    let reference = a.text(&["naturvernId", "ident", "iid"]);
    let link = a
        .text(&["faktaark"])
        .filter(|l| l.starts_with("http"))
        .or_else(|| {
            reference
                .as_ref()
                .map(|id| format!("https://faktaark.naturbase.no/?id={id}"))
        });
    Mapped::Into {
        kind: "protected_nature",
        name: Some(name),
        class: Some(form.to_ascii_uppercase()),
        class_labels: labels(*nb, *en),
        reference,
        link,
    }
}

/// NVE flood zones: `gjentaksintervall` (20, 200, 1000 years; 2100 = the 200-year flood in
/// the year 2100's climate).
fn flood_zone(a: &Attributes) -> Mapped {
    let accepted = "gjentaksintervall: 10, 20, 50, 100, 200, 500, 1000 or 2100";
    let Some(t) = a.text(&["gjentaksintervall"]) else {
        return missing("gjentaksintervall", accepted);
    };
    let words = match t.parse::<u32>() {
        Ok(2100) => labels(
            "200-årsflom i 2100 (klimapåslag)",
            "200-year flood in 2100 (climate allowance)",
        ),
        Ok(n @ (10 | 20 | 50 | 100 | 200 | 500 | 1000)) => {
            labels(format!("{n}-årsflom"), format!("{n}-year flood"))
        }
        _ => return unknown("gjentaksintervall", t, accepted),
    };
    Mapped::Into {
        kind: "flood_zone",
        name: None,
        class: Some(t),
        class_labels: words,
        reference: None,
        link: None,
    }
}

/// NVE landslide hazard zones: `skredSannsynlighet`, the annual probability (1/100,
/// 1/1000, 1/5000: the building code's safety classes S1–S3).
fn landslide(a: &Attributes) -> Mapped {
    let accepted = "skredSannsynlighet: 1/100, 1/1000 or 1/5000 (or 100, 1000, 5000)";
    let Some(t) = a.text(&[
        "skredSannsynlighet",
        "vurdertStatSannsynlighet",
        "sannsynlighet",
    ]) else {
        return missing("skredSannsynlighet", accepted);
    };
    let n = t.trim_start_matches("1/").trim().parse::<u32>().ok();
    let class = match n {
        Some(100) => "S1",
        Some(1000) => "S2",
        Some(5000) => "S3",
        _ => return unknown("skredSannsynlighet", t, accepted),
    };
    let n = n.unwrap_or_default();
    Mapped::Into {
        kind: "landslide_hazard",
        name: None,
        class: Some(format!("1/{n}")),
        class_labels: labels(
            format!("årlig sannsynlighet 1/{n} ({class})"),
            format!("annual probability 1/{n} ({class})"),
        ),
        reference: None,
        link: None,
    }
}

/// NVE quick-clay hazard zones: `faregrad` (høy, middels, lav), `risiko` kept, the zone's
/// name and report.
fn quick_clay(a: &Attributes) -> Mapped {
    let accepted = "faregrad: høy, middels or lav";
    let Some(t) = a.text(&["faregrad"]) else {
        return missing("faregrad", accepted);
    };
    let (nb, en) = match t.to_lowercase().as_str() {
        "høy" | "hoy" | "3" => ("høy", "high"),
        "middels" | "2" => ("middels", "medium"),
        "lav" | "1" => ("lav", "low"),
        _ => return unknown("faregrad", t, accepted),
    };
    let risk = a.text(&["risiko", "risikoklasse"]);
    let risk_nb = risk
        .as_ref()
        .map(|r| format!(", risikoklasse {r}"))
        .unwrap_or_default();
    let risk_en = risk
        .as_ref()
        .map(|r| format!(", risk class {r}"))
        .unwrap_or_default();
    Mapped::Into {
        kind: "quick_clay",
        name: a.text(&["skredOmrNavn", "skredområdenavn", "navn"]),
        class: Some(nb.to_string()),
        class_labels: labels(
            format!("faregrad {nb}{risk_nb}"),
            format!("{en} hazard{risk_en}"),
        ),
        reference: a.text(&["skredOmrID", "skredomradeid"]),
        link: a.text(&["rapportURL"]).filter(|l| l.starts_with("http")),
    }
}

/// Riksantikvaren's cultural heritage: `navn`, `kulturminneId`, `vernetype`,
/// `linkAskeladden` (or `linkKulturminnesøk`).
fn heritage(a: &Attributes) -> Mapped {
    let types: &[(&str, &str, &str)] = &[
        (
            "AUT",
            "automatisk fredet",
            "protected by law (automatically)",
        ),
        ("VED", "vedtaksfredet", "protected by decision"),
        ("FOR", "forskriftsfredet", "protected by regulation"),
        ("MID", "midlertidig fredet", "temporarily protected"),
        ("FPG", "fredningssak pågår", "protection under way"),
        ("ADM", "administrativt verna", "administratively protected"),
        (
            "PBBL",
            "båndlagt etter plan- og bygningsloven",
            "reserved under the Planning Act",
        ),
        (
            "PBSB",
            "regulert til spesialområde (PBL § 25.6)",
            "zoned as special area (Planning Act)",
        ),
        (
            "AVT",
            "tinglyst vern- og vedlikeholdsavtale",
            "registered preservation agreement",
        ),
        ("WHS", "verdensarv", "world heritage"),
        ("LIST", "listeført", "listed"),
        ("UAV", "uavklart vernestatus", "status not settled"),
        ("AUV", "automatisk vernet", "automatically protected"),
        ("IKKE", "ikke fredet", "not protected"),
        ("OPP", "fredning opphevet", "protection lifted"),
        (
            "FJE",
            "fjernet (automatisk fredet)",
            "removed (automatically protected)",
        ),
    ];
    let accepted = "vernetype: AUT, VED, FOR, MID, FPG, ADM, PBBL, PBSB, AVT, WHS, LIST, UAV, AUV, IKKE, OPP, FJE";
    let Some(t) = a.text(&["vernetype"]) else {
        return missing("vernetype", accepted);
    };
    let Some((code, nb, en)) = types.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(&t)) else {
        return unknown("vernetype", t, accepted);
    };
    Mapped::Into {
        kind: "cultural_heritage",
        name: a.text(&["navn"]),
        class: Some(code.to_string()),
        class_labels: labels(*nb, *en),
        reference: a.text(&["kulturminneId", "lokalitetId", "kulturminneLokalitetId"]),
        link: a
            .text(&["linkAskeladden", "linkKulturminnesøk", "linkKulturminnesok"])
            .filter(|l| l.starts_with("http")),
    }
}

/// Elveg 2.0 / NVDB road links: `vegkategori` + `vegnummer` (or the `vegsystemreferanse`
/// they are part of, `EV6 S1D1 m4230 KD1 m0-10`): the E6 mainline, the E6's junction parts
/// (KD) as junctions, other European, national and county roads as main roads; municipal,
/// private and forest roads are not held.
fn roads(a: &Attributes) -> Mapped {
    let reference = a.text(&["vegsystemreferanse", "vegreferanse"]);
    let from_reference = reference.as_deref().and_then(|r| {
        let head = r.split_whitespace().next()?;
        let category = head.chars().next()?.to_string();
        let number: String = head.chars().skip(2).collect();
        Some((category, number))
    });
    let category = a
        .text(&["vegkategori"])
        .or_else(|| from_reference.as_ref().map(|(c, _)| c.clone()));
    let number = a
        .text(&["vegnummer", "nummer"])
        .or_else(|| from_reference.as_ref().map(|(_, n)| n.clone()));
    let Some(category) = category.map(|c| c.to_ascii_uppercase()) else {
        return missing("vegkategori", "E, R, F, K, P or S, or a vegsystemreferanse");
    };
    let junction = reference
        .as_deref()
        .and_then(|r| r.find(" KD").map(|i| r[..i].to_string()));
    let name = Some(format!(
        "{}V{}",
        category,
        number.clone().unwrap_or_default()
    ));
    match (category.as_str(), number.as_deref()) {
        ("E", Some("6")) if junction.is_some() => Mapped::Into {
            kind: "e6_junction",
            name: junction.clone(),
            class: None,
            class_labels: None,
            reference: junction,
            link: None,
        },
        ("E", Some("6")) => Mapped::plain("e6", name, Some("EV6".into())),
        ("E" | "R" | "F", _) => Mapped::plain("main_road", name.clone(), name),
        ("K" | "P" | "S", _) => Mapped::Skip,
        _ => unknown("vegkategori", category, "E, R, F, K, P or S"),
    }
}

/// Another dataset, read by the attributes the user names.
pub struct Named {
    pub kind: &'static str,
    pub name: Option<String>,
    pub class: Option<String>,
    pub reference: Option<String>,
    pub link: Option<String>,
}

impl Reader for Named {
    fn read(&self, properties: &Map<String, Value>) -> Mapped {
        let a = Attributes::of(properties);
        let pick = |attr: &Option<String>| attr.as_deref().and_then(|n| a.text(&[n]));
        if let Some(c) = &self.class {
            if pick(&self.class).is_none() {
                return missing(c, "the class attribute named with --class-attribute");
            }
        }
        Mapped::Into {
            kind: self.kind,
            name: pick(&self.name),
            class: pick(&self.class),
            class_labels: None,
            reference: pick(&self.reference),
            link: pick(&self.link).filter(|l| l.starts_with("http")),
        }
    }
}
