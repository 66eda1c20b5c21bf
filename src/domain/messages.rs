//! The messages the server sends a person, in bokmål. Messages are written in English where
//! they arise (the API's default language); this catalogue gives each its bokmål text. A
//! `{}` in an English pattern matches any text (a value, a name, a nested message), which
//! is translated in turn and put where the bokmål text has its `{}`.

/// (English, bokmål), the longer patterns of a family first.
static CATALOGUE: &[(&str, &str)] = &[
    // signing in, tokens, permissions
    ("wrong username or password", "feil brukernavn eller passord"),
    (
        "too many {} from your address: at most {} a minute; try again in {} seconds",
        "for mange {} fra adressen din: høyst {} i minuttet; prøv igjen om {} sekunder",
    ),
    ("sign-in attempts", "innloggingsforsøk"),
    (
        "the database lacks {} of this version's migrations; they are applied when arealbank starts (or by `arealbank migrate`)",
        "databasen mangler {} av denne versjonens migreringer; de kjøres når arealbank starter (eller med `arealbank migrate`)",
    ),
    ("the database cannot be reached", "databasen svarer ikke"),
    ("changes", "endringer"),
    ("imports", "importer"),
    ("Too many requests", "For mange forespørsler"),
    (
        "too many failed sign-ins for this username; try again in {} minutes",
        "for mange mislykkede innlogginger for dette brukernavnet; prøv igjen om {} minutter",
    ),
    (
        "the API token is unknown, revoked, or its account is disabled",
        "API-nøkkelen er ukjent eller trukket tilbake, eller kontoen er sperret",
    ),
    ("{} may not {}; an admin does", "{} har ikke lov til å {}; det gjør en administrator"),
    ("load plan data", "laste inn plandata"),
    (
        "only planners and admins draw areas; viewers cannot",
        "bare planleggere og administratorer tegner områder; lesere kan ikke",
    ),
    ("not a GeoJSON geometry", "ikke en GeoJSON-geometri"),
    (
        "an outline is a Polygon or a MultiPolygon",
        "et omriss er en Polygon eller en MultiPolygon",
    ),
    ("not an area id (a UUID)", "ikke en område-id (en UUID)"),
    (
        "each ring needs at least 4 positions of longitude and latitude in degrees",
        "hver ring trenger minst 4 posisjoner med lengde- og breddegrad i grader",
    ),
    (
        "only planners and admins confirm areas; viewers cannot",
        "bare planleggere og administratorer bekrefter områder; lesere kan ikke",
    ),
    ("load reference layers", "laste inn kartlag"),
    ("load grid capacity files", "laste inn kapasitetsfiler fra nettselskap"),
    (
        "something went wrong on the server; it has been logged",
        "noe gikk galt på tjeneren; feilen er logget",
    ),
    ("{} problem(s) found; nothing was written", "{} feil funnet; ingenting er lagret"),
    ("{} problem(s) in the file", "{} feil i fila"),
    ("{} problem(s) in the plan data", "{} feil i plandataene"),
    ("there is no area with id {}", "det finnes ikke noe område med id {}"),
    ("there is no current area with id {}", "det finnes ikke noe gjeldende område med id {}"),
    ("there is no substation with id {}", "det finnes ingen transformatorstasjon med id {}"),
    ("the body is larger than {} MiB", "innholdet er større enn {} MiB"),
    (
        "{}; read it again, then apply your change",
        "{}; les det inn på nytt og gjør endringen din igjen",
    ),
    // problem titles
    ("The data has problems", "Dataene har feil"),
    ("Invalid query parameter", "Ugyldig parameter"),
    ("Invalid request header", "Ugyldig forespørselshode"),
    ("Sign-in required", "Innlogging kreves"),
    ("Not allowed", "Ikke tillatt"),
    ("Not found", "Finnes ikke"),
    ("Conflict", "Konflikt"),
    ("Changed by someone else", "Endret av noen andre"),
    ("If-Match required", "If-Match kreves"),
    ("Too many attempts", "For mange forsøk"),
    ("Unreadable request body", "Uleselig innhold"),
    ("Request body too large", "For stort innhold"),
    ("Unsupported media type", "Formatet støttes ikke"),
    ("Method not allowed", "Metoden er ikke tillatt"),
    ("Bad request", "Ugyldig forespørsel"),
    ("Internal error", "Intern feil"),
    ("Service unavailable", "Tjenesten er utilgjengelig"),
    // values of an area
    ("a required value is missing", "en verdi som må fylles ut, mangler"),
    ("a required value is empty", "en verdi som må fylles ut, er tom"),
    (
        "a non-empty text (at most {} characters)",
        "en tekst som ikke er tom (høyst {} tegn)",
    ),
    ("a non-empty text", "en tekst som ikke er tom"),
    (
        "an enquiry has no such field; it would be lost",
        "en henvendelse har ikke et slikt felt; verdien ville gått tapt",
    ),
    ("the text holds a NUL character", "teksten inneholder et NUL-tegn"),
    ("text without control characters", "tekst uten kontrolltegn"),
    ("not an e-mail address", "ikke en e-postadresse"),
    ("an address like navn@firma.no", "en adresse som navn@firma.no"),
    ("not JSON: {}", "ikke JSON: {}"),
    ("the enquiry must be a JSON object", "henvendelsen må være et JSON-objekt"),
    (
        "too many enquiries from this e-mail address in the last hour; try again in {} minutes",
        "for mange henvendelser fra denne e-postadressen den siste timen; prøv igjen om {} minutter",
    ),
    (
        "too many enquiries about this area in the last hour; try again in {} minutes",
        "for mange henvendelser om dette området den siste timen; prøv igjen om {} minutter",
    ),
    ("Too many enquiries", "For mange henvendelser"),
    (
        "there is no published area with id {} to enquire about",
        "det finnes ikke noe publisert område med id {} å spørre om",
    ),
    ("there is no enquiry with id {} that you may see", "det finnes ingen henvendelse med id {} som du har tilgang til"),
    (
        "only planners and admins read enquiries; viewers cannot",
        "bare planleggere og administratorer leser henvendelser; lesere kan ikke",
    ),
    ("the text is too long", "teksten er for lang"),
    ("at most {} characters", "høyst {} tegn"),
    ("expected a number", "forventet et tall"),
    ("expected a text", "forventet en tekst"),
    ("expected a whole-number code", "forventet en kode (et heltall)"),
    ("expected yes or no", "forventet ja eller nei"),
    ("true or false", "sann eller usann"),
    ("not a date", "ikke en dato"),
    ("a date as YYYY-MM-DD, e.g. 2026-06-01", "en dato som ÅÅÅÅ-MM-DD, f.eks. 2026-06-01"),
    ("a number such as 12500 or 12500.5", "et tall som 12500 eller 12500,5"),
    ("the value is negative", "verdien er negativ"),
    ("zero or more", "null eller mer"),
    ("unknown code", "ukjent kode"),
    ("an integer code", "en kode (et heltall)"),
    ("not an accepted value", "ikke en gyldig verdi"),
    ("unknown parameter", "ukjent parameter"),
    (
        "the text contains a NUL character (\\u0000), which cannot be stored",
        "teksten inneholder et NUL-tegn (\\u0000), som ikke kan lagres",
    ),
    // outlines
    ("the outline is not a valid polygon: {}", "omrisset er ikke et gyldig polygon: {}"),
    ("exterior ring has a self-intersection", "ytterkanten krysser seg selv"),
    ("interior ring at index {} has a self-intersection", "hull nummer {} krysser seg selv"),
    ("exterior ring has an intersection with interior ring at index {}", "ytterkanten krysser hull nummer {}"),
    (
        "rings that do not cross themselves or each other, holes inside their shell",
        "kanter som ikke krysser seg selv eller hverandre, med hull innenfor ytterkanten",
    ),
    ("the outline is too small to be a business area", "omrisset er for lite til å være et næringsareal"),
    ("the outline is too large to be one business area", "omrisset er for stort til å være ett næringsareal"),
    ("at least {} m²", "minst {} m²"),
    ("at most {} daa", "høyst {} daa"),
    ("the feature has no geometry", "objektet har ingen geometri"),
    ("the geometry has no usable coordinates", "geometrien har ingen brukbare koordinater"),
    ("an area must be a surface", "et område må være en flate"),
    ("a Polygon or MultiPolygon", "et Polygon eller MultiPolygon"),
    ("a polygon needs at least one ring", "et polygon trenger minst én kant"),
    (
        "a ring is not closed: its last position differs from its first",
        "en kant er ikke lukket: siste punkt er ikke lik det første",
    ),
    (
        "a ring needs at least four positions (a triangle and the closing point)",
        "en kant trenger minst fire punkter (en trekant og sluttpunktet)",
    ),
    ("a vertex lies outside Norway when read as {}", "et hjørne ligger utenfor Norge lest som {}"),
    ("coordinates in Norway", "koordinater i Norge"),
    (
        "the coordinates look like latitude, longitude; GeoJSON puts longitude first",
        "koordinatene ser ut som breddegrad, lengdegrad; GeoJSON har lengdegrad først",
    ),
    // files
    ("the file is not valid JSON: {}", "fila er ikke gyldig JSON: {}"),
    ("the file is not JSON: {}", "fila er ikke JSON: {}"),
    ("the GeoPackage could not be read: {}", "GeoPackage-fila kunne ikke leses: {}"),
    (
        "the file has a document type declaration (DOCTYPE); entities are not read, so the file is refused",
        "fila har en dokumenttypedeklarasjon (DOCTYPE); entiteter leses ikke, så fila avvises",
    ),
    ("the feature has no {}", "objektet mangler {}"),
    ("not a {} of the dataset's code list", "ikke en {} fra datasettets kodeliste"),
    ("not an arealformål of the national {} list", "ikke et arealformål fra den nasjonale {}-lista"),
    ("not a planstatus of the national list", "ikke en planstatus fra den nasjonale lista"),
    ("the purpose area names no plan", "arealformålsflaten oppgir ingen plan"),
    ("the purpose area has no arealformål", "arealformålsflaten mangler arealformål"),
    ("a capacity figure must be a number", "et kapasitetstall må være et tall"),
    ("reserved capacity cannot be negative", "reservert kapasitet kan ikke være negativ"),
    ("the figures need the date they were published", "tallene trenger datoen de ble publisert"),
    ("the station has no name", "stasjonen mangler navn"),
    ("say where the data comes from", "oppgi hvor dataene kommer fra"),
    ("the data's licence is required", "lisensen for dataene må oppgis"),
];

/// One pattern matched against a text: the texts its `{}` stand for, or `None`.
fn matches<'a>(pattern: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(pieces[0])?;
    let mut captured = Vec::new();
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        let last = i == pieces.len() - 1;
        let at = if last {
            if !rest.ends_with(piece) {
                return None;
            }
            rest.len() - piece.len()
        } else if piece.is_empty() {
            return None; // two wildcards side by side are never written
        } else {
            rest.find(piece)?
        };
        captured.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    rest.is_empty().then_some(captured)
}

/// The bokmål text of an English message, or `None` when the catalogue has none.
pub fn bokmal(en: &str) -> Option<String> {
    CATALOGUE.iter().find_map(|(pattern, nb)| {
        let captured = matches(pattern, en)?;
        let mut out = String::new();
        let mut parts = nb.split("{}");
        out.push_str(parts.next().unwrap_or_default());
        for (c, part) in captured.iter().zip(parts) {
            out.push_str(&bokmal(c).unwrap_or_else(|| c.to_string()));
            out.push_str(part);
        }
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_with_values_and_nested_messages_are_translated() {
        assert_eq!(
            bokmal("wrong username or password").as_deref(),
            Some("feil brukernavn eller passord")
        );
        assert_eq!(
            bokmal("the outline is not a valid polygon: exterior ring has a self-intersection")
                .as_deref(),
            Some("omrisset er ikke et gyldig polygon: ytterkanten krysser seg selv")
        );
        assert_eq!(
            bokmal("kari may not load plan data; an admin does").as_deref(),
            Some("kari har ikke lov til å laste inn plandata; det gjør en administrator")
        );
        assert_eq!(
            bokmal("at most 200 characters").as_deref(),
            Some("høyst 200 tegn")
        );
        assert_eq!(bokmal("no such message"), None);
    }

    #[test]
    fn every_pattern_has_as_many_places_in_bokmal() {
        for (en, nb) in CATALOGUE {
            assert_eq!(en.matches("{}").count(), nb.matches("{}").count(), "{en}");
        }
    }
}
