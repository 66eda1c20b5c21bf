//! `arealbank db start|url|stop`: the embedded PostgreSQL cluster.

use std::process::ExitCode;

use crate::config::{Cli, DbCommand};
use crate::db::{self, Cluster};

pub async fn run(cmd: &DbCommand, cli: &Cli) -> anyhow::Result<ExitCode> {
    if cli.database.database_url.is_some() {
        anyhow::bail!("`arealbank db` manages the embedded cluster; unset DATABASE_URL to use it");
    }
    let dir = &cli.database.data_dir;
    match cmd {
        DbCommand::Start => {
            let cluster = Cluster::start(dir).await?;
            println!("{}", cluster.url(db::embedded::DATABASE));
        }
        DbCommand::Url => println!(
            "{}",
            Cluster::existing(dir).await?.url(db::embedded::DATABASE)
        ),
        DbCommand::Stop => Cluster::existing(dir).await?.stop_now().await?,
    }
    Ok(ExitCode::SUCCESS)
}
