//! A loaded hive: base block checks, bounds-checked cell access, path lookup and the bounded walk.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use super::HiveError;
use super::base::{BASE_BLOCK_SIZE, BaseBlock, FILE_TYPE_PRIMARY};
use super::bytes::u32_at;
use super::key::Key;
use super::log;

/// References equal to this point nowhere.
pub(crate) const NO_CELL: u32 = u32::MAX;
/// Cells start on 8-byte boundaries (Windows rejects anything else as a cell index).
const CELL_ALIGNMENT: u32 = 8;
const HIVE_BIN_ALIGNMENT: usize = 4096;
const MAX_WALK_DEPTH: usize = 512;
/// A hostile hive can make every key fail; past this many the walk only counts them.
const MAX_WALK_ERRORS: usize = 1000;
/// List entries and data bytes a hive may make us read, per byte of hive bins data (with
/// a floor for small hives). Cells shared between keys could otherwise turn a scan that
/// reads each value once into a quadratic one; honest use stays far below this.
const WORK_PER_HIVE_BYTE: u64 = 64;
const MIN_WORK: u64 = 64 << 20;

/// A registry hive held in memory; keys and values are parsed on demand.
pub struct Hive {
    pub(crate) data: Vec<u8>,
    pub(crate) base: BaseBlock,
    /// Absolute end of the hive bins data that is both declared and present.
    bins_end: usize,
    pub(crate) notes: Vec<String>,
    work_left: AtomicU64,
}

/// What a [`Hive::walk`] visitor wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    Continue,
    SkipChildren,
}

impl Hive {
    /// Parses the base block; fails only when the bytes are not a primary regf hive at all.
    pub fn open(data: Vec<u8>) -> Result<Hive, HiveError> {
        let base = BaseBlock::parse(&data)?;
        if base.file_type != FILE_TYPE_PRIMARY {
            return Err(HiveError::NotAHive(format!(
                "file type {} (a transaction log or alternate file), not a primary file",
                base.file_type
            )));
        }
        Ok(Hive::assemble(data, base, Vec::new()))
    }

    /// Builds a hive around bytes whose base block is already parsed, noting what looks wrong.
    pub(crate) fn assemble(data: Vec<u8>, base: BaseBlock, mut notes: Vec<String>) -> Hive {
        notes.extend(base_block_problems(&base));
        let present = data.len().saturating_sub(BASE_BLOCK_SIZE);
        let declared = base.bins_size as usize;
        let bins_len = if declared == 0 {
            notes.push(format!(
                "base block declares no hive bins data; reading the {present} bytes present"
            ));
            present
        } else if declared > present {
            notes.push(format!(
                "base block declares {declared} bytes of hive bins data but only {present} are present (truncated file?)"
            ));
            present
        } else {
            declared
        };
        if bins_len > 0
            && data.get(BASE_BLOCK_SIZE..BASE_BLOCK_SIZE + 4) != Some(b"hbin".as_slice())
        {
            notes.push("no hive bin signature (\"hbin\") at file offset 4096".into());
        }
        let work = (bins_len as u64)
            .saturating_mul(WORK_PER_HIVE_BYTE)
            .max(MIN_WORK);
        Hive {
            data,
            base,
            bins_end: BASE_BLOCK_SIZE + bins_len,
            notes,
            work_left: AtomicU64::new(work),
        }
    }

    /// Whether the hive needs recovery: its sequence numbers differ or its base block
    /// checksum is wrong (the two conditions Windows treats as dirty).
    pub fn is_dirty(&self) -> bool {
        !self.base.sequences_match() || !self.base.checksum_ok()
    }

    /// Applies transaction logs (the bytes of FILE.LOG1 / FILE.LOG2, in either order, either
    /// missing) and returns the recovered hive plus notes on what happened. Logs are named
    /// "log 1", "log 2", ... after their position; see [`Hive::replay_named_logs`].
    pub fn replay_logs(self, logs: &[&[u8]]) -> (Hive, Vec<String>) {
        let names: Vec<String> = (1..=logs.len()).map(|n| format!("log {n}")).collect();
        let named: Vec<(&str, &[u8])> = names
            .iter()
            .map(String::as_str)
            .zip(logs.iter().copied())
            .collect();
        self.replay_named_logs(&named)
    }

    /// Like [`Hive::replay_logs`], with the caller's names for the logs (e.g. "SYSTEM.LOG1") in the notes.
    pub fn replay_named_logs(self, logs: &[(&str, &[u8])]) -> (Hive, Vec<String>) {
        log::replay(self, logs)
    }

    /// Problems met so far that the caller should report.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The hive's own file-name hint from the base block, e.g. `\??\C:\Users\alice\ntuser.dat`.
    pub fn embedded_name(&self) -> String {
        self.base.file_name.clone()
    }

    /// The base block's last-written FILETIME (Windows 8.1+ no longer updates it).
    pub fn last_written(&self) -> u64 {
        self.base.last_written
    }

    pub fn root(&self) -> Result<Key<'_>, HiveError> {
        Key::at(self, self.base.root_cell)
    }

    /// Looks a key up by a `\`-separated path relative to the root, case-insensitively.
    pub fn key(&self, path: &str) -> Result<Option<Key<'_>>, HiveError> {
        let mut key = self.root()?;
        for part in path.split('\\').filter(|part| !part.is_empty()) {
            match key.subkey(part)? {
                Some(child) => key = child,
                None => return Ok(None),
            }
        }
        Ok(Some(key))
    }

    /// Visits every key depth-first with its path relative to the root (the root has the
    /// empty path). Each key cell is followed once, nesting and total work are bounded,
    /// and problems are returned while the walk goes on with the rest.
    pub fn walk(&self, visit: &mut dyn FnMut(&str, &Key<'_>) -> Walk) -> Vec<String> {
        let mut walker = Walker::new(self);
        walker.run(visit);
        walker.finish()
    }

    /// The data of the allocated cell at `offset` (relative to the hive bins data), without its size field.
    pub(crate) fn cell(&self, offset: u32) -> Result<&[u8], HiveError> {
        if offset == NO_CELL {
            return Err(HiveError::cell(offset, "reference points nowhere"));
        }
        if !offset.is_multiple_of(CELL_ALIGNMENT) {
            return Err(HiveError::cell(offset, "offset is not 8-byte aligned"));
        }
        let start = BASE_BLOCK_SIZE.saturating_add(offset as usize);
        let bins = self.data.get(..self.bins_end).unwrap_or_default();
        let size_field = u32_at(bins, start).ok_or_else(|| {
            HiveError::cell(
                offset,
                format!(
                    "lies outside the hive bins data ({} bytes)",
                    self.bins_len()
                ),
            )
        })?;
        let size = size_field as i32;
        if size >= 0 {
            return Err(HiveError::cell(
                offset,
                format!("cell is not allocated (size field {size})"),
            ));
        }
        let len = size.unsigned_abs() as usize;
        if len < 8 {
            return Err(HiveError::cell(
                offset,
                format!("cell size {len} is too small"),
            ));
        }
        start
            .checked_add(len)
            .and_then(|end| bins.get(start + 4..end))
            .ok_or_else(|| {
                HiveError::cell(
                    offset,
                    format!("cell size {len} runs past the end of the hive bins data"),
                )
            })
    }

    /// Spends `units` (list entries or data bytes) of the hive's work allowance.
    pub(crate) fn charge(&self, units: usize) -> Result<(), HiveError> {
        let units = units as u64;
        self.work_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(units)
            })
            .map(|_| ())
            .map_err(|_| {
                HiveError::Limit(format!(
                    "read {WORK_PER_HIVE_BYTE} times more than the hive holds; cells are probably shared to inflate the work"
                ))
            })
    }

    pub(crate) fn bins_len(&self) -> usize {
        self.bins_end - BASE_BLOCK_SIZE
    }

    pub(crate) fn minor_version(&self) -> u32 {
        self.base.minor_version
    }
}

impl fmt::Debug for Hive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hive")
            .field("bytes", &self.data.len())
            .field("embedded_name", &self.base.file_name)
            .field("notes", &self.notes)
            .finish()
    }
}

fn base_block_problems(base: &BaseBlock) -> Vec<String> {
    let mut problems = Vec::new();
    if !base.checksum_ok() {
        problems.push(format!(
            "base block checksum mismatch (stored 0x{:08x}, computed 0x{:08x}): the header may be damaged or half-written",
            base.stored_checksum, base.computed_checksum
        ));
    }
    if !base.sequences_match() {
        problems.push(format!(
            "hive is dirty (primary sequence {}, secondary {}): recent changes may be only in its transaction logs",
            base.primary_sequence, base.secondary_sequence
        ));
    }
    if base.major_version != 1 || !(3..=6).contains(&base.minor_version) {
        problems.push(format!(
            "unsupported format version {}.{}; reading it as 1.3+",
            base.major_version, base.minor_version
        ));
    }
    if !(base.bins_size as usize).is_multiple_of(HIVE_BIN_ALIGNMENT) {
        problems.push(format!(
            "hive bins data size {} is not a multiple of 4096",
            base.bins_size
        ));
    }
    problems
}

/// One bit per possible cell start, so a walk follows each key cell at most once.
struct CellSet {
    bits: Vec<u64>,
}

impl CellSet {
    fn new(bins_len: usize) -> CellSet {
        let slots = bins_len / CELL_ALIGNMENT as usize;
        CellSet {
            bits: vec![0; slots.div_ceil(64)],
        }
    }

    /// Marks `offset`; false if it was marked before. Offsets beyond the hive are never
    /// cells, so they are reported as new and left to fail when read.
    fn insert(&mut self, offset: u32) -> bool {
        let slot = (offset / CELL_ALIGNMENT) as usize;
        let Some(word) = self.bits.get_mut(slot / 64) else {
            return true;
        };
        let mask = 1u64 << (slot % 64);
        let new = *word & mask == 0;
        *word |= mask;
        new
    }
}

struct Frame {
    children: Vec<u32>,
    next: usize,
    /// Length of `Walker::path` for the key whose children these are.
    parent_path_len: usize,
}

struct Walker<'h> {
    hive: &'h Hive,
    seen: CellSet,
    /// Subkey references still allowed; a sound hive holds fewer than one per 8 bytes,
    /// so running out means lists are shared or looping.
    budget: usize,
    stack: Vec<Frame>,
    path: String,
    errors: Vec<String>,
    suppressed: usize,
    /// Set once the budget ran out: keys already listed are still visited, but no more
    /// subkey lists are read.
    exhausted: bool,
}

impl<'h> Walker<'h> {
    fn new(hive: &'h Hive) -> Walker<'h> {
        Walker {
            hive,
            seen: CellSet::new(hive.bins_len()),
            budget: hive.bins_len() / CELL_ALIGNMENT as usize + 1024,
            stack: Vec::new(),
            path: String::new(),
            errors: Vec::new(),
            suppressed: 0,
            exhausted: false,
        }
    }

    fn run(&mut self, visit: &mut dyn FnMut(&str, &Key<'_>) -> Walk) {
        let root = match self.hive.root() {
            Ok(root) => root,
            Err(error) => return self.error(&error.to_string()),
        };
        self.seen.insert(root.offset());
        if visit("", &root) == Walk::Continue {
            self.descend(&root);
        }
        while let Some(frame) = self.stack.last_mut() {
            let Some(&child) = frame.children.get(frame.next) else {
                self.stack.pop();
                continue;
            };
            frame.next += 1;
            let parent_path_len = frame.parent_path_len;
            self.path.truncate(parent_path_len);
            self.visit_child(child, visit);
        }
    }

    fn visit_child(&mut self, offset: u32, visit: &mut dyn FnMut(&str, &Key<'_>) -> Walk) {
        if !self.seen.insert(offset) {
            let problem = format!(
                "subkey list refers to key cell 0x{offset:x} again (loop or shared list); not followed"
            );
            return self.error(&problem);
        }
        let key = match Key::at(self.hive, offset) {
            Ok(key) => key,
            Err(error) => return self.error(&format!("subkey: {error}")),
        };
        if !self.path.is_empty() {
            self.path.push('\\');
        }
        key.append_name(&mut self.path);
        if visit(&self.path, &key) == Walk::SkipChildren {
            return;
        }
        if self.stack.len() >= MAX_WALK_DEPTH {
            let problem = format!("keys nested deeper than {MAX_WALK_DEPTH}; subkeys not visited");
            return self.error(&problem);
        }
        self.descend(&key);
    }

    fn descend(&mut self, key: &Key<'_>) {
        if self.exhausted {
            return;
        }
        let children = match key.subkey_offsets() {
            Ok(children) => children,
            Err(error) => return self.error(&error.to_string()),
        };
        if children.len() > self.budget {
            self.exhausted = true;
            return;
        }
        self.budget -= children.len();
        self.stack.push(Frame {
            children,
            next: 0,
            parent_path_len: self.path.len(),
        });
    }

    fn error(&mut self, problem: &str) {
        if self.errors.len() >= MAX_WALK_ERRORS {
            self.suppressed += 1;
            return;
        }
        let place = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        self.errors.push(format!("{place}: {problem}"));
    }

    fn finish(mut self) -> Vec<String> {
        if self.suppressed > 0 {
            self.errors
                .push(format!("{} further errors not listed", self.suppressed));
        }
        if self.exhausted {
            self.errors.push(
                "walk stopped descending: more subkey references than a hive of this size can hold (shared or looping subkey lists)"
                    .into(),
            );
        }
        self.errors
    }
}
