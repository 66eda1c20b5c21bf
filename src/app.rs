//! The running application: bind first (so tests can use port 0), then serve until
//! Ctrl-C or SIGTERM, then close the database (stopping the embedded cluster).

use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::api::{self, AppState, Settings};
use crate::db::Database;
use crate::store;

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Bind `addr` and prepare the shared state (code lists are read once here).
    pub async fn build(
        pool: sqlx::PgPool,
        settings: Settings,
        addr: SocketAddr,
    ) -> anyhow::Result<Self> {
        let codes = store::codes::load(&pool).await?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("could not listen on {addr}: {e}"))?;
        Ok(Self {
            listener,
            state: AppState::new(pool, settings, codes),
        })
    }

    /// The address actually bound (port 0 becomes a real port).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serve until `shutdown` completes.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        // buckets of clients that have gone quiet are dropped now and then
        let pruning = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                state.limiters.prune();
            }
        });
        // the data version follows changes made by other instances and the command line
        let version = self.state.tiles.version.clone();
        let pool = self.state.pool.clone();
        let following = tokio::spawn(async move { version.follow(pool).await });
        let app = api::router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        pruning.abort();
        following.abort();
        result
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// Serve with an open database, and close it (stopping the embedded cluster) afterwards.
pub async fn serve(db: Database, settings: Settings, addr: SocketAddr) -> anyhow::Result<()> {
    let app = match Application::build(db.pool.clone(), settings, addr).await {
        Ok(app) => app,
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    };
    tracing::info!(version = crate::config::VERSION, address = %app.local_addr()?, "arealbank is serving the map on http://{}", app.local_addr()?);
    let result = app.run_until(shutdown_signal()).await;
    db.close().await;
    result.map_err(Into::into)
}
