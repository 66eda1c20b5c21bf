//! The SOSI code lists held in the database.

use std::collections::BTreeMap;

use sqlx::PgPool;

use super::{doing, StoreError};
use crate::domain::codes::{CodeLists, Label};

/// Load plan types, plan statuses and land-use purposes with their labels.
pub async fn load(pool: &PgPool) -> Result<CodeLists, StoreError> {
    let mut lists = CodeLists::default();
    for r in sqlx::query!("select code, label_nb, label_en from code_plan_type order by code")
        .fetch_all(pool)
        .await
        .map_err(doing("loading plan types"))?
    {
        lists.plan_type.insert(
            r.code,
            Label {
                nb: r.label_nb,
                en: r.label_en,
            },
        );
    }
    for r in sqlx::query!("select code, label_nb, label_en from code_plan_status order by code")
        .fetch_all(pool)
        .await
        .map_err(doing("loading plan statuses"))?
    {
        lists.plan_status.insert(
            r.code,
            Label {
                nb: r.label_nb,
                en: r.label_en,
            },
        );
    }
    for r in
        sqlx::query!("select list, code, label_nb, label_en from code_land_use order by list, code")
            .fetch_all(pool)
            .await
            .map_err(doing("loading land-use purposes"))?
    {
        lists
            .land_use
            .entry(r.list)
            .or_insert_with(BTreeMap::new)
            .insert(
                r.code,
                Label {
                    nb: r.label_nb,
                    en: r.label_en,
                },
            );
    }
    Ok(lists)
}
