-- Grid capacity as the operators publish it (DIGIN GridCapacity, the WattApp form):
-- free capacity for consumption and for production, capacity reserved in the queue, the
-- licence and rights holder of the figures, the operator's own id of the station, and the
-- station's service area where the operator publishes one instead of a point. Published
-- figures may be negative (the grid above is already short), so the checks that kept
-- them at zero or more go; min ≤ max stays.
alter table substation
    drop constraint substation_free_capacity_mw_min_check,
    drop constraint substation_free_capacity_mw_max_check,
    drop constraint substation_future_capacity_mw_min_check,
    drop constraint substation_future_capacity_mw_max_check,
    add column available_prod_mw double precision,
    add column reserved_cons_mw double precision check (reserved_cons_mw >= 0),
    add column licence text,
    add column rights_holder text,
    add column external_id text,
    add column service_area geometry(MultiPolygon, 25832),
    -- false when the operator published only a service area: the point is then a point
    -- inside it, not where the station stands, and no distance to it is given
    add column position_known boolean not null default true;
create index substation_service_area_idx on substation using gist (service_area);

-- Whether the area lies in its substation's published service area (else the nearest
-- station was taken).
alter table area_fact add column substation_served boolean;
