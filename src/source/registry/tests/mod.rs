//! Tests of the hive parser and log replay: builder-made hives, the hivex differential,
//! transaction logs and hostile input.

pub(crate) mod builder;
mod cells;
mod hivex;
mod hostile;
pub(crate) mod logs;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::{Hive, Walk};
use crate::test_rng::Rng;

/// Every key as "K\tpath" and every value as "V\tpath\tname\tkind\thex", in walk order,
/// plus the walk's errors.
fn dump(hive: &Hive) -> (Vec<String>, Vec<String>) {
    let mut lines = Vec::new();
    let errors = hive.walk(&mut |path, key| {
        lines.push(format!("K\t{path}"));
        match key.values() {
            Ok(values) => {
                for value in values {
                    let data = value
                        .data()
                        .map(|data| hex(&data))
                        .unwrap_or_else(|error| format!("ERROR {error}"));
                    lines.push(format!(
                        "V\t{path}\t{}\t{}\t{data}",
                        value.name(),
                        value.kind()
                    ));
                }
            }
            Err(error) => lines.push(format!("E\t{path}\t{error}")),
        }
        Walk::Continue
    });
    (lines, errors)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Drives every reading entry point over whatever the bytes turn out to be.
fn exercise(bytes: Vec<u8>) {
    if let Ok(hive) = Hive::open(bytes) {
        exercise_hive(&hive);
    }
}

fn exercise_hive(hive: &Hive) {
    let _ = (
        hive.notes(),
        hive.embedded_name(),
        hive.is_dirty(),
        hive.last_written(),
    );
    let _ = hive.walk(&mut |_, key| {
        let _ = (
            key.name(),
            key.last_written(),
            key.subkeys(),
            key.subkey("a"),
        );
        if let Ok(values) = key.values() {
            for value in values {
                let _ = (
                    value.name(),
                    value.display(),
                    value.text(),
                    value.strings(),
                    value.number(),
                );
            }
        }
        let _ = key.value("");
        Walk::Continue
    });
    let _ = hive.key("Software\\Microsoft\\Windows\\CurrentVersion\\Run");
}

/// Runs `work` on its own thread and fails the test if it panics or outlives `seconds`.
fn within(seconds: u64, work: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        work();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok(()) => worker.join().expect("worker thread"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("did not finish within {seconds} s (hang?)"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}
