// `sqlx::migrate!` embeds the migration files when the crate compiles; without this, a new
// migration file is missed by an incremental build (cargo does not see the folder change).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
