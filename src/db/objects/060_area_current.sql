-- Every current area, published or not: what signed-in readers start from.
create view area_current as
select * from area
where area_is_current(end_date);
