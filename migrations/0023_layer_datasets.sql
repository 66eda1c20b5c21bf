-- Reference layers learn the national datasets: each feature keeps the dataset's own id,
-- its page (fact sheet, Askeladden), and its class in words (bokmål, English), so that a
-- fact can say "12 % i flomsone, 200-årsflom (NVE, 2025-06-01)". A layer counts its
-- versions (each import advances it) and names the dataset reader it was loaded with.
alter table layer
    add column version integer not null default 0,
    add column dataset text;
update layer set version = 1 where loaded_at is not null;

alter table layer_feature
    add column ref      text,
    add column link     text,
    add column class_nb text,
    add column class_en text;

-- AR5 gives forest and bog besides farmland; NVE's quick-clay zones are a hazard of their own
insert into layer (kind, title_nb, title_en, geometry_type, role) values
    ('quick_clay', 'Kvikkleiresoner',  'Quick-clay hazard zones', 'polygon', 'constraint'),
    ('forest',     'Skog (AR5)',       'Forest (AR5)',            'polygon', 'constraint'),
    ('bog',        'Myr (AR5)',        'Bog (AR5)',               'polygon', 'constraint');
