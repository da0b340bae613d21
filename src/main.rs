// glibc's malloc was a tenth of the server's CPU under live load (many threads handing small
// buffers to each other); mimalloc's per-thread free lists make that cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    omnireach::cli::run().await
}
