//! Bundles: the offline site packed as one zip with a top-level folder, or the printable page as
//! one self-contained HTML file (styles, scripts, icon and search index inlined).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::build::{BuildOptions, RenderedSite, render_site};
use crate::content::slug::slugify;
use crate::error::{Diagnostic, Error};
use crate::output::OutputFile;

/// What a bundle run produced.
#[derive(Debug)]
pub struct BundleReport {
    pub path: PathBuf,
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
}

/// The folder name inside the zip and the default file name: the site title as a slug.
pub fn bundle_name(site_dir: &Path) -> Result<String, Error> {
    let config = crate::config::load_config(site_dir)?;
    Ok(slugify(&config.title))
}

/// Builds the site offline and writes it as a zip (`single_file` false) or as one HTML file.
pub fn bundle_site(
    options: &BuildOptions,
    target: &Path,
    single_file: bool,
) -> Result<BundleReport, Error> {
    let options = BuildOptions {
        offline: true,
        ..options.clone()
    };
    let site = render_site(&options)?;
    let bytes = if single_file {
        single_file_html(&site)?.into_bytes()
    } else {
        zip_bytes(&bundle_name(&options.site_dir)?, &site.files)?
    };
    write_atomically(target, &bytes)?;
    Ok(BundleReport {
        path: target.to_path_buf(),
        files: if single_file { 1 } else { site.files.len() },
        bytes: bytes.len() as u64,
        warnings: site.warnings,
    })
}

/// A deterministic zip: every file under `folder/`, sorted, with a fixed timestamp.
fn zip_bytes(folder: &str, files: &[OutputFile]) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let zip_error = |e: zip::result::ZipError| Error::io(folder, std::io::Error::other(e));
    for file in files {
        zip.start_file(format!("{folder}/{}", file.path), options)
            .map_err(zip_error)?;
        zip.write_all(&file.bytes)
            .map_err(|e| Error::io(folder, e))?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

/// `print.html` with every local asset it references inlined, so it works as a lone file.
fn single_file_html(site: &RenderedSite) -> Result<String, Error> {
    let file = |path: &str| site.files.iter().find(|f| f.path == path);
    let print =
        file("print.html").ok_or_else(|| Error::Usage("the site has no print.html".into()))?;
    let mut html = String::from_utf8_lossy(&print.bytes).into_owned();
    let mut scripts = String::new();
    for f in site.files.iter().filter(|f| f.path.starts_with("assets/")) {
        let reference = format!("./{}", f.path);
        let text = String::from_utf8_lossy(&f.bytes);
        if f.path.ends_with(".css") {
            let tag = format!("<link rel=\"stylesheet\" href=\"{reference}\">");
            let inline = format!("<style>{}</style>", text.replace("</style", "<\\/style"));
            html = html.replace(&tag, &inline);
        } else if f.path.ends_with(".js") {
            let tag = format!("<script src=\"{reference}\" defer></script>");
            if html.contains(&tag) {
                html = html.replace(&tag, "");
                scripts.push_str(&inline_script(&text));
            }
        } else if f.path.ends_with(".svg") {
            html = html.replace(&reference, &svg_data_uri(&text));
        }
    }
    // The search index registers itself when run; loading it up front makes search work offline.
    for f in site.files.iter().filter(|f| f.path.starts_with("search/")) {
        scripts.insert_str(0, &inline_script(&String::from_utf8_lossy(&f.bytes)));
    }
    let end = html.rfind("</body>").unwrap_or(html.len());
    html.insert_str(end, &scripts);
    Ok(html)
}

fn inline_script(js: &str) -> String {
    format!(
        "<script>{}</script>\n",
        js.replace("</script", "<\\/script")
    )
}

fn svg_data_uri(svg: &str) -> String {
    let mut uri = String::from("data:image/svg+xml,");
    for c in svg.trim().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '"' => uri.push('\''),
            '<' => uri.push_str("%3C"),
            '>' => uri.push_str("%3E"),
            '\n' | '\r' => uri.push(' '),
            c => uri.push(c),
        }
    }
    uri
}

/// Writes `bytes` to a temp file beside `target` and renames it over `target`.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    temp.write_all(bytes).map_err(|e| Error::io(target, e))?;
    temp.persist(target)
        .map_err(|e| Error::io(target, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_is_deterministic_and_foldered() {
        let files = vec![OutputFile {
            path: "index.html".into(),
            bytes: b"<p>hi</p>".as_slice().into(),
        }];
        let a = zip_bytes("guide", &files).unwrap();
        assert_eq!(a, zip_bytes("guide", &files).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        assert_eq!(
            archive.by_index(0).unwrap().name().unwrap(),
            "guide/index.html"
        );
    }

    #[test]
    fn svg_becomes_a_data_uri_without_quotes_or_hashes() {
        let uri = svg_data_uri("<svg fill=\"#fff\"></svg>");
        assert_eq!(uri, "data:image/svg+xml,%3Csvg fill='%23fff'%3E%3C/svg%3E");
    }
}
