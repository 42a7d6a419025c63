//! What every response of `quire serve` shares: its body type and the headers that keep a browser
//! from caching or second-guessing what it is sent.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use hyper::header::{CACHE_CONTROL, HeaderName, HeaderValue};

/// The body of every response: a whole file, or the live-reload event stream.
pub(super) type Body = UnsyncBoxBody<Bytes, Infallible>;

/// Headers every response carries.
pub(super) fn add_common_headers(headers: &mut hyper::HeaderMap) {
    // Always revalidate: a reload must show the new build.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
}
