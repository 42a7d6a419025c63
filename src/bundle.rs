//! Bundles: the offline site packed as one zip with a top-level folder, or the printable page as
//! one self-contained HTML file (built with `LinkStyle::SingleFile`, which inlines its styles,
//! scripts, icon and search index).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::load_config;
use crate::content::slug::slugify;
use crate::error::{Diagnostic, Error};
use crate::fs::SiteFs;
use crate::outputs::print::PATH as PRINT_PAGE;
use crate::pipeline::{BuildOptions, render_site};
use crate::site::urls::LinkStyle;
use crate::write::{OutputFile, check_bundle_target};

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
    let config = load_config(&SiteFs::open(site_dir)?)?;
    Ok(slugify(&config.title))
}

/// Builds the site offline and writes it as a zip (`single_file` false) or as one HTML file.
pub fn bundle_site(
    options: &BuildOptions,
    target: &Path,
    single_file: bool,
) -> Result<BundleReport, Error> {
    check_bundle_target(&options.site_dir, target)?;
    let options = BuildOptions {
        style: if single_file {
            LinkStyle::SingleFile
        } else {
            LinkStyle::Offline
        },
        ..options.clone()
    };
    let site = render_site(&options)?;
    let bytes = if single_file {
        let print = site
            .files
            .iter()
            .find(|f| f.path == PRINT_PAGE)
            .ok_or_else(|| Error::Usage("the site has no print.html".into()))?;
        print.bytes.to_vec()
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
}
