-- What the public may see, with every column of an area (CQL2 filters and sorting read it).
create view area_visible as
select * from area
where area_is_public(published, end_date);
