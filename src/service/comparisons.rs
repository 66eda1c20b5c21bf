//! A comparison set as one document — criteria, values, scores with each criterion's
//! contribution, ranking, sensitivity and the method in words — the same numbers for the
//! page, the report, the CSV table and API clients.

use serde_json::{json, Value};

use crate::domain::comparison::{
    criterion, default_weights, parse_weights, rank_order, score, weights_from_map, weights_to_map,
    Pair, Points, Scoring, CRITERIA,
};
use crate::domain::land_account::{Measured, LINES};
use crate::formats::csv;
use crate::store::comparisons::{Member, Stored};

/// Weights that a document cannot be made with.
#[derive(Debug)]
pub enum WeightsError {
    /// `weights=` could not be read
    Unreadable { raw: String, message: String },
    /// no criterion weighs anything
    NothingWeighs(String),
}

/// The whole comparison as the page, the report and API clients read it.
pub fn document(
    base: &str,
    set: &Stored,
    members: &[Member],
    account: &[Measured],
    weights: Option<&str>,
    may_edit: bool,
) -> Result<Value, WeightsError> {
    let saved = set
        .weights
        .as_object()
        .and_then(|m| weights_from_map(m).ok())
        .unwrap_or_else(default_weights);
    let used = match weights {
        Some(raw) => parse_weights(raw, &saved).map_err(|e| WeightsError::Unreadable {
            raw: raw.to_string(),
            message: e.to_string(),
        })?,
        None => saved.clone(),
    };
    let values: Vec<Vec<Option<f64>>> = members
        .iter()
        .map(|m| {
            CRITERIA
                .iter()
                .map(|c| m.facts[column(c.code)].as_f64())
                .collect()
        })
        .collect();
    let scoring = score(&values, &used).map_err(|e| WeightsError::NothingWeighs(e.to_string()))?;
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8).to_string();
    let alternatives: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let contributions: serde_json::Map<String, Value> = CRITERIA
                .iter()
                .zip(&scoring.contributions[i])
                .map(|(c, v)| (c.code.to_string(), json!(round(*v))))
                .collect();
            json!({
                "letter": letter(i),
                "area_id": m.area_id,
                "position": m.position,
                "note": m.note,
                "facts": m.facts,
                "geometry": serde_json::from_str::<Value>(&m.geometry).unwrap_or(Value::Null),
                "score": round(scoring.totals[i]),
                "rank": scoring.ranks[i],
                "contributions": contributions,
                "links": {"datasheet": format!("{base}/areas/{}/datasheet", m.area_id)},
            })
        })
        .collect();
    let order = rank_order(&scoring.ranks);
    let criteria: Vec<Value> = CRITERIA
        .iter()
        .zip(&scoring.rows)
        .map(|(c, r)| {
            json!({
                "code": c.code, "title": {"nb": c.nb, "en": c.en}, "unit": c.unit,
                "direction": c.direction, "weight": r.weight, "saved_weight": saved[CRITERIA.iter().position(|x| x.code == c.code).unwrap_or(0)],
                "values": r.values, "normalised": r.normalised.iter().map(|n| n.map(|v| (v * 1000.0).round() / 1000.0)).collect::<Vec<_>>(),
                "best": r.best, "worst": r.worst,
            })
        })
        .collect();
    let letters: Vec<String> = (0..members.len()).map(letter).collect();
    Ok(json!({
        "id": set.id,
        "title": set.title,
        "description": set.description,
        "decision_reference": set.decision_reference,
        "municipality": set.municipality,
        "visibility": set.visibility,
        "demo": set.demo || members.iter().any(|m| m.facts["demo"] == Value::Bool(true)),
        "version": set.version,
        "updated_at": set.updated_at,
        "updated_by": set.updated_by,
        "may_edit": may_edit,
        "hidden_members": set.members - members.len() as i64,
        "weights": {"saved": weights_to_map(&saved), "used": weights_to_map(&used), "overridden": weights.is_some()},
        "criteria": criteria,
        "alternatives": alternatives,
        "ranking": order.iter().map(|i| members[*i].area_id).collect::<Vec<_>>(),
        "pairs": scoring.pairs.iter().map(|p| pair(p, &letters)).collect::<Vec<_>>(),
        "sensitivity": sensitivity(&scoring, &letters),
        "land_account": land_account(account),
        "method": METHOD,
    }))
}

/// The method in plain words (the README says the same).
const METHOD: &str = "Hvert kriterium skaleres innenfor settet: det beste alternativet får 1, det svakeste 0, \
og de andre i forhold til avstanden mellom dem (for avstander, konflikter og pris er lavere bedre; for areal, \
byggeklarhet, strøm og infrastruktur er høyere bedre). Er alle like, får alle 1. Mangler en verdi, teller den som 0 \
og vises som «ukjent». Hver skalert verdi ganges med vekten, og summen deles på summen av vektene: poengsummen \
(0–100) er et vektet gjennomsnitt. Bidraget fra hvert kriterium vises, så det er mulig å se hvorfor et alternativ \
rangeres først, og for hvert par av naboer i rangeringen både hvor det øverste er bedre og hvor det er svakere. \
Følsomheten sjekkes ved å endre én og én vekt med ±20 % og se om rangeringen endres; avstanden i poeng mellom \
plassene og den minste endringen av én vekt som gir et annet alternativ førsteplassen vises også.";

/// One pair of neighbours in the ranking, both ways, with points.
fn pair(p: &Pair, letters: &[String]) -> Value {
    let points = |list: &[Points]| -> Vec<Value> {
        list.iter()
            .map(|x| json!({"code": x.code, "points": round(x.points)}))
            .collect()
    };
    json!({
        "ahead": letters[p.ahead], "behind": letters[p.behind], "margin": round(p.margin),
        "better": points(&p.better), "worse": points(&p.worse),
    })
}

/// The arealregnskap per alternative and for the set, in daa.
fn land_account(account: &[Measured]) -> Value {
    let daa = |m2: f64| (m2 / 100.0).round() / 10.0;
    let lines: Vec<Value> = account
        .iter()
        .filter_map(|m| {
            let l = LINES.iter().find(|l| l.code == m.code)?;
            Some(json!({
                "code": m.code, "title": {"nb": l.nb, "en": l.en}, "layer": l.layer,
                "daa": m.m2.iter().map(|v| daa(*v)).collect::<Vec<_>>(),
                "set_daa": daa(m.set_m2), "loaded": m.loaded, "demo": m.demo,
                "source": m.source, "as_of": m.as_of,
            }))
        })
        .collect();
    json!({
        "lines": lines,
        "note": {
            "nb": "Arealregnskap (jf. veilederen «Arealregnskap i kommuneplan», 2023): dekar av hvert \
                   arealslag som hvert alternativ ville ta, målt mot kartlagene. «Hele settet» teller \
                   et areal én gang der alternativene overlapper. «Ikke kartlagt» betyr at laget ikke \
                   er lastet (eller mangler klassene) – ikke at arealet er fritt for det.",
            "en": "Land account (after the national guide «Arealregnskap i kommuneplan», 2023): the daa \
                   of each kind of land each alternative would take, measured against the map layers. \
                   «The whole set» counts land once where alternatives overlap. «Not mapped» means the \
                   layer is not loaded (or lacks the classes) – not that the area is free of it.",
        },
    })
}

fn sensitivity(s: &Scoring, letters: &[String]) -> Value {
    let order = |ranks: &[usize]| {
        rank_order(ranks)
            .iter()
            .map(|i| letters[*i].clone())
            .collect::<Vec<_>>()
            .join(" – ")
    };
    let changes: Vec<Value> = s
        .sensitivity
        .changes
        .iter()
        .map(|c| {
            let crit = CRITERIA.iter().find(|x| x.code == c.code);
            let sign = if c.percent > 0 { "+" } else { "−" };
            json!({
                "code": c.code, "percent": c.percent, "ranks": c.ranks,
                "text": {
                    "nb": format!("{} {sign}20 %: {}", crit.map_or("", |x| x.nb), order(&c.ranks)),
                    "en": format!("{} {sign}20 %: {}", crit.map_or("", |x| x.en), order(&c.ranks)),
                },
            })
        })
        .collect();
    let text = if s.sensitivity.holds {
        json!({"nb": format!("Rangeringen ({}) holder når én og én vekt endres med ±20 %.", order(&s.ranks)),
               "en": format!("The ranking ({}) holds when any single weight moves ±20 %.", order(&s.ranks))})
    } else {
        json!({"nb": format!("Rangeringen ({}) er følsom: den endres når én vekt endres med 20 % ({} tilfeller).", order(&s.ranks), changes.len()),
               "en": format!("The ranking ({}) is sensitive: it changes when a single weight moves 20 % ({} cases).", order(&s.ranks), changes.len())})
    };
    let margins: Vec<Value> = rank_order(&s.ranks)
        .windows(2)
        .zip(&s.sensitivity.margins)
        .map(|(w, m)| json!({"ahead": letters[w[0]], "behind": letters[w[1]], "points": round(*m)}))
        .collect();
    let margin_text = s.sensitivity.margins.first().map(|m| {
        let (a, b) = (
            &letters[rank_order(&s.ranks)[0]],
            &letters[rank_order(&s.ranks)[1]],
        );
        json!({"nb": format!("{a} er {} poeng foran {b}.", decimal_nb(round(*m))),
               "en": format!("{a} is {} points ahead of {b}.", round(*m))})
    });
    let tipping = s.sensitivity.tipping.as_ref().map(|t| {
        let c = criterion(t.code);
        let (nb, en) = c.map_or(("", ""), |c| (c.nb, c.en));
        let who = &letters[t.takes_first];
        let first = &letters[rank_order(&s.ranks)[0]];
        let (from, to) = (round(t.from), round(t.to));
        json!({
            "code": t.code, "from": from, "to": to, "takes_first": who,
            "text": {
                "nb": format!("Minste endring av én vekt som endrer førsteplassen: «{nb}» fra {} til {}. Der står {who} likt med {first}, og flyttes vekten lenger, går {who} forbi.",
                              decimal_nb(from), decimal_nb(to)),
                "en": format!("The smallest change of one weight that changes the first place: «{en}» from {from} to {to}. There {who} draws level with {first}, and moved further, {who} goes ahead."),
            },
        })
    });
    json!({"holds": s.sensitivity.holds, "text": text, "changes": changes,
           "margins": margins, "margin_text": margin_text, "tipping": tipping})
}

/// A number with a decimal comma, as Norwegian text writes it.
fn decimal_nb(v: f64) -> String {
    format!("{v}").replace('.', ",")
}

/// The facts column a criterion reads (`comparison_facts`).
fn column(code: &str) -> &str {
    match code {
        "readiness" => "readiness_steps",
        other => other,
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub fn table_csv(doc: &Value) -> String {
    let alts = doc["alternatives"].as_array().cloned().unwrap_or_default();
    let mut columns: Vec<String> = ["criterion", "unit", "direction", "weight"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for a in &alts {
        columns.push(format!(
            "{}: {}",
            a["letter"].as_str().unwrap_or_default(),
            a["facts"]["name"].as_str().unwrap_or_default()
        ));
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for c in doc["criteria"].as_array().into_iter().flatten() {
        let mut row = vec![
            c["title"]["nb"].clone(),
            c["unit"].clone(),
            c["direction"].clone(),
            c["weight"].clone(),
        ];
        row.extend(c["values"].as_array().into_iter().flatten().cloned());
        rows.push(row);
    }
    for (label, key) in [("Poengsum (0–100)", "score"), ("Rangering", "rank")] {
        let mut row = vec![json!(label), Value::Null, Value::Null, Value::Null];
        row.extend(alts.iter().map(|a| a[key].clone()));
        rows.push(row);
    }
    csv::write(&columns, &rows)
}
