//! The `omnireach` command line.

use crate::config::Settings;
use crate::domain::{EmailAddress, Role};
use crate::startup::{Application, open_store};
use crate::{seed, telemetry};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "omnireach",
    version,
    about = "OmniReach: self-hostable AI sales engagement platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (web UI, API, background jobs). Creates and migrates the database and
    /// seeds demo data on first start.
    Serve {
        /// Port to listen on (default: $PORT or 8080).
        #[arg(long)]
        port: Option<u16>,
        /// Address to bind (default: $HOST or 127.0.0.1; use 0.0.0.0 in containers).
        #[arg(long)]
        host: Option<String>,
    },
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate,
    /// Add the demo data set (leads, companies, personas, templates) to the first workspace.
    Seed,
    /// Manage administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin user in the first workspace (or reset the password of an existing one).
    Create {
        #[arg(long)]
        email: String,
        /// At least 10 characters. Prefer --password-env in scripts so it stays out of shell history.
        #[arg(long, required_unless_present = "password_env")]
        password: Option<String>,
        /// Read the password from this environment variable instead.
        #[arg(long)]
        password_env: Option<String>,
        #[arg(long, default_value = "Admin")]
        name: String,
    },
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut settings = Settings::from_env()?;
    telemetry::init(settings.json_logs);
    match cli.command {
        Command::Serve { port, host } => {
            if let Some(port) = port {
                settings.port = port;
            }
            if let Some(host) = host {
                settings.host = host;
            }
            let app = Application::build(settings.clone()).await?;
            tracing::info!(
                port = app.port(),
                database = app.state.store.backend.name(),
                "OmniReach listening"
            );
            println!(
                "  OmniReach is running at http://{}:{}",
                display_host(&settings.host),
                app.port()
            );
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            let store = open_store(&settings).await?;
            println!("Migrations applied ({} database).", store.backend.name());
        }
        Command::Seed => {
            let store = open_store(&settings).await?;
            let workspace = store.workspaces().first().await?.ok_or_else(|| {
                anyhow::anyhow!(
                    "no workspace yet: run `omnireach serve` or `omnireach admin create` first"
                )
            })?;
            let admin = store
                .users()
                .list(&workspace.id)
                .await?
                .into_iter()
                .find(|u| u.role == Role::Admin);
            let leads = seed::demo_data(&store, &workspace.id, admin.as_ref()).await?;
            println!(
                "Demo data seeded into '{}': {leads} leads added.",
                workspace.name
            );
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    password,
                    password_env,
                    name,
                },
        } => {
            let password = match (password, password_env) {
                (Some(p), _) => p,
                (None, Some(var)) => std::env::var(&var)
                    .map_err(|_| anyhow::anyhow!("environment variable {var} is not set"))?,
                (None, None) => unreachable!("clap requires one"),
            };
            if password.chars().count() < 10 {
                anyhow::bail!("the password must have at least 10 characters");
            }
            let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let store = open_store(&settings).await?;
            let hash = crate::auth::hash_password(&password)?;
            if let Some(existing) = store.users().find_by_email(email.as_str()).await? {
                store.users().set_password(&existing.id, &hash).await?;
                store
                    .users()
                    .update(
                        &existing.workspace_id,
                        &existing.id,
                        None,
                        Some(Role::Admin),
                        Some(false),
                    )
                    .await?;
                println!("{email} exists: password reset and role set to admin.");
            } else {
                let workspace = match store.workspaces().first().await? {
                    Some(w) => w,
                    None => store.workspaces().create(seed::DEFAULT_WORKSPACE).await?,
                };
                let first_user = store.users().count_all().await? == 0;
                store
                    .users()
                    .create(crate::store::NewUser {
                        workspace_id: &workspace.id,
                        email: email.as_str(),
                        name: &name,
                        password_hash: &hash,
                        role: Role::Admin,
                        is_instance_admin: first_user,
                    })
                    .await?;
                println!("Admin {email} created in workspace '{}'.", workspace.name);
            }
        }
    }
    Ok(())
}

fn display_host(host: &str) -> &str {
    if host == "0.0.0.0" { "127.0.0.1" } else { host }
}
