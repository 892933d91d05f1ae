//! The producer of an image scan: opens the image through its layers and walks its files on
//! one thread (the filesystem readers stay on the thread that opened them), feeding the queue,
//! so hashing and rule scanning stay parallel; with `--hash-image` the whole virtual disk is
//! hashed beside the walk.

use std::path::Path;
use std::thread::Scope;

use super::Event;
use super::feed::Feed;
use crate::source::image::container::Format;
use crate::source::image::files;
use crate::source::image::layout::{self, ImageLayout};
use crate::source::{Item, Origin, Unscanned};

/// Opens the image at `path` and walks it into `feed`; with `hash`, the whole virtual disk is
/// hashed on a thread of `scope` meanwhile. Returns the image's layout, with what was read of
/// each volume, for the summary (None when the image cannot be opened, which is reported).
pub(super) fn produce<'scope>(
    scope: &'scope Scope<'scope, '_>,
    path: &Path,
    format: Format,
    hash: bool,
    mut feed: Feed<'scope, '_>,
) -> Option<ImageLayout> {
    let stop = feed.shared.stop;
    let hash_path = path.to_path_buf();
    let hashing = hash.then(|| scope.spawn(move || layout::media_sha256(&hash_path, format, stop)));
    let mut layout = match layout::open(path, format) {
        Ok(mut opened) => {
            files::walk(&mut opened, stop, &mut |item: Item<'_>| feed.put(item));
            feed.finish();
            opened.layout
        }
        Err(message) => {
            feed.report(Event::Unscanned(Unscanned::Error {
                origin: Origin::image(path),
                message: format!("cannot open the image: {message}"),
            }));
            return None;
        }
    };
    if let Some(hashing) = hashing {
        match hashing.join() {
            Ok(Ok(digest)) => layout.media_sha256 = Some(digest),
            Ok(Err(message)) => layout.problems.push(format!("--hash-image: {message}")),
            Err(_) => layout
                .problems
                .push("--hash-image: the hashing thread failed".to_string()),
        }
    }
    Some(layout)
}
