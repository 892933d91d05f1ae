//! The producer of a live scan: the tree walk of the roots, then (`--processes`) the running
//! processes, feeding the queue.

use std::path::PathBuf;

use super::feed::Feed;
use super::process_feed;
use crate::source::tree::{self, WalkOptions};

/// Walks `roots` into `feed`, then the processes, until done or stopped.
pub(super) fn produce(
    roots: &[PathBuf],
    processes: bool,
    options: &WalkOptions,
    mut feed: Feed<'_, '_>,
) {
    let stop = feed.shared.stop;
    tree::walk(roots, options, stop, &mut |item| {
        feed.put(item);
    });
    if processes {
        process_feed::produce(&mut feed);
    }
    feed.finish();
}
