//! Shared by the benches: a workspace with `count` leads (`leadN@bench.example`) and a
//! conversation each, written in three statements.

use omnireach::store::Store;

/// Returns the workspace id and the lead ids (`lead-1` …).
pub async fn seed_leads(store: &Store, count: usize) -> (String, Vec<String>) {
    let workspace = omnireach::store::new_id();
    let now = omnireach::store::now_ms();
    sqlx::query(
        "INSERT INTO workspaces (id, name, slug, created_at) VALUES ($1, 'Bench', 'bench', $2)",
    )
    .bind(&workspace)
    .bind(now)
    .execute(&store.pool)
    .await
    .expect("workspace");
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) \
         INSERT INTO leads (id, workspace_id, full_name, search_text, email, stage, stage_rank, created_at, updated_at) \
         SELECT 'lead-' || i, $1, 'Lead ' || i, 'lead ' || i, 'lead' || i || '@bench.example', 'lead', 0, $2, $2 FROM n"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&workspace)
        .bind(now)
        .execute(&store.pool)
        .await
        .expect("leads");
    let sql = "INSERT INTO conversations (id, workspace_id, lead_id, created_at, updated_at) \
               SELECT 'conv-' || id, workspace_id, id, created_at, updated_at FROM leads";
    sqlx::query(sql)
        .execute(&store.pool)
        .await
        .expect("conversations");
    let leads: Vec<String> = sqlx::query_scalar("SELECT id FROM leads ORDER BY id")
        .fetch_all(&store.pool)
        .await
        .expect("ids");
    (workspace, leads)
}
