//! Serves the built web UI: embedded in release binaries, or from `OMNIREACH_WEB_DIR` on disk.
//! Unknown non-API paths return `index.html` so client-side routes survive a reload.

use super::error::ApiError;
use super::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/dist"]
#[allow_missing = true]
struct EmbeddedWeb;

const PLACEHOLDER: &str = "<!doctype html><html><head><meta charset=utf-8><title>OmniReach</title></head>\
<body style=\"font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5\">\
<h1>OmniReach is running</h1><p>The web UI was not built into this binary. Build it with \
<code>make run</code> (or <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>), or browse the \
<a href=\"/api/docs/\">API documentation</a>.</p></body></html>";

fn load(state: &AppState, path: &str) -> Option<Vec<u8>> {
    if let Some(dir) = &state.settings.web_dir {
        let candidate = dir.join(path);
        // Refuse anything that escapes the directory.
        if candidate
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return None;
        }
        return std::fs::read(candidate).ok();
    }
    EmbeddedWeb::get(path).map(|file| file.data.into_owned())
}

pub async fn serve(
    request: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = request.path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        return Err(ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "route_not_found",
            format!(
                "No API endpoint {} {}; see /api/docs/ for the list.",
                request.method(),
                request.path()
            ),
        ));
    }
    if !path.is_empty()
        && let Some(bytes) = load(&state, path)
    {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        // Vite fingerprints everything under assets/, so those can be cached for a year.
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return Ok(HttpResponse::Ok()
            .content_type(mime.as_ref())
            .insert_header((header::CACHE_CONTROL, cache))
            .body(bytes));
    }
    let index = load(&state, "index.html").unwrap_or_else(|| PLACEHOLDER.as_bytes().to_vec());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(index))
}
