//! Entry points for the fuzz targets in fuzz/: each feeds arbitrary bytes to one parser, the way
//! the scan would (docs/fuzzing.md). None of them writes anywhere: containers, which are opened
//! by path, read the bytes from an anonymous memory file; filesystems and partition tables read
//! a disk held in memory. Panics are not caught here: for the fuzzer every panic is a defect,
//! even one the scan would catch.

use std::ffi::CStr;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::FromRawFd;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::autostart::{self, command, linux};
use crate::analysis::office::{embedded, ole, ooxml, vba};
use crate::analysis::{binary, hive};
use crate::evidence::{FileType, hashes};
use crate::report::csv::Csv;
use crate::report::html::Html;
use crate::report::jsonl::{self, JsonLines, ReadReport};
use crate::report::text::Text;
use crate::report::{Record, Reporter, fleet};
use crate::signatures::bundle;
use crate::signatures::iocs::{IocSet, misp, stix};
use crate::signatures::yara::{self, CompileOptions};
use crate::source::archive::{self, Budget, Content, Flow, Kind, Limits};
use crate::source::image::container::{self, Format};
use crate::source::image::disk::{Disk, SharedDisk, Slice};
use crate::source::image::fs::{self, FileSystem, FsItem};
use crate::source::image::{files, layout};
use crate::source::process::{maps, net};
use crate::source::registry::{Hive, Walk};
use crate::source::{self as sources, Item, Link, Origin};

/// Bytes read from one file, member or stream: enough to run every decoder on the way, few
/// enough that a crafted size (a terabyte sparse file) costs no more than a small one.
const READ_PER_OBJECT: u64 = 1 << 20;
/// Bytes read from all the objects of one input together.
const READ_PER_INPUT: u64 = 16 << 20;

// --- Signatures ------------------------------------------------------------------------------

/// A rule bundle named by `--rules`, and any scanned file (older needles' bundles are
/// recognised).
pub fn bundle(data: &[u8]) {
    let _ = bundle::holds_rules_in_clear(data);
    let _ = bundle::read(data);
}

/// A LOKI / signature-base list; the first byte picks the file name, which decides the kind
/// (the last name leaves it to the first data line).
pub fn loki(data: &[u8]) {
    const NAMES: [&str; 6] = [
        "hash-iocs.txt",
        "filename-iocs.txt",
        "c2-iocs.txt",
        "falsepositive-hashes.txt",
        "registry-iocs.txt",
        "custom-iocs.txt",
    ];
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    iocs(NAMES[usize::from(pick) % NAMES.len()], text);
}

/// A STIX 2.1 bundle (read as such whichever keys come first: JSON is told STIX or MISP by
/// them, and each target keeps to one format).
pub fn stix(data: &[u8]) {
    let mut set = IocSet::default();
    let _ = stix::load(&mut set, 0, "feed.json", &mut &data[..]);
    use_iocs(set);
}

/// A MISP JSON export (an event, a list of events or a REST search response).
pub fn misp_json(data: &[u8]) {
    let mut set = IocSet::default();
    let _ = misp::load_json(&mut set, 0, "misp.json", &mut &data[..]);
    use_iocs(set);
}

/// A MISP CSV export.
pub fn misp_csv(data: &[u8]) {
    iocs("misp-attributes.csv", data);
}

/// A ClamAV hash database; the first byte picks MD5 (`.hdb`) or SHA (`.hsb`).
pub fn clamav(data: &[u8]) {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    iocs(
        if pick & 1 == 0 {
            "main.hdb"
        } else {
            "main.hsb"
        },
        text,
    );
}

/// A C2 list whose indicators become YARA-X rules: the generated rules must compile, as the
/// scan compiles them with the rule files. (Compiling takes milliseconds: the other IOC targets
/// leave it out.)
pub fn c2_rules(data: &[u8]) {
    let set = iocs("c2-iocs.txt", data);
    if let Some(source) = set.c2_rule_source() {
        let options = CompileOptions {
            relaxed_re_syntax: false,
        };
        let outcome = yara::compile(&[source], &options);
        assert!(
            outcome.errors.is_empty(),
            "the C2 rules generated from the indicators do not compile: {:?}",
            outcome.errors
        );
    }
}

/// Loads an IOC file as `--iocs` does (its name may decide its format), then [`use_iocs`].
fn iocs(name: &str, data: &[u8]) -> IocSet {
    let mut set = IocSet::default();
    let _ = set.load(name, &mut &data[..]);
    use_iocs(set)
}

/// Builds the matchers of loaded IOCs and uses them once.
fn use_iocs(mut set: IocSet) -> IocSet {
    if set.finish().is_ok() {
        let _ = set.match_path(r"C:\Windows\Temp\payload.exe");
        let _ = set.match_hashes(&hashes::hash_bytes(b"MZ"));
    }
    set
}

// --- Binaries --------------------------------------------------------------------------------

/// A PE, ELF or Mach-O file, thin or universal (or anything else the sniffer takes for one),
/// analysed and, as for a finding, completed with every section's entropy.
pub fn binary(data: &[u8]) {
    let analysis = binary::analyze(data, FileType::sniff(data), Path::new("/srv/sample.bin"));
    if let Some(mut info) = analysis.info {
        info.complete(data);
    }
}

// --- Disk images -----------------------------------------------------------------------------

/// An image container (E01, qcow2, VMDK, VHD, VHDX), given as a sparse file ([`SparseDisk`]),
/// read as `needle scan IMAGE` reads it: decoded at spread-out offsets, then opened through
/// every layer and walked.
pub fn container(format: Format, data: &[u8]) {
    let Ok(memory) = MemoryFile::holding(&SparseDisk::decode(data)) else {
        return;
    };
    if let Ok(mut disk) = container::open(&memory.path, format) {
        read_spread(disk.as_mut());
    }
    if let Ok(mut image) = layout::open(&memory.path, format) {
        walk_image(&mut image);
    }
}

/// A raw disk (partition tables and the filesystems they hold), given as a sparse disk
/// ([`SparseDisk`]), opened through the layers above the container and walked.
pub fn volumes(data: &[u8]) {
    let disk = SparseDisk::decode(data);
    if let Ok(mut image) = layout::open_disk(Path::new("/evidence/disk.raw"), Box::new(disk)) {
        walk_image(&mut image);
    }
}

/// An NTFS volume given as a sparse disk, walked with every file read.
pub fn ntfs(data: &[u8]) {
    if let Ok(mut filesystem) = fs::ntfs::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// An ext2/3/4 volume given as a sparse disk, walked with every file read.
pub fn ext(data: &[u8]) {
    if let Ok(mut filesystem) = fs::ext::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// An XFS (v4 or v5) volume given as a sparse disk, walked with every file read.
pub fn xfs(data: &[u8]) {
    if let Ok(mut filesystem) = fs::xfs::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// A btrfs volume given as a sparse disk, walked with every file read.
pub fn btrfs(data: &[u8]) {
    if let Ok(mut filesystem) = fs::btrfs::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// A FAT12/16/32 volume given as a sparse disk, walked with every file read.
pub fn fat(data: &[u8]) {
    if let Ok(mut filesystem) = fs::fat::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// An exFAT volume given as a sparse disk, walked with every file read.
pub fn exfat(data: &[u8]) {
    if let Ok(mut filesystem) = fs::exfat::open(SparseDisk::decode(data).into_volume()) {
        walk_filesystem(&mut filesystem);
    }
}

/// One LZNT1 compression unit of an NTFS compressed file; the first byte picks the unit's size
/// (4 KiB to 64 KiB, as cluster sizes give it).
pub fn lznt1(data: &[u8]) {
    let Some((&pick, packed)) = data.split_first() else {
        return;
    };
    let mut unit = vec![0; 4096 << (pick % 5)];
    let _ = fs::ntfs::lznt1::decompress(packed, &mut unit);
}

fn walk_image(image: &mut layout::OpenedImage) {
    let mut left = READ_PER_INPUT;
    files::walk(image, &AtomicBool::new(false), &mut |item| match item {
        Item::Object {
            content: sources::Content::Reader { reader, .. },
            ..
        } => Some(read_some(reader, &mut left)),
        _ => Some(0),
    });
}

fn walk_filesystem(filesystem: &mut dyn FileSystem) {
    let _ = filesystem.label();
    let _ = filesystem.root_names();
    let mut left = READ_PER_INPUT;
    filesystem.walk(&AtomicBool::new(false), &mut |item| {
        if let FsItem::File(file) = item {
            read_some(file.content, &mut left);
        }
    });
}

/// Reads up to [`READ_PER_OBJECT`] bytes of `reader` within what is `left` for the input;
/// returns how many were read.
fn read_some(reader: &mut dyn Read, left: &mut u64) -> u64 {
    let limit = READ_PER_OBJECT.min(*left);
    let read = io::copy(&mut reader.take(limit), &mut io::sink()).unwrap_or(0);
    *left -= read;
    read
}

/// Reads a decoded disk at its start, at sixteen places spread over it and at its end, as the
/// layers above do when they look for tables and filesystems.
fn read_spread(disk: &mut dyn Disk) {
    const BLOCK: u64 = 64 << 10;
    let size = disk.size();
    let mut buffer = vec![0; BLOCK as usize];
    let spread = (0..16).map(|i| size / 16 * i);
    for offset in spread.chain([size.saturating_sub(BLOCK)]) {
        let _ = disk.read_at(offset, &mut buffer);
    }
}

/// A file that containers can open by path, held in an anonymous memory file so that nothing is
/// written to a filesystem. Closed when dropped.
struct MemoryFile {
    path: PathBuf,
    _file: File,
}

impl MemoryFile {
    /// The file whose bytes are those of `content` (holes stay holes).
    fn holding(content: &SparseDisk) -> io::Result<MemoryFile> {
        const NAME: &CStr = c"needle-fuzz-input";
        // SAFETY: memfd_create takes a NUL-terminated name and flags, and returns a new
        // descriptor or -1.
        let fd = unsafe { libc::memfd_create(NAME.as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created and is owned by nothing else.
        let file = unsafe { File::from_raw_fd(fd) };
        file.set_len(content.size)?;
        for (start, bytes) in &content.chunks {
            let end = content.size.min(start.saturating_add(bytes.len() as u64));
            if let Some(len) = end.checked_sub(*start) {
                file.write_all_at(&bytes[..len as usize], *start)?;
            }
        }
        Ok(MemoryFile {
            path: PathBuf::from(format!("/proc/self/fd/{fd}")),
            _file: file,
        })
    }
}

/// A disk (or image file) held as the chunks of it that are not zeros, so that a seed of a few
/// kilobytes can stand for megabytes of disk. Encoding: the size in bytes (u32 LE), then
/// chunks of a byte offset (u32 LE), a length (u16 LE) and that many bytes (fewer at the end
/// of the input). Bytes no chunk covers read as zeros; a later chunk covers an earlier one.
pub struct SparseDisk {
    size: u64,
    chunks: Vec<(u64, Vec<u8>)>,
}

impl SparseDisk {
    pub fn decode(data: &[u8]) -> SparseDisk {
        let mut rest = data;
        let size = take_u32(&mut rest).map_or(0, u64::from);
        let mut chunks = Vec::new();
        while let (Some(offset), Some(len)) = (take_u32(&mut rest), take_u16(&mut rest)) {
            let (bytes, after) = rest.split_at(usize::from(len).min(rest.len()));
            chunks.push((u64::from(offset), bytes.to_vec()));
            rest = after;
        }
        SparseDisk { size, chunks }
    }

    /// The whole disk as one volume.
    pub fn into_volume(self) -> Slice {
        let size = self.size;
        let disk: SharedDisk = Arc::new(Mutex::new(Box::new(self) as Box<dyn Disk>));
        Slice::new(disk, 0, size)
    }
}

impl Disk for SparseDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size {
            return Ok(0);
        }
        let wanted = buf
            .len()
            .min(usize::try_from(self.size - offset).unwrap_or(usize::MAX));
        let buf = &mut buf[..wanted];
        buf.fill(0);
        let end = offset + wanted as u64;
        for (start, bytes) in &self.chunks {
            let from = offset.max(*start);
            let to = end.min(start + bytes.len() as u64);
            if from < to {
                let source = &bytes[(from - start) as usize..(to - start) as usize];
                buf[(from - offset) as usize..(to - offset) as usize].copy_from_slice(source);
            }
        }
        Ok(wanted)
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        "raw".to_string()
    }
}

fn take_u32(rest: &mut &[u8]) -> Option<u32> {
    let (head, tail) = rest.split_first_chunk::<4>()?;
    *rest = tail;
    Some(u32::from_le_bytes(*head))
}

fn take_u16(rest: &mut &[u8]) -> Option<u16> {
    let (head, tail) = rest.split_first_chunk::<2>()?;
    *rest = tail;
    Some(u16::from_le_bytes(*head))
}

// --- Registry hives --------------------------------------------------------------------------

/// A registry hive, read as the scan reads one (autostarts, registry IOCs), then walked key by
/// key with every value decoded.
pub fn hive(data: &[u8]) {
    read_hive(data, &[]);
}

/// A hive and one transaction log: the first four bytes (u32 LE) give the hive's length, the
/// log follows it.
pub fn hive_log(data: &[u8]) {
    let mut rest = data;
    let hive_len = take_u32(&mut rest)
        .map_or(0, |n| n as usize)
        .min(rest.len());
    let (hive, log) = rest.split_at(hive_len);
    read_hive(hive, &[("SYSTEM.LOG1".to_string(), log.to_vec())]);
}

fn read_hive(data: &[u8], logs: &[(String, Vec<u8>)]) {
    let origin = windows_file(r"C:\Windows\System32\config\SYSTEM");
    let _ = hive::analyze(&origin, data, logs, registry_iocs());
    let Ok(hive) = Hive::open(data.to_vec()) else {
        return;
    };
    let hive = if hive.is_dirty() {
        let logs: Vec<&[u8]> = logs.iter().map(|(_, log)| log.as_slice()).collect();
        hive.replay_logs(&logs).0
    } else {
        hive
    };
    let _ = hive.walk(&mut |_, key| {
        let _ = key.name();
        for value in key.values().unwrap_or_default() {
            let _ = (value.name(), value.data(), value.display());
            let _ = (value.text(), value.strings(), value.number());
        }
        Walk::Continue
    });
}

/// Registry indicators in every hive file, so that their lookups run.
fn registry_iocs() -> &'static IocSet {
    static SET: OnceLock<IocSet> = OnceLock::new();
    SET.get_or_init(|| {
        let list = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\svc;;80;service\n\
                    HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run;Updater;70\n\
                    HKCU\\Software\\Classes\\CLSID;;60\n\
                    HKCR\\CLSID\\{00000000-0000-0000-0000-000000000000};;60\n";
        let mut set = IocSet::default();
        let _ = set.load("registry-iocs.txt", &mut list.as_bytes());
        let _ = set.finish();
        set
    })
}

// --- Autostarts ------------------------------------------------------------------------------

/// A Windows shortcut in a Startup folder.
pub fn shortcut(data: &[u8]) {
    let origin = windows_file(
        r"C:\Users\alice\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\a.lnk",
    );
    let _ = autostart::of_file(&origin, data, FileType::sniff(data));
}

/// A scheduled task's XML definition.
pub fn task(data: &[u8]) {
    let origin = windows_file(r"C:\Windows\System32\Tasks\Microsoft\Updater");
    let _ = autostart::of_file(&origin, data, FileType::sniff(data));
}

/// A Linux autostart file; the first byte picks its place, which decides its kind. Each
/// command found is parsed again as the resolver parses a Windows command line.
pub fn linux_autostart(data: &[u8]) {
    const PLACES: [&str; 12] = [
        "/etc/crontab",
        "/etc/cron.d/job",
        "/var/spool/cron/crontabs/root",
        "/etc/cron.daily/job",
        "/etc/systemd/system/job.service",
        "/etc/rc.local",
        "/etc/profile.d/job.sh",
        "/home/alice/.bashrc",
        "/etc/ld.so.preload",
        "/etc/udev/rules.d/99-job.rules",
        "/etc/xdg/autostart/job.desktop",
        "/etc/init.d/job",
    ];
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let place = PLACES[usize::from(pick) % PLACES.len()];
    let origin = linux_file(place);
    let _ = autostart::of_file(&origin, text, FileType::sniff(text));
    for entry in linux::entries(place, text) {
        let _ = command::parse(&entry.command);
    }
}

/// A macOS launchd job (XML or binary property list); the first byte picks its place: a
/// LaunchDaemon, a LaunchAgent, or a user's LaunchAgent.
pub fn launchd(data: &[u8]) {
    const PLACES: [&str; 3] = [
        "/Library/LaunchDaemons/com.job.plist",
        "/Library/LaunchAgents/com.job.plist",
        "/Users/alice/Library/LaunchAgents/com.job.plist",
    ];
    let Some((&pick, plist)) = data.split_first() else {
        return;
    };
    let origin = linux_file(PLACES[usize::from(pick) % PLACES.len()]);
    let _ = autostart::of_file(&origin, plist, FileType::sniff(plist));
}

/// A file of a Windows volume of an image, named as the image walk names it.
fn windows_file(path: &str) -> Origin {
    image_file(path, "ntfs", true)
}

/// A file of a Linux volume of an image.
fn linux_file(path: &str) -> Origin {
    image_file(path, "ext4", false)
}

fn image_file(path: &str, filesystem: &'static str, windows_paths: bool) -> Origin {
    let image = Arc::new(Origin::image("/evidence/host.E01"));
    let volume = Arc::new(Origin::inside(
        &image,
        Link::Volume {
            partition: 1,
            filesystem,
            windows_paths,
        },
    ));
    Origin::inside(
        &volume,
        Link::Path {
            path: PathBuf::from(path),
            other_names: Vec::new(),
        },
    )
}

// --- Archives --------------------------------------------------------------------------------

/// An archive of the given kind, every member listed and read, within limits smaller than the
/// scan's (so that a bomb is cut off in milliseconds, not seconds).
pub fn archive(kind: Kind, data: &[u8]) {
    let limits = Limits {
        max_total_bytes: READ_PER_INPUT,
        max_members: 1000,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let _ = archive::members(kind, data, &limits, &budget, &mut |member| {
        if let Content::Data(reader) = member.content {
            let _ = io::copy(&mut reader.take(READ_PER_OBJECT), &mut io::sink());
        }
        Flow::Continue
    });
}

/// A gzip, bzip2, xz or zstd file, recognised by its magic as the scan recognises it.
pub fn compressed(data: &[u8]) {
    if let Some(kind @ (Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd)) = archive::detect(data) {
        archive(kind, data);
    }
}

// --- Documents -------------------------------------------------------------------------------

/// An OLE2 compound file (.doc, .xls, .ppt, .msi, vbaProject.bin): its streams, then what the
/// scan takes out of them.
pub fn ole(data: &[u8]) {
    if let Ok((streams, _)) = ole::streams(data, READ_PER_OBJECT, READ_PER_INPUT) {
        office_streams(&streams);
    }
}

/// The streams of a compound file given directly, past the `cfb` parser: each is a name length
/// (u8), the name, a data length (u16 LE) and the data. The VBA project, PowerPoint's embedded
/// storages and Packager objects are read from them as from a real compound file.
pub fn ole_streams(data: &[u8]) {
    let mut streams = Vec::new();
    let mut rest = data;
    while let Some((&name_len, after)) = rest.split_first() {
        let (name, after) = after.split_at(usize::from(name_len).min(after.len()));
        rest = after;
        let len = take_u16(&mut rest).map_or(0, usize::from).min(rest.len());
        let (content, after) = rest.split_at(len);
        rest = after;
        streams.push(ole::Stream {
            path: String::from_utf8_lossy(name).into_owned(),
            data: content.to_vec(),
        });
    }
    office_streams(&streams);
}

/// What the scan takes out of a compound file's streams (scan/expand.rs).
fn office_streams(streams: &[ole::Stream]) {
    if let Ok(modules) = vba::modules(streams) {
        let _ = vba::evidence(&modules);
    }
    for stream in streams {
        if stream.path.ends_with("PowerPoint Document") {
            let _ = embedded::ppt_objects(&stream.data, READ_PER_OBJECT as usize);
        }
        if stream.path.ends_with("\u{1}Ole10Native") {
            let _ = embedded::ole10native(&stream.data);
        }
    }
}

/// An RTF document's embedded objects.
pub fn rtf(data: &[u8]) {
    for object in embedded::rtf_objects(data, READ_PER_OBJECT as usize) {
        let _ = embedded::ole10native(&object.data);
    }
}

/// An Office Open XML relationships part; the first byte picks whether it is a `.rels` member
/// of a package or a Flat OPC document of its own.
pub fn ooxml(data: &[u8]) {
    let Some((&pick, xml)) = data.split_first() else {
        return;
    };
    let member = (pick & 1 == 0).then_some("word/_rels/settings.xml.rels");
    if let Some(part) = ooxml::parts_of(member, xml) {
        let _ = ooxml::evidence(part.as_deref(), xml);
    }
}

// --- Reports --------------------------------------------------------------------------------

/// A host's JSON Lines report, as `needle report merge` reads it: read back, merged (twice, as
/// two hosts, so that findings meet across hosts) and written in every format.
pub fn report(data: &[u8]) {
    let hosts: Vec<(String, ReadReport)> = ["web01.jsonl", "db02.jsonl"]
        .into_iter()
        .filter_map(|name| Some((name.to_string(), jsonl::read(data).ok()?)))
        .collect();
    let (fleet, findings) = fleet::merge(hosts);
    let mut records: Vec<Record> = findings
        .into_iter()
        .map(|finding| Record::HostFinding(Box::new(finding)))
        .collect();
    records.push(Record::Fleet(Box::new(fleet)));
    let writers: [Box<dyn Reporter>; 4] = [
        Box::new(Text::new(io::sink(), true, true)),
        Box::new(JsonLines::new(io::sink())),
        Box::new(Csv::new(io::sink())),
        Box::new(Html::new(io::sink())),
    ];
    for mut writer in writers {
        for record in &records {
            let _ = writer.write(record);
        }
        let _ = writer.finish();
    }
}

// --- Live processes --------------------------------------------------------------------------

/// A process's `/proc/PID/maps`, each region judged as the memory reader judges it.
pub fn proc_maps(data: &[u8]) {
    for region in maps::parse(&String::from_utf8_lossy(data)) {
        let _ = (region.len(), region.name(), region.to_string());
        let _ = (region.not_read_because(), region.is_file_image());
    }
}

/// A `/proc/net` socket table; the first byte picks which.
pub fn proc_net(data: &[u8]) {
    const TABLES: [&str; 4] = ["tcp", "tcp6", "udp", "udp6"];
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let table = TABLES[usize::from(pick) % TABLES.len()];
    for socket in net::table(table, &String::from_utf8_lossy(text)) {
        let _ = socket.to_string();
    }
}
