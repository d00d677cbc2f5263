//! The web page's files, embedded in the binary: nothing is read from the disk, nothing comes from
//! the network (no CDN, no web fonts: the system's fonts, which lay out Arabic well).

use axum::response::Response;

use super::embedded;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

pub async fn page() -> Response {
    embedded("text/html; charset=utf-8", PAGE)
}

pub async fn script() -> Response {
    embedded("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> Response {
    embedded("text/css; charset=utf-8", STYLE)
}
