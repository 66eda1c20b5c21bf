-- PostGIS and the national code lists (SOSI Plan / produktspesifikasjon for arealplan).
-- Codes and their labels are kept apart from the areas that use them; areas reference
-- the codes with foreign keys, so an unknown code can never be stored.

create extension if not exists postgis;

create table code_plan_type (
    code     smallint primary key,
    label_nb text not null,
    label_en text not null
);

insert into code_plan_type (code, label_nb, label_en) values
    (20, 'Kommuneplanens arealdel', 'Municipal master plan, land-use part'),
    (21, 'Kommunedelplan', 'Municipal sub-plan'),
    (22, 'Mindre endring av kommune(del)plan', 'Minor change of municipal (sub-)plan'),
    (30, 'Eldre reguleringsplan', 'Older zoning plan'),
    (31, 'Mindre reguleringsendring', 'Minor zoning change'),
    (32, 'Bebyggelsesplan ihht. reguleringsplan', 'Development plan under a zoning plan'),
    (33, 'Bebyggelsesplan ihht. kommuneplanens arealdel', 'Development plan under the master plan'),
    (34, 'Områderegulering', 'Area zoning plan'),
    (35, 'Detaljregulering', 'Detailed zoning plan');

create table code_plan_status (
    code     smallint primary key,
    label_nb text not null,
    label_en text not null,
    -- how far the status is from an adopted plan: 0 = adopted and in force
    steps_to_adopted smallint not null
);

insert into code_plan_status (code, label_nb, label_en, steps_to_adopted) values
    (0, 'Planinitiativ', 'Planning initiative', 3),
    (1, 'Planlegging igangsatt', 'Planning started', 2),
    (2, 'Planforslag', 'Plan proposal', 1),
    (3, 'Endelig vedtatt arealplan', 'Adopted land-use plan', 0),
    (4, 'Opphevet', 'Repealed', 4),
    (5, 'Utgått/erstattet', 'Expired/replaced', 4),
    (6, 'Vedtatt plan med utsatt rettsvirkning', 'Adopted, legal effect deferred', 1),
    (8, 'Overstyrt', 'Overridden', 4),
    (9, 'Avvist', 'Rejected', 4),
    (10, 'Trukket/uaktuelt', 'Withdrawn', 4);

-- Land-use purpose (arealformål). The same number can carry a different label in the
-- municipal master plan list (kp, KpArealformål) and the zoning plan list (rp, RpArealformål).
create table code_land_use (
    list     text not null check (list in ('kp', 'rp')),
    code     integer not null,
    label_nb text not null,
    label_en text not null,
    primary key (list, code)
);

insert into code_land_use (list, code, label_nb, label_en) values
    ('kp', 1001, 'Bebyggelse og anlegg', 'Buildings and installations'),
    ('kp', 1110, 'Boligbebyggelse', 'Housing'),
    ('kp', 1130, 'Sentrumsformål', 'Town centre purposes'),
    ('kp', 1150, 'Forretninger', 'Retail'),
    ('kp', 1160, 'Offentlig eller privat tjenesteyting', 'Public or private services'),
    ('kp', 1200, 'Råstoffutvinning', 'Extraction of raw materials'),
    ('kp', 1300, 'Næringsvirksomhet', 'Business'),
    ('kp', 1500, 'Andre typer bebyggelse og anlegg', 'Other buildings and installations'),
    ('kp', 1800, 'Kombinert bebyggelse og anleggsformål', 'Combined building purposes'),
    ('kp', 4001, 'Forsvaret', 'Defence'),
    ('kp', 5100, 'LNFR-areal for nødvendige tiltak for landbruk og reindrift og gårdstilknyttet næringsvirksomhet', 'Agriculture, nature, outdoor recreation and reindeer husbandry (LNFR)'),
    ('kp', 5200, 'LNFR-areal for spredt bolig-, fritids- eller næringsbebyggelse', 'LNFR with scattered housing, leisure or business buildings'),
    ('rp', 1001, 'Bebyggelse og anlegg', 'Buildings and installations'),
    ('rp', 1130, 'Sentrumsformål', 'Town centre purposes'),
    ('rp', 1150, 'Forretninger', 'Retail'),
    ('rp', 1201, 'Steinbrudd og masseuttak', 'Quarry and gravel pit'),
    ('rp', 1300, 'Næringsbebyggelse', 'Business buildings'),
    ('rp', 1310, 'Kontor', 'Offices'),
    ('rp', 1340, 'Industri', 'Industry'),
    ('rp', 1350, 'Lager', 'Warehousing'),
    ('rp', 1390, 'Annen næring', 'Other business'),
    ('rp', 1501, 'Godsterminal', 'Freight terminal'),
    ('rp', 1502, 'Godslager', 'Freight storage'),
    ('rp', 1800, 'Kombinert bebyggelse og anleggsformål', 'Combined building purposes');
