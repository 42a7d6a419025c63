//! Files kept in memory compressed (zstd, its fastest level): `quire serve` holds every file of
//! the site between builds, and pages shrink to about a third, so they are packed by the thread
//! that makes them and unpacked one at a time when they are read.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use zstd::bulk::{Compressor, Decompressor};

use super::{OutputSink, check_path, sorted_without_collisions};
use crate::error::Error;

/// Bytes as kept in memory: compressed, or as they are when compressing does not make them
/// smaller (images, fonts, tiny files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packed {
    Zstd { len: usize, compressed: Box<[u8]> },
    Stored(Box<[u8]>),
}

/// zstd's fastest level that still finds the repeats of a page's markup.
const LEVEL: i32 = 1;

thread_local! {
    /// Each thread's contexts, reused from file to file (making one costs more than packing a
    /// small page); `None` if zstd could not make one.
    static PACKER: RefCell<Option<Compressor<'static>>> = RefCell::new(Compressor::new(LEVEL).ok());
    static UNPACKER: RefCell<Option<Decompressor<'static>>> = RefCell::new(Decompressor::new().ok());
}

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        let compressed = PACKER.with_borrow_mut(|packer| packer.as_mut()?.compress(bytes).ok());
        match compressed {
            Some(compressed) if compressed.len() < bytes.len() => Packed::Zstd {
                len: bytes.len(),
                compressed: compressed.into_boxed_slice(),
            },
            _ => Packed::Stored(bytes.into()),
        }
    }

    /// The bytes as they were given to [`Packed::new`].
    pub fn unpack(&self) -> Cow<'_, [u8]> {
        match self {
            Packed::Zstd { len, compressed } => {
                let unpacked = UNPACKER.with_borrow_mut(|unpacker| match unpacker {
                    Some(unpacker) => unpacker.decompress(compressed, *len),
                    None => zstd::bulk::decompress(compressed, *len),
                });
                Cow::Owned(unpacked.expect("packed by Packed::new, to this length"))
            }
            Packed::Stored(bytes) => Cow::Borrowed(bytes),
        }
    }
}

/// One file of the built site, packed.
#[derive(Debug, Clone)]
pub struct PackedFile {
    pub path: String,
    /// Shared, so that a file kept between builds is not copied.
    pub bytes: Arc<Packed>,
}

impl PackedFile {
    /// Packs `bytes` as the file at `path`.
    pub fn new(path: String, bytes: &[u8]) -> PackedFile {
        PackedFile {
            path,
            bytes: Arc::new(Packed::new(bytes)),
        }
    }
}

/// Keeps every file in memory packed (for `quire serve`): a file is packed by the thread that
/// hands it over, unless it comes packed already.
#[derive(Default)]
pub struct PackedSink {
    files: Mutex<Vec<PackedFile>>,
}

impl PackedSink {
    /// The files, sorted by path; two files with one path are an error naming it.
    pub fn into_files(self) -> Result<Vec<PackedFile>, Error> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        sorted_without_collisions(files, |f| &f.path)
    }
}

impl OutputSink for PackedSink {
    fn put(&self, file: super::OutputFile) -> Result<(), Error> {
        self.put_packed(PackedFile::new(file.path, &file.bytes))
    }

    fn put_packed(&self, file: PackedFile) -> Result<(), Error> {
        check_path(&file.path)?;
        crate::memo::lock(&self.files).push(file);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::OutputFile;

    #[test]
    fn packed_bytes_unpack_to_what_was_packed() {
        let page = "<li><a href=\"../x/\">x</a></li>\n".repeat(200);
        let packed = Packed::new(page.as_bytes());
        let Packed::Zstd { compressed, .. } = &packed else {
            panic!("a page is packed");
        };
        assert!(compressed.len() * 4 < page.len(), "{}", compressed.len());
        assert_eq!(packed.unpack(), page.as_bytes());
        for small in [&b""[..], b"a", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"] {
            let packed = Packed::new(small);
            assert!(matches!(packed, Packed::Stored(_)));
            assert_eq!(packed.unpack(), small);
        }
    }

    #[test]
    fn a_packed_sink_keeps_files_by_path_and_refuses_two_with_one_path() {
        let sink = PackedSink::default();
        let file = |path: &str, text: &str| OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        };
        sink.put(file("b.html", "<p>b</p>")).unwrap();
        let kept = PackedFile {
            path: "a.html".into(),
            bytes: Arc::new(Packed::new(b"<p>a</p>")),
        };
        sink.put_packed(kept).unwrap();
        assert!(sink.put(file("../x", "")).is_err());
        let files = sink.into_files().unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
        assert_eq!(&*files[1].bytes.unpack(), b"<p>b</p>");

        let sink = PackedSink::default();
        sink.put(file("a.html", "1")).unwrap();
        sink.put(file("a.html", "2")).unwrap();
        assert!(sink.into_files().is_err());
    }
}
