-- A rail siding (sidespor) on or next to the site: what a logistics firm asks first.
alter table area add column rail_siding boolean;
