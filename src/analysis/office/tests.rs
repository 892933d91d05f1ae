//! Tests of the office modules: ClamAV's harmless test documents, VBA projects written by an
//! independent tool (ms-ovba) and by needle's own writer, and hostile inputs.

// needle's own writer of compound files and VBA projects, shared with the integration tests.
#[path = "../../../tests/util/samples.rs"]
mod samples;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::embedded::{Embedded, ole10native, ppt_objects, rtf_objects};
use super::ole::{Stream, is_ole, streams};
use super::vba::{self, MacroEvidence, Module, decompress, evidence, modules};
use crate::test_rng::Rng;
use samples::{CfbNode, VbaCache, VbaModule, build_cfb, doc_with_macros, ovba_compress};

const MIB: u64 = 1 << 20;
const CLAMAV: &str = "/usr/share/clamav-testfiles";

/// A file of Debian's clamav-testfiles package, read where the package installs it.
fn clamav(name: &str) -> Vec<u8> {
    let path = Path::new(CLAMAV).join(name);
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (apt-get install clamav-testfiles)",
            path.display()
        )
    })
}

fn all_streams(data: &[u8]) -> Vec<Stream> {
    let (streams, problems) = streams(data, 64 * MIB, 256 * MIB).expect("compound file opens");
    assert!(problems.is_empty(), "problems: {problems:?}");
    streams
}

fn stream<'a>(streams: &'a [Stream], path: &str) -> &'a [u8] {
    &streams
        .iter()
        .find(|stream| stream.path == path)
        .unwrap_or_else(|| panic!("no stream {path:?}"))
        .data
}

fn paths(streams: &[Stream]) -> Vec<&str> {
    streams.iter().map(|stream| stream.path.as_str()).collect()
}

fn total_score(findings: &[MacroEvidence]) -> i64 {
    findings.iter().map(|finding| finding.score).sum()
}

fn ids(findings: &[MacroEvidence]) -> Vec<&str> {
    findings.iter().map(|finding| finding.id).collect()
}

/// Runs every case on one worker thread and fails if any single case takes longer than
/// `per_case`, or panics.
fn each_within<T: Send + 'static>(cases: Vec<T>, per_case: Duration, run: fn(&T)) {
    let count = cases.len();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for (index, case) in cases.iter().enumerate() {
            run(case);
            if sender.send(index).is_err() {
                return;
            }
        }
    });
    for expected in 0..count {
        match receiver.recv_timeout(per_case) {
            Ok(index) => assert_eq!(index, expected),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("case {expected} took over {per_case:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("case {expected} panicked"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ClamAV test files: each embeds clam.exe (ClamAV's harmless test program).

/// clam.ole.doc: Word stores the packaged clam.exe as an OLE object in its ObjectPool; the
/// object's `\x01Ole10Native` stream holds the Packager payload (label "Clam.exe", path
/// "C:\clam.exe") whose data is clam.exe.
#[test]
fn clam_ole_doc_embeds_clam_exe_in_an_object_pool_ole10native_stream() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let doc = clamav("clam.ole.doc");
    assert!(is_ole(&doc));
    let streams = all_streams(&doc);
    assert_eq!(
        paths(&streams),
        [
            "\u{1}CompObj",
            "\u{5}DocumentSummaryInformation",
            "\u{5}SummaryInformation",
            "1Table",
            "Data",
            "ObjectPool/_1279313719/\u{1}CompObj",
            "ObjectPool/_1279313719/\u{1}Ole",
            "ObjectPool/_1279313719/\u{1}Ole10Native",
            "ObjectPool/_1279313719/\u{3}ObjInfo",
            "WordDocument",
        ]
    );
    let native = stream(&streams, "ObjectPool/_1279313719/\u{1}Ole10Native");
    let file = ole10native(native).expect("an Ole10Native package");
    assert_eq!(file.name, "Clam.exe");
    assert_eq!(file.data, clamav("clam.exe"));
    assert_eq!(vba::modules(&streams), Ok(Vec::new()));
}

/// clam.exe.rtf: one `{\object\objemb{\*\objclass Package}{\*\objdata ...}}` group whose hex
/// is an OLE1 EmbeddedObject of class "Package"; its native data is the Packager payload
/// (label "Clam.exe") whose data is clam.exe.
#[test]
fn clam_exe_rtf_embeds_clam_exe_as_an_ole1_package_in_objdata() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let rtf = clamav("clam.exe.rtf");
    let objects = rtf_objects(&rtf, 64 << 20);
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].name, "Clam.exe");
    assert_eq!(objects[0].data, clamav("clam.exe"));
}

/// clam.ppt: the `PowerPoint Document` stream has one top-level ExOleObjStg record (offset
/// 0x1146, compressed) whose zlib data is an OLE2 storage; that storage's `\x01Ole10Native`
/// stream holds the Packager payload whose data is clam.exe.
#[test]
fn clam_ppt_embeds_clam_exe_in_a_compressed_ex_ole_obj_stg_storage() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let ppt = clamav("clam.ppt");
    let streams = all_streams(&ppt);
    let document = stream(&streams, "PowerPoint Document");
    let objects = ppt_objects(document, 64 << 20);
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].name, "ExOleObjStg@0x1146");
    assert!(is_ole(&objects[0].data));
    let inner = all_streams(&objects[0].data);
    assert_eq!(paths(&inner), ["\u{1}CompObj", "\u{1}Ole10Native"]);
    let file = ole10native(stream(&inner, "\u{1}Ole10Native")).expect("a package");
    assert_eq!(file.name, "clam.exe");
    assert_eq!(file.data, clamav("clam.exe"));
}

// ---------------------------------------------------------------------------------------------
// Compound files

#[test]
fn is_ole_checks_the_whole_signature() {
    assert!(is_ole(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]));
    assert!(!is_ole(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A]));
    assert!(!is_ole(b"PK\x03\x04"));
    assert!(streams(b"PK\x03\x04", MIB, MIB).is_err());
}

#[test]
fn streams_over_the_limits_are_listed_not_read() {
    let file = build_cfb(&[
        CfbNode::Stream("Big".into(), vec![7; 10_000]),
        CfbNode::Storage(
            "Sub".into(),
            vec![
                CfbNode::Stream("Small".into(), vec![1; 100]),
                CfbNode::Stream("Empty".into(), Vec::new()),
            ],
        ),
    ]);
    let (all, problems) = streams(&file, MIB, MIB).expect("opens");
    assert!(problems.is_empty());
    assert_eq!(paths(&all), ["Big", "Sub/Empty", "Sub/Small"]);
    assert_eq!(stream(&all, "Big"), vec![7; 10_000]);

    let (small, problems) = streams(&file, 1000, MIB).expect("opens");
    assert_eq!(paths(&small), ["Sub/Empty", "Sub/Small"]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("\"Big\"") && problems[0].contains("stream limit"));

    let (first_only, problems) = streams(&file, MIB, 10_050).expect("opens");
    assert_eq!(paths(&first_only), ["Big", "Sub/Empty"]);
    assert!(problems[0].contains("\"Sub/Small\"") && problems[0].contains("total limit"));
}

/// Offset in `file` of directory entry `index` of a file from `build_cfb` (one FAT sector,
/// directory chain laid out contiguously).
fn dir_entry(file: &[u8], index: usize) -> usize {
    let first_dir_sector = u32::from_le_bytes(file[48..52].try_into().unwrap()) as usize;
    512 + first_dir_sector * 512 + index * 128
}

fn put_u32(file: &mut [u8], at: usize, value: u32) {
    file[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn get_u32(file: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(file[at..at + 4].try_into().unwrap())
}

/// A file whose only stream, entry 1, lives in regular sectors (it is over the 4096-byte
/// mini stream cutoff).
fn file_with_large_stream() -> Vec<u8> {
    build_cfb(&[CfbNode::Stream("Large".into(), vec![0x41; 5000])])
}

#[test]
fn fat_chain_loops_are_errors_or_problems_not_hangs() {
    let clean = file_with_large_stream();
    let start = get_u32(&clean, dir_entry(&clean, 1) + 116);
    // FAT sector 0 is sector 0 of the file, at offset 512.
    let fat = |sector: u32| 512 + sector as usize * 4;
    let mut chain = vec![start];
    while get_u32(&clean, fat(*chain.last().unwrap())) != 0xFFFF_FFFE {
        chain.push(get_u32(&clean, fat(*chain.last().unwrap())));
    }
    assert_eq!(chain.len(), 10);

    let mut back_to_first = clean.clone();
    put_u32(&mut back_to_first, fat(chain[9]), chain[0]);
    let mut back_to_middle = clean.clone();
    put_u32(&mut back_to_middle, fat(chain[9]), chain[4]);
    let mut onto_itself = clean.clone();
    put_u32(&mut onto_itself, fat(chain[3]), chain[3]);
    for file in [back_to_first, back_to_middle, onto_itself] {
        each_within(vec![file], Duration::from_secs(5), |file| {
            match streams(file, MIB, MIB) {
                Err(_) => {}
                Ok((found, problems)) => {
                    assert!(found.is_empty() && !problems.is_empty());
                }
            }
        });
    }
}

#[test]
fn directory_tree_loops_are_errors() {
    let clean = build_cfb(&[
        CfbNode::Storage("A".into(), vec![CfbNode::Stream("x".into(), vec![1])]),
        CfbNode::Stream("B".into(), vec![2]),
        CfbNode::Stream("C".into(), vec![3]),
    ]);
    assert_eq!(all_streams(&clean).len(), 3);
    let mut cases = Vec::new();
    for entry in 0..5 {
        for (field, target) in [
            (68, 0),
            (72, 0),
            (76, 0),
            (68, entry),
            (72, entry),
            (76, entry),
        ] {
            let mut file = clean.clone();
            put_u32(&mut file, dir_entry(&clean, entry as usize) + field, target);
            cases.push(file);
        }
    }
    each_within(cases, Duration::from_secs(5), |file| {
        // Either rejected, or (where the patch changed nothing reachable) read as before.
        if let Ok((found, _)) = streams(file, MIB, MIB) {
            assert!(found.len() <= 3);
        }
    });
    let mut child_is_root = clean.clone();
    put_u32(&mut child_is_root, dir_entry(&clean, 0) + 76, 0);
    assert!(streams(&child_is_root, MIB, MIB).is_err());
}

#[test]
fn absurd_sizes_are_refused() {
    let clean = file_with_large_stream();
    let mut huge_stream = clean.clone();
    let size_at = dir_entry(&clean, 1) + 120;
    huge_stream[size_at..size_at + 8].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
    match streams(&huge_stream, MIB, MIB) {
        Err(_) => {}
        Ok((found, problems)) => assert!(found.is_empty() && problems.len() == 1),
    }

    let mut huge_counts = clean.clone();
    put_u32(&mut huge_counts, 44, u32::MAX); // FAT sectors
    put_u32(&mut huge_counts, 64, u32::MAX); // MiniFAT sectors
    put_u32(&mut huge_counts, 72, u32::MAX); // DIFAT sectors
    let mut far_pointers = clean.clone();
    put_u32(&mut far_pointers, 48, 0x00FF_FFFF); // first directory sector
    put_u32(&mut far_pointers, 76, 0x00FF_FFFF); // first FAT sector (in the header DIFAT)
    let mut sector_shift = clean.clone();
    sector_shift[30] = 0x20;
    let mut root_mini_stream = clean.clone();
    let root_size = dir_entry(&clean, 0) + 120;
    root_mini_stream[root_size..root_size + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    each_within(
        vec![huge_counts, far_pointers, sector_shift, root_mini_stream],
        Duration::from_secs(5),
        |file| {
            let _ = streams(file, MIB, MIB);
        },
    );
}

/// Compound files to mutate: the ClamAV documents and both VBA writers' output.
fn seed_files() -> Vec<Vec<u8>> {
    vec![
        clamav("clam.ole.doc"),
        clamav("clam.ppt"),
        include_bytes!("testdata/dropper_vbaProject.bin").to_vec(),
        doc_with_macros(
            &[VbaModule::this_document(
                "Sub AutoOpen()\nShell \"calc\"\nEnd Sub",
            )],
            VbaCache::Identifiers,
            "body",
        ),
    ]
}

/// Everything the office modules do with a compound file, as needle would chain it.
fn exercise_compound_file(file: &[u8]) {
    let Ok((found, _)) = streams(file, 4 * MIB, 16 * MIB) else {
        return;
    };
    for stream in &found {
        let _ = ole10native(&stream.data);
        if stream.path.ends_with("PowerPoint Document") {
            for object in ppt_objects(&stream.data, 1 << 20) {
                let _ = streams(&object.data, MIB, 4 * MIB);
            }
        }
    }
    if let Ok(modules) = modules(&found) {
        let _ = evidence(&modules);
    }
}

#[test]
fn truncated_and_bit_flipped_compound_files_never_panic_or_hang() {
    let mut prng = Rng(0x6E65_6564_6C65);
    let mut cases = Vec::new();
    for seed in seed_files() {
        exercise_compound_file(&seed);
        for _ in 0..150 {
            let cut = prng.below(seed.len());
            cases.push(seed[..cut].to_vec());
        }
        for _ in 0..600 {
            let mut file = seed.clone();
            for _ in 0..1 + prng.below(8) {
                let at = prng.below(file.len());
                file[at] ^= 1 << prng.below(8);
            }
            cases.push(file);
        }
        // Whole header fields and directory words replaced by random values.
        for _ in 0..250 {
            let mut file = seed.clone();
            let at = prng.below(file.len().min(4096) / 4) * 4;
            let value = prng.next() as u32;
            put_u32(&mut file, at, value);
            cases.push(file);
        }
    }
    assert_eq!(cases.len(), 4000);
    each_within(cases, Duration::from_secs(10), |file| {
        exercise_compound_file(file)
    });
}

// ---------------------------------------------------------------------------------------------
// MS-OVBA decompression

fn hex(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .map(|pair| u8::from_str_radix(pair, 16).expect("hex"))
        .collect()
}

/// MS-OVBA 3.2.1: a chunk of literals only.
#[test]
fn decompresses_the_no_compression_example() {
    let compressed = hex(
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    );
    assert_eq!(
        decompress(&compressed, 1000).unwrap(),
        b"abcdefghijklmnopqrstuv."
    );
}

/// MS-OVBA 3.2.2, as printed in the specification and as re-derived by Aspose's compressor
/// (it picks different copy tokens): both decompress to the example text.
#[test]
fn decompresses_the_normal_compression_example() {
    let text = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa";
    let from_spec = hex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 \
         6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C",
    );
    let rederived = hex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 \
         6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    );
    assert_eq!(decompress(&from_spec, 1000).unwrap(), text);
    assert_eq!(decompress(&rederived, 1000).unwrap(), text);
}

/// MS-OVBA 3.2.3: one literal and one overlapping copy token of 72 bytes.
#[test]
fn decompresses_the_maximum_compression_example() {
    let compressed = hex("01 03 B0 02 61 45 00");
    assert_eq!(decompress(&compressed, 1000).unwrap(), vec![b'a'; 73]);
}

#[test]
fn compressor_round_trips() {
    let mut prng = Rng(42);
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        vec![b'x'; 4096],
        vec![b'x'; 4097],
        b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\nEnd Sub\r\n".repeat(300),
        prng.bytes(4096),
        prng.bytes(10_000),
    ];
    for _ in 0..40 {
        let len = prng.below(12_000);
        // Small alphabets give long matches at every position of a chunk.
        let alphabet = 1 + prng.below(4) as u8;
        inputs.push(
            (0..len)
                .map(|_| b'a' + (prng.next() as u8 % alphabet))
                .collect(),
        );
    }
    for input in inputs {
        let compressed = ovba_compress(&input);
        assert_eq!(decompress(&compressed, input.len()).unwrap(), input);
        if !input.is_empty() {
            assert!(decompress(&compressed, input.len() - 1).is_err());
        }
    }
}

#[test]
fn bad_containers_and_chunk_headers_are_errors() {
    let good = ovba_compress(b"Sub AutoOpen()\r\nEnd Sub\r\n");
    assert!(decompress(&[], 100).is_err());
    assert!(
        decompress(&[0x02, 0x19, 0xB0], 100).is_err(),
        "signature byte"
    );
    let mut bad_chunk_signature = good.clone();
    bad_chunk_signature[2] &= 0x8F;
    assert!(decompress(&bad_chunk_signature, 100).is_err());
    assert!(decompress(&good[..2], 100).is_err(), "header cut off");
    // A copy token first in a chunk has nothing to copy from.
    assert!(decompress(&[0x01, 0x02, 0xB0, 0x01, 0x00, 0x00], 100).is_err());
    // A copy token cut off after one byte.
    assert!(decompress(&[0x01, 0x02, 0xB0, 0x02, 0x61, 0x45], 100).is_err());
    // Raw chunk cut short: keeps what is there.
    assert_eq!(
        decompress(&[0x01, 0xFF, 0x3F, b'h', b'i'], 100).unwrap(),
        b"hi"
    );
    // A chunk whose tokens would decompress past 4096 bytes: 'a' then 72-byte copies.
    let mut runaway = vec![0x01, 0xFF, 0xBF, 0xFE, b'a'];
    for _ in 0..7 {
        runaway.extend_from_slice(&[0xFF, 0x0F]);
    }
    runaway.extend(
        std::iter::repeat_n(
            [
                0xFF, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF, 0x0F, 0xFF,
                0x0F, 0xFF, 0x0F,
            ],
            10,
        )
        .flatten(),
    );
    assert!(decompress(&runaway, 1 << 20).is_err());
}

#[test]
fn random_compressed_data_never_panics_and_stays_bounded() {
    let mut prng = Rng(7);
    let seed = ovba_compress(&b"Attribute VB_Name = \"M\"\r\nShell \"x\"\r\n".repeat(200));
    let mut cases = Vec::new();
    for _ in 0..2000 {
        let mut data = seed.clone();
        for _ in 0..1 + prng.below(6) {
            let at = prng.below(data.len());
            data[at] = prng.next() as u8;
        }
        cases.push(data);
    }
    for _ in 0..500 {
        let mut data = vec![0x01];
        let len = prng.below(20_000);
        data.extend(prng.bytes(len));
        cases.push(data);
    }
    each_within(cases, Duration::from_secs(5), |data| {
        if let Ok(output) = decompress(data, 10_000) {
            assert!(output.len() <= 10_000);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// VBA projects

/// olevba 0.60.2's dump of the fixtures (it hides `Attribute VB_` lines), module by module.
const FORMATTING_THIS_DOCUMENT: &str =
    "' Formats the report when it opens. Nothing here calls Shell or writes files.
Private Sub Document_Open()
    FormatHeadings \"Résumé – Überblick\"
End Sub
";
const FORMATTING_TOOLS: &str = "Public Sub FormatHeadings(title As String)
    Dim p As Paragraph
    For Each p In ActiveDocument.Paragraphs
        If p.OutlineLevel = wdOutlineLevel1 Then p.Range.Font.Bold = True
    Next p
    ActiveDocument.BuiltInDocumentProperties(\"Title\") = _
        title
    MsgBox \"Headings formatted: \" & Chr(34) & title & Chr(34)
End Sub
";

fn without_attributes(source: &str) -> String {
    source
        .lines()
        .filter(|line| !line.starts_with("Attribute VB_"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// formatting_vbaProject.bin, written by ms-ovba (see testdata/make_vba_fixtures.py): a
/// vbaProject.bin with the `VBA` storage at its root and a Windows-1252 project.
#[test]
fn reads_a_vba_project_written_by_ms_ovba_like_olevba_does() {
    let file = include_bytes!("testdata/formatting_vbaProject.bin");
    let streams = all_streams(file);
    assert_eq!(
        paths(&streams),
        [
            "PROJECT",
            "VBA/ThisDocument",
            "VBA/Tools",
            "VBA/_VBA_PROJECT",
            "VBA/dir"
        ]
    );
    let modules = modules(&streams).expect("modules");
    let names: Vec<(&str, &str)> = modules
        .iter()
        .map(|module| (module.name.as_str(), module.stream.as_str()))
        .collect();
    assert_eq!(
        names,
        [("ThisDocument", "VBA/ThisDocument"), ("Tools", "VBA/Tools")]
    );
    assert_eq!(
        without_attributes(&modules[0].source),
        FORMATTING_THIS_DOCUMENT
    );
    assert_eq!(without_attributes(&modules[1].source), FORMATTING_TOOLS);
    assert!(
        modules[0]
            .source
            .starts_with("Attribute VB_Name = \"ThisDocument\"\r\n")
    );
}

#[test]
fn reads_word_and_excel_project_storages_from_needles_writer() {
    let body = "Sub AutoOpen()\n    MsgBox \"hi\"\nEnd Sub";
    let module = || VbaModule::this_document(body);
    for cache in [VbaCache::None, VbaCache::Identifiers] {
        let doc = doc_with_macros(
            &[module(), VbaModule::standard("Module1", "' empty")],
            cache,
            "x",
        );
        let modules = modules(&all_streams(&doc)).expect("modules");
        assert_eq!(modules.len(), 2);
        assert_eq!(modules[0].name, "ThisDocument");
        assert_eq!(modules[0].stream, "Macros/VBA/ThisDocument");
        assert_eq!(modules[0].source, module().code);
        assert_eq!(modules[1].stream, "Macros/VBA/Module1");
    }
    let xls = build_cfb(&[
        CfbNode::Stream("Workbook".into(), vec![0; 64]),
        CfbNode::Storage(
            "_VBA_PROJECT_CUR".into(),
            samples::vba_project_nodes(&[module()], VbaCache::Identifiers),
        ),
    ]);
    let modules = modules(&all_streams(&xls)).expect("modules");
    assert_eq!(modules.len(), 1);
    assert_eq!(modules[0].stream, "_VBA_PROJECT_CUR/VBA/ThisDocument");
    assert_eq!(modules[0].source, module().code);
}

fn project_streams(dir: Vec<u8>, module_stream: Vec<u8>) -> Vec<Stream> {
    vec![
        Stream {
            path: "VBA/dir".into(),
            data: dir,
        },
        Stream {
            path: "VBA/Module1".into(),
            data: module_stream,
        },
    ]
}

#[test]
fn corrupted_dir_streams_fall_back_or_fail_cleanly() {
    let source =
        b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\nShell \"calc\"\r\nEnd Sub\r\n";
    let module_stream = ovba_compress(source);

    // Not compressed data at all: the module's source is still found by its marker.
    let recovered = modules(&project_streams(b"garbage".to_vec(), module_stream.clone()))
        .expect("fallback finds the source");
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0].name, "Module1");
    assert_eq!(recovered[0].source.as_bytes(), source);

    // A record claiming more bytes than there are, and nothing to fall back on.
    let mut lying = Vec::new();
    lying.extend_from_slice(&0x0019u16.to_le_bytes());
    lying.extend_from_slice(&u32::MAX.to_le_bytes());
    let error = modules(&project_streams(ovba_compress(&lying), vec![0; 16])).unwrap_err();
    assert!(error.contains("claims"), "{error}");

    // A module whose text offset is past its stream's end.
    let dir = dir_records(&[
        (0x0019, b"Module1"),
        (0x001A, b"Module1"),
        (0x0031, &1_000_000u32.to_le_bytes()),
        (0x002B, b""),
        (0x0010, b""),
    ]);
    let error = modules(&project_streams(ovba_compress(&dir), module_stream)).unwrap_err();
    assert!(error.contains("past the end"), "{error}");

    // A module listed with a stream that does not exist.
    let doc = doc_with_macros(
        &[VbaModule::standard("Module1", "Sub A()\nEnd Sub")],
        VbaCache::None,
        "",
    );
    let mut streams = all_streams(&doc);
    streams.retain(|stream| stream.path != "Macros/VBA/Module1");
    assert!(modules(&streams).unwrap_err().contains("missing"));
}

/// A decompressed `dir` stream from (id, data) records.
fn dir_records(records: &[(u16, &[u8])]) -> Vec<u8> {
    let mut dir = Vec::new();
    for (id, data) in records {
        dir.extend_from_slice(&id.to_le_bytes());
        dir.extend_from_slice(&(data.len() as u32).to_le_bytes());
        dir.extend_from_slice(data);
    }
    dir
}

/// A Windows-1251 project without the Unicode name records: the module's name and its source
/// come out in Cyrillic.
#[test]
fn module_names_and_sources_use_the_project_code_page() {
    let name = b"\xCC\xEE\xE4\xF3\xEB\xFC"; // "Модуль"
    let dir = dir_records(&[
        (0x0003, &1251u16.to_le_bytes()),
        (0x0019, name),
        (0x001A, b"Module1"),
        (0x0031, &0u32.to_le_bytes()),
        (0x002B, b""),
        (0x0010, b""),
    ]);
    let source = b"Attribute VB_Name = \"\xCC\xEE\xE4\xF3\xEB\xFC\"\r\nMsgBox \"\xCF\xF0\xE8\xE2\xE5\xF2\"\r\n";
    let found =
        modules(&project_streams(ovba_compress(&dir), ovba_compress(source))).expect("modules");
    assert_eq!(found[0].name, "Модуль");
    assert_eq!(found[0].stream, "VBA/Module1");
    assert_eq!(
        found[0].source,
        "Attribute VB_Name = \"Модуль\"\r\nMsgBox \"Привет\"\r\n"
    );
}

#[test]
fn mutated_dir_and_module_streams_never_panic() {
    let doc = doc_with_macros(
        &[
            VbaModule::this_document("Sub AutoOpen()\nShell \"calc\"\nEnd Sub"),
            VbaModule::standard("Module1", "Sub A()\nEnd Sub"),
        ],
        VbaCache::Identifiers,
        "",
    );
    let clean = all_streams(&doc);
    let mut prng = Rng(99);
    let mut cases = Vec::new();
    for _ in 0..1500 {
        let mut streams = clean.clone();
        let which = prng.below(streams.len());
        let data = &mut streams[which].data;
        if data.is_empty() {
            continue;
        }
        if prng.below(4) == 0 {
            let cut = prng.below(data.len());
            data.truncate(cut);
        } else {
            for _ in 0..1 + prng.below(4) {
                let at = prng.below(data.len());
                data[at] = prng.next() as u8;
            }
        }
        cases.push(streams);
    }
    each_within(cases, Duration::from_secs(5), |streams| {
        if let Ok(modules) = modules(streams) {
            let _ = evidence(&modules);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Macro evidence

fn module(source: &str) -> Module {
    Module {
        name: "Module1".into(),
        stream: "VBA/Module1".into(),
        source: source.replace('\n', "\r\n"),
    }
}

fn finding<'a>(findings: &'a [MacroEvidence], id: &str) -> Option<&'a MacroEvidence> {
    findings.iter().find(|finding| finding.id == id)
}

#[test]
fn an_ordinary_formatting_macro_stays_under_40() {
    let file = include_bytes!("testdata/formatting_vbaProject.bin");
    let findings = evidence(&modules(&all_streams(file)).expect("modules"));
    assert_eq!(ids(&findings), ["macro_autorun"]);
    assert_eq!(findings[0].evidence, ["Private Sub Document_Open()"]);
    assert!(total_score(&findings) < 40);
}

/// dropper_vbaProject.bin, written by ms-ovba: AutoOpen writes a payload to %TEMP% with
/// ADODB.Stream, makes a Startup .lnk to it with WScript.Shell, and runs it with Shell.
#[test]
fn a_threatneedle_like_dropper_reaches_80() {
    let file = include_bytes!("testdata/dropper_vbaProject.bin");
    let modules = modules(&all_streams(file)).expect("modules");
    assert_eq!(modules[1].name, "Dropper");
    let findings = evidence(&modules);
    assert_eq!(
        ids(&findings),
        [
            "macro_autorun",
            "macro_shell",
            "macro_writes_file",
            "macro_creates_shortcut",
            "macro_autorun_with_payload"
        ]
    );
    assert_eq!(total_score(&findings), 105);
    let shell = finding(&findings, "macro_shell").unwrap();
    assert_eq!(
        shell.evidence,
        [
            "Set wsh = CreateObject(\"WScript.Shell\")",
            "Shell target, vbHide"
        ]
    );
    let writes = finding(&findings, "macro_writes_file").unwrap();
    assert_eq!(
        writes.evidence,
        [
            "stream.SaveToFile path, 2",
            "target = Environ(\"TEMP\") & \"\\\" & PAYLOAD_NAME"
        ]
    );
    let shortcut = finding(&findings, "macro_creates_shortcut").unwrap();
    assert_eq!(shortcut.evidence.len(), 2);
    assert_eq!(
        finding(&findings, "macro_autorun_with_payload")
            .unwrap()
            .evidence,
        ["Sub AutoOpen()"]
    );
}

#[test]
fn comments_and_plain_strings_do_not_count() {
    let findings = evidence(&[module(
        "' Shell \"cmd.exe\" URLDownloadToFile\nRem Shell x\nSub Helper()\n    MsgBox \"Open the Shell menu\"\n    x = 1 ' Shell here\nEnd Sub",
    )]);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn each_indicator_has_its_trigger() {
    let cases: [(&str, &str); 12] = [
        ("macro_autorun", "Private Sub Workbook_Open()\nEnd Sub"),
        (
            "macro_autorun",
            "Sub InkPicture1_Painted(ByVal hDC As Long, ByVal Rect As Any)\nEnd Sub",
        ),
        (
            "macro_shell",
            "Set o = CreateObject(\"WScr\" & \"ipt.Shell\")",
        ),
        ("macro_shell", "x = \"powershell -enc AAAA\""),
        ("macro_download", "Set h = CreateObject(\"MSXML2.XMLHTTP\")"),
        (
            "macro_download",
            "Private Declare PtrSafe Function URLDownloadToFileA Lib \"urlmon\" (ByVal a As LongPtr) As Long",
        ),
        (
            "macro_writes_file",
            "Open p For Output As #1\nPrint #1, data",
        ),
        ("macro_creates_shortcut", "Set s = w.CreateShortcut(p)"),
        (
            "macro_win32_api",
            "Private Declare PtrSafe Function VirtualAlloc Lib \"kernel32\" (ByVal a As LongPtr) As LongPtr",
        ),
        (
            "macro_win32_api",
            "Private Declare Sub Copy Lib \"kernel32\" Alias \"RtlMoveMemory\" _\n    (ByVal d As Long, ByVal s As Long, ByVal n As Long)",
        ),
        (
            "macro_obfuscation",
            "x = Chr(104) & Chr(116) & ChrW(116) & Chr$(112)",
        ),
        ("macro_obfuscation", "CallByName o, \"Run\", VbMethod, c"),
    ];
    for (id, source) in cases {
        let findings = evidence(&[module(source)]);
        assert_eq!(ids(&findings), [id], "{source}");
    }
    // Reading a binary file or calling a harmless kernel32 function is not suspicious.
    let benign = "Open p For Binary Access Read As #1\nDeclare PtrSafe Function GetTickCount Lib \"kernel32\" () As Long\nx = Chr(13) & Chr(10)";
    assert!(evidence(&[module(benign)]).is_empty());
}

#[test]
fn autorun_with_payload_needs_both() {
    let shell_only = evidence(&[module("Sub Helper()\nShell \"calc\"\nEnd Sub")]);
    assert_eq!(ids(&shell_only), ["macro_shell"]);
    let autorun_api = evidence(&[
        module("Sub AutoOpen()\nEnd Sub"),
        module("Declare Function CreateThread Lib \"kernel32\" (ByVal a As Long) As Long"),
    ]);
    assert_eq!(
        ids(&autorun_api),
        [
            "macro_autorun",
            "macro_win32_api",
            "macro_autorun_with_payload"
        ]
    );
}

#[test]
fn evidence_lines_are_capped_deduplicated_and_shortened() {
    let mut source = String::new();
    for index in 0..20 {
        source += &format!("Shell \"prog{index}\"\nShell \"prog{index}\"\n");
    }
    source += &format!("Shell \"{}\"\n", "x".repeat(1000));
    let findings = evidence(&[module(&source)]);
    let shell = finding(&findings, "macro_shell").unwrap();
    assert_eq!(shell.evidence.len(), vba::MAX_EVIDENCE_LINES);
    assert_eq!(shell.evidence[1], "Shell \"prog1\"");
    let long = evidence(&[module(&format!("Shell \"{}\"", "x".repeat(1000)))]);
    assert!(long[0].evidence[0].chars().count() < 300);
}

// ---------------------------------------------------------------------------------------------
// Embedded objects

/// OLE1 EmbeddedObject bytes: ObjectHeader, NativeDataSize, NativeData.
fn ole1_object(class: &str, format_id: u32, native: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0x0501u32.to_le_bytes());
    out.extend_from_slice(&format_id.to_le_bytes());
    out.extend_from_slice(&(class.len() as u32 + 1).to_le_bytes());
    out.extend_from_slice(class.as_bytes());
    out.push(0);
    out.extend_from_slice(&0u32.to_le_bytes()); // TopicName
    out.extend_from_slice(&0u32.to_le_bytes()); // ItemName
    if format_id == 2 {
        out.extend_from_slice(&(native.len() as u32).to_le_bytes());
        out.extend_from_slice(native);
    }
    out
}

/// The Packager's native data for `file`.
fn package(label: &str, file: &[u8]) -> Vec<u8> {
    let temp = format!("C:\\Temp\\{label}\0");
    let mut out = vec![2, 0];
    out.extend_from_slice(label.as_bytes());
    out.push(0);
    out.extend_from_slice(format!("C:\\Users\\x\\{label}\0").as_bytes());
    out.extend_from_slice(&0x0003_0000u32.to_le_bytes());
    out.extend_from_slice(&(temp.len() as u32).to_le_bytes());
    out.extend_from_slice(temp.as_bytes());
    out.extend_from_slice(&(file.len() as u32).to_le_bytes());
    out.extend_from_slice(file);
    out
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn rtf_with(objdata: &str) -> Vec<u8> {
    format!("{{\\rtf1{{\\object\\objemb{{\\*\\objclass Package}}{{\\*\\objdata {objdata}}}}}}}")
        .into_bytes()
}

#[test]
fn rtf_hex_tolerates_whitespace_junk_bin_and_ignorable_groups() {
    let object = ole1_object("Package", 2, &package("a.exe", b"MZ payload"));
    let hex = to_hex(&object);
    let (head, tail) = hex.split_at(20);
    let messy = format!(
        "{}\r\n \t{}zz\\bin3 abc{{\\*\\junk 4142}}\\par {}x",
        &head[..10],
        &head[10..],
        tail
    );
    let objects = rtf_objects(&rtf_with(&messy), 1 << 20);
    assert_eq!(
        objects,
        [Embedded {
            name: "a.exe".into(),
            data: b"MZ payload".to_vec()
        }]
    );
    // An odd digit count drops the last nibble; the native data is cut to what is there.
    let odd = rtf_objects(&rtf_with(&format!("{hex}7")), 1 << 20);
    assert_eq!(odd[0].data, b"MZ payload");
}

#[test]
fn rtf_ole2_native_data_is_given_whole_and_links_hold_nothing() {
    let storage = build_cfb(&[CfbNode::Stream("Equation Native".into(), vec![3; 100])]);
    let rtf = [
        rtf_with(&to_hex(&ole1_object("Equation.3", 2, &storage))),
        rtf_with(&to_hex(&ole1_object("Word.Document.8", 1, &[]))),
        rtf_with(&to_hex(&ole1_object("Unknown", 2, b"native bytes"))),
    ]
    .concat();
    let objects = rtf_objects(&rtf, 1 << 20);
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0].name, "objdata1");
    assert_eq!(objects[0].data, storage);
    assert_eq!(objects[1].name, "objdata3");
    assert_eq!(objects[1].data, b"native bytes");
    // Without a readable header, the bytes from the compound file signature on.
    let headless = rtf_objects(&rtf_with(&format!("00ff{}", to_hex(&storage))), 1 << 20);
    assert_eq!(headless[0].data, storage);
}

#[test]
fn rtf_objects_are_bounded_and_linear_on_hostile_input() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    // 8 MB of hex with a 1 KB limit.
    let huge = rtf_with(&"41".repeat(4 << 20));
    let objects = rtf_objects(&huge, 1024);
    assert_eq!(objects.len(), 1);
    assert!(objects[0].data.len() <= 1024);
    // Deeply nested and repeated \objdata groups, unbalanced braces, non-hex only.
    let nested = format!("{}{}", "{\\objdata ".repeat(50_000), "}".repeat(10));
    let cases = vec![
        nested.into_bytes(),
        "{\\objdata ".repeat(100_000).into_bytes(),
        rtf_with(&"zz\\'gg".repeat(10_000)),
        rtf_with("\\bin999999999999999999999999 41"),
        rtf_with("\\bin-5 4142"),
        b"\\objdata".to_vec(),
        b"\\objdata{\\*".to_vec(),
        b"\\objdatax 4142".to_vec(),
        b"\\objdata\\".to_vec(),
    ];
    each_within(cases, Duration::from_secs(5), |rtf| {
        for object in rtf_objects(rtf, 1 << 20) {
            assert!(object.data.len() <= 1 << 20);
        }
    });
    let mut prng = Rng(5);
    let seed = clamav("clam.exe.rtf");
    let mut mutants = Vec::new();
    for _ in 0..500 {
        let mut rtf = seed.clone();
        for _ in 0..1 + prng.below(10) {
            let at = prng.below(rtf.len());
            rtf[at] = b"{}\\0123456789abcdef bin"[prng.below(23)];
        }
        mutants.push(rtf);
    }
    each_within(mutants, Duration::from_secs(5), |rtf| {
        let _ = rtf_objects(rtf, 1 << 20);
    });
}

#[test]
fn ole10native_handles_lying_sizes() {
    let payload = package("x.exe", b"MZ data");
    let mut stream = (payload.len() as u32).to_le_bytes().to_vec();
    stream.extend_from_slice(&payload);
    assert_eq!(ole10native(&stream).unwrap().data, b"MZ data");
    // Declared sizes past the end keep what is there.
    let mut lying = stream.clone();
    lying[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    let data_size_at = 4 + payload.len() - 7 - 4;
    lying[data_size_at..data_size_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(ole10native(&lying).unwrap().data, b"MZ data");
    for cut in 0..stream.len() - 7 {
        assert_eq!(ole10native(&stream[..cut]), None, "cut at {cut}");
    }
    assert_eq!(ole10native(&[]), None);
}

/// A PowerPoint record: recVer/recInstance, recType, recLen, body.
fn record(version: u16, instance: u16, record_type: u16, body: &[u8]) -> Vec<u8> {
    let mut out = (version | instance << 4).to_le_bytes().to_vec();
    out.extend_from_slice(&record_type.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn compressed_storage(storage: &[u8]) -> Vec<u8> {
    let mut body = (storage.len() as u32).to_le_bytes().to_vec();
    body.extend(zlib(storage));
    record(0, 1, 0x1011, &body)
}

#[test]
fn ppt_objects_in_containers_stored_and_compressed() {
    let storage = build_cfb(&[CfbNode::Stream("x".into(), vec![1; 10])]);
    let document = [
        record(0xF, 0, 0x03E8, &record(0, 0, 0x03E9, &[0; 8])),
        record(0xF, 0, 0x0FF0, &compressed_storage(&storage)),
        record(0, 0, 0x1011, b"stored storage"),
    ]
    .concat();
    let objects = ppt_objects(&document, 1 << 20);
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0].data, storage);
    assert_eq!(objects[1].data, b"stored storage");
    assert!(
        ppt_objects(&document, 100).len() == 1,
        "the storage is over the limit"
    );
}

#[test]
fn ppt_records_with_lying_lengths_never_panic_or_hang() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let storage = build_cfb(&[CfbNode::Stream("x".into(), vec![1; 10])]);
    let good = compressed_storage(&storage);
    let mut huge_length = good.clone();
    huge_length[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let mut truncated_zlib = good.clone();
    truncated_zlib.truncate(good.len() - 10);
    let bomb = {
        let mut body = 0u32.to_le_bytes().to_vec();
        body.extend(zlib(&vec![0; 64 << 20]));
        record(0, 1, 0x1011, &body)
    };
    let mut deep = Vec::new();
    for _ in 0..100_000 {
        deep.extend_from_slice(&record(0xF, 0, 0x03E8, &[])[..4]);
        deep.extend_from_slice(&u32::MAX.to_le_bytes());
    }
    let zero_containers = record(0xF, 0, 0x03E8, &[]).repeat(100_000);
    let cases = vec![huge_length, truncated_zlib, bomb, deep, zero_containers];
    each_within(cases, Duration::from_secs(10), |document| {
        for object in ppt_objects(document, 1 << 20) {
            assert!(object.data.len() <= 1 << 20);
        }
    });
    assert_eq!(ppt_objects(&good[..good.len() - 10], 1 << 20), Vec::new());

    let seed = {
        let ppt = clamav("clam.ppt");
        stream(&all_streams(&ppt), "PowerPoint Document").to_vec()
    };
    let mut prng = Rng(11);
    let mut mutants = Vec::new();
    for _ in 0..1000 {
        let mut document = seed.clone();
        for _ in 0..1 + prng.below(6) {
            let at = prng.below(document.len());
            document[at] = prng.next() as u8;
        }
        mutants.push(document);
    }
    for _ in 0..200 {
        let len = prng.below(10_000);
        mutants.push(prng.bytes(len));
    }
    each_within(mutants, Duration::from_secs(5), |document| {
        let _ = ppt_objects(document, 1 << 20);
    });
}
