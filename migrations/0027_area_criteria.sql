-- What a company searches by, one narrow typed row per area, kept by triggers (see
-- src/db/objects/036_refresh_area_criteria.sql). The search reads these rows instead of
-- joining the wide `area` rows (1.3 kB each) with every `area_fact` row and taking the
-- conflict shares apart per row.
create table area_criteria (
    area_id           uuid primary key references area (id) on delete cascade,
    published         boolean not null,
    end_date          date,
    municipality      text not null,
    kind              text not null,
    readiness         text not null,
    availability      text not null,
    available_from    date,
    available_m2      double precision not null,
    land_control      text not null,
    price_min         double precision,
    fibre             text not null,
    utilities_present text[] not null,
    substation_id     uuid,
    e6_junction_m     double precision,
    rail_terminal_m   double precision,
    skysstasjon_m     double precision,
    town_centre_m     double precision,
    main_road_m       double precision,
    farmland_share    double precision not null,
    nature_share      double precision not null,
    flood_share       double precision not null,
    landslide_share   double precision not null,
    quick_clay_share  double precision not null
);
