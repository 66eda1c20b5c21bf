-- `updated_at` follows every update of an area, an account and a comparison set.
create function touch_updated_at() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end $$;

create trigger area_touch_updated_at before update on area
    for each row execute function touch_updated_at();
create trigger app_user_touch_updated_at before update on app_user
    for each row execute function touch_updated_at();
create trigger comparison_touch_updated_at before update on comparison
    for each row execute function touch_updated_at();
