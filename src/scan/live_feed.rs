//! The producer of a live scan: the tree walk of the roots, feeding the queue.

use std::path::PathBuf;

use super::feed::Feed;
use crate::source::tree::{self, WalkOptions};

/// Walks `roots` into `feed` until done or stopped.
pub(super) fn produce(roots: &[PathBuf], options: &WalkOptions, mut feed: Feed<'_, '_>) {
    let stop = feed.shared.stop;
    tree::walk(roots, options, stop, &mut |item| {
        feed.put(item);
    });
    feed.finish();
}
