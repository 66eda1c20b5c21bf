-- Freshness: a planner confirms that an area's facts still hold ("bekreft at
-- opplysningene stemmer"); the confirmation sets last_confirmed and is kept in the
-- history as an action of its own.
alter table area_history drop constraint area_history_action_check;
alter table area_history add constraint area_history_action_check
    check (action in ('create', 'update', 'end', 'restore', 'publish', 'unpublish', 'confirm'));
