//! `arealbank user …` and `arealbank token …`: accounts and API tokens.

use crate::config::{TokenCommand, UserCommand};

/// `arealbank user …`
pub async fn user(pool: &sqlx::PgPool, cmd: UserCommand) -> anyhow::Result<()> {
    use crate::domain::user::{hash_password, parse_username, NewUser};
    use crate::store::users;
    match cmd {
        UserCommand::Add {
            username,
            role,
            name,
            municipality,
        } => {
            let password = read_password()?;
            let user = NewUser::new(&username, name.as_deref(), &role, &municipality, &password)?;
            users::add(pool, &user).await?;
            println!("added {} ({})", user.username, user.role.as_str());
        }
        UserCommand::List => {
            for u in users::list(pool).await? {
                let state = if u.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role,
                    u.municipalities.join(","),
                    state,
                    u.display_name
                );
            }
        }
        UserCommand::Disable { username } => {
            users::set_disabled(pool, &parse_username(&username)?, true).await?
        }
        UserCommand::Enable { username } => {
            users::set_disabled(pool, &parse_username(&username)?, false).await?
        }
        UserCommand::Passwd { username } => {
            let username = parse_username(&username)?;
            let hash = hash_password(&read_password()?)?;
            users::set_password_hash(pool, &username, &hash).await?;
            println!("password changed for {username}");
        }
    }
    Ok(())
}

/// `arealbank token …`
pub async fn token(pool: &sqlx::PgPool, cmd: TokenCommand) -> anyhow::Result<()> {
    use crate::domain::{token, user::parse_username};
    use crate::store::users;
    match cmd {
        TokenCommand::Add { username, name } => {
            let username = parse_username(&username)?;
            let (secret, digest) = token::generate();
            users::add_token(pool, &username, name.trim(), &digest).await?;
            eprintln!(
                "token {:?} for {username} (shown once; store it now):",
                name.trim()
            );
            println!("{secret}");
        }
        TokenCommand::Revoke { username, name } => {
            users::revoke_token(pool, &parse_username(&username)?, &name).await?;
            println!("revoked");
        }
    }
    Ok(())
}

/// A password from the terminal (hidden) or the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password("Password: ")?);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
