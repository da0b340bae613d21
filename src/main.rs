#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    omnireach::cli::run().await
}
