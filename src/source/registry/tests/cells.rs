//! Unit tests of each cell type, name encoding and value decoding on builder-made hives.

use super::builder::{
    HiveBuilder, ListKind, TestKey, build, build_with, fix_checksum, multi_sz, set_u32, utf16z,
};
use super::dump;
use crate::source::registry::{
    Hive, HiveError, REG_BINARY, REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_EXPAND_SZ, REG_LINK,
    REG_MULTI_SZ, REG_NONE, REG_QWORD, REG_SZ, Walk,
};

fn children(prefix: &str, count: usize) -> Vec<TestKey> {
    (0..count)
        .map(|i| {
            TestKey::new(&format!("{prefix}{i}")).value("n", REG_DWORD, (i as u32).to_le_bytes())
        })
        .collect()
}

fn parent(name: &str, list: ListKind, count: usize) -> TestKey {
    let mut key = TestKey::new(name).list(list);
    key.subkeys = children(&format!("{name}-"), count);
    key
}

fn sample_hive() -> Hive {
    let root = TestKey::new("ROOT")
        .child(parent("Fast", ListKind::Lf, 5))
        .child(parent("Hashed", ListKind::Lh, 5))
        .child(parent("Index", ListKind::Li, 5))
        .child(parent("Rooted", ListKind::Ri(2), 5))
        .list(ListKind::Lf);
    Hive::open(build(&root)).expect("builder hive opens")
}

#[test]
fn every_subkey_list_kind_lists_its_children_in_order() {
    let hive = sample_hive();
    for name in ["Fast", "Hashed", "Index", "Rooted"] {
        let key = hive.key(name).unwrap().expect(name);
        let names: Vec<String> = key.subkeys().unwrap().iter().map(|k| k.name()).collect();
        let expected: Vec<String> = (0..5).map(|i| format!("{name}-{i}")).collect();
        assert_eq!(names, expected, "{name}");
        let fourth = key
            .subkey(&format!("{name}-3"))
            .unwrap()
            .expect("fourth child");
        assert_eq!(fourth.value("n").unwrap().unwrap().number(), Some(3));
    }
}

#[test]
fn walk_visits_every_key_with_its_path() {
    let hive = sample_hive();
    let mut paths = Vec::new();
    let errors = hive.walk(&mut |path, _| {
        paths.push(path.to_string());
        Walk::Continue
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(paths.len(), 1 + 4 + 20);
    assert_eq!(paths[0], "");
    assert_eq!(paths[1], "Fast");
    assert_eq!(paths[2], "Fast\\Fast-0");
    assert!(paths.contains(&"Rooted\\Rooted-4".to_string()));
}

#[test]
fn walk_skip_children_prunes_the_subtree() {
    let hive = sample_hive();
    let mut paths = Vec::new();
    hive.walk(&mut |path, key| {
        paths.push(path.to_string());
        if key.name() == "Index" {
            Walk::SkipChildren
        } else {
            Walk::Continue
        }
    });
    assert!(paths.contains(&"Index".to_string()));
    assert!(!paths.iter().any(|p| p.starts_with("Index\\")));
    assert!(paths.contains(&"Rooted\\Rooted-0".to_string()));
}

#[test]
fn latin1_and_utf16_names_decode_and_match_case_insensitively() {
    let root = TestKey::new("ROOT")
        .child(TestKey::new("Größe").value("Wert-ä", REG_SZ, utf16z("latin")))
        .child(TestKey::new("Ключ").value("значение", REG_SZ, utf16z("cyrillic")))
        .child(TestKey::new("日本語"));
    let hive = Hive::open(build(&root)).unwrap();
    let latin = hive
        .key("GRÖßE")
        .unwrap()
        .expect("Latin-1 key by folded name");
    assert_eq!(latin.name(), "Größe");
    assert_eq!(latin.value("WERT-Ä").unwrap().unwrap().name(), "Wert-ä");
    let cyrillic = hive
        .key("ключ")
        .unwrap()
        .expect("UTF-16 key by folded name");
    assert_eq!(cyrillic.name(), "Ключ");
    let value = cyrillic.value("ЗНАЧЕНИЕ").unwrap().unwrap();
    assert_eq!(value.text().as_deref(), Some("cyrillic"));
    assert_eq!(hive.key("日本語").unwrap().unwrap().name(), "日本語");
    assert!(hive.key("Grosse").unwrap().is_none());
}

#[test]
fn key_paths_ignore_empty_components_and_missing_keys_are_none() {
    let hive = sample_hive();
    assert_eq!(hive.key("").unwrap().unwrap().name(), "ROOT");
    assert_eq!(
        hive.key("\\fast\\\\FAST-2\\").unwrap().unwrap().name(),
        "Fast-2"
    );
    assert!(hive.key("Fast\\Nope").unwrap().is_none());
}

#[test]
fn resident_data_lives_in_the_offset_field() {
    let root = TestKey::new("ROOT")
        .value("", REG_SZ, utf16z("d"))
        .value("four", REG_DWORD, 0x1234_5678u32.to_le_bytes())
        .value("three", REG_BINARY, [1, 2, 3])
        .value("one", REG_BINARY, [9])
        .value("none", REG_NONE, []);
    let hive = Hive::open(build(&root)).unwrap();
    let key = hive.root().unwrap();
    assert_eq!(
        key.value("four").unwrap().unwrap().number(),
        Some(0x1234_5678)
    );
    assert_eq!(
        key.value("three").unwrap().unwrap().data().unwrap(),
        [1, 2, 3]
    );
    assert_eq!(key.value("one").unwrap().unwrap().data().unwrap(), [9]);
    assert!(
        key.value("none")
            .unwrap()
            .unwrap()
            .data()
            .unwrap()
            .is_empty()
    );
    let default = key.value("").unwrap().expect("default value");
    assert_eq!(
        (default.name(), default.text()),
        (String::new(), Some("d".to_string()))
    );
    assert_eq!(key.values().unwrap().len(), 5);
}

fn big_payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

#[test]
fn big_data_is_reassembled_from_segments() {
    for len in [16345, 32688, 40000, 100_003] {
        let root = TestKey::new("ROOT").value("blob", REG_BINARY, big_payload(len));
        let bytes = build(&root);
        assert!(bytes.windows(2).any(|w| w == b"db"));
        let hive = Hive::open(bytes).unwrap();
        let value = hive.root().unwrap().value("blob").unwrap().unwrap();
        assert_eq!(value.data().unwrap(), big_payload(len), "{len}");
        assert!(value.display().ends_with(&format!("({len} bytes)")));
    }
}

#[test]
fn version_1_3_hives_keep_large_data_in_one_cell() {
    let mut builder = HiveBuilder::new();
    builder.minor = 3;
    let root = TestKey::new("ROOT").value("blob", REG_BINARY, big_payload(20000));
    let hive = Hive::open(build_with(builder, &root)).unwrap();
    assert!(hive.notes().is_empty(), "{:?}", hive.notes());
    let value = hive.root().unwrap().value("blob").unwrap().unwrap();
    assert_eq!(value.data().unwrap(), big_payload(20000));
}

#[test]
fn typed_accessors_and_display() {
    let mut odd: Vec<u8> = "odd".encode_utf16().flat_map(u16::to_le_bytes).collect();
    odd.push(b'x');
    let root = TestKey::new("ROOT")
        .value("sz", REG_SZ, utf16z("C:\\evil.exe"))
        .value("odd", REG_SZ, odd)
        .value(
            "unterminated",
            REG_SZ,
            "ab".encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        )
        .value("expand", REG_EXPAND_SZ, utf16z("%SystemRoot%\\x.dll"))
        .value(
            "link",
            REG_LINK,
            "\\Registry\\Machine"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        )
        .value(
            "multi",
            REG_MULTI_SZ,
            multi_sz(&["one", "two", "", "hidden"]),
        )
        .value("dword", REG_DWORD, 3000u32.to_le_bytes())
        .value("be", REG_DWORD_BIG_ENDIAN, 0x0102_0304u32.to_be_bytes())
        .value("qword", REG_QWORD, 0x1_0000_0000u64.to_le_bytes())
        .value("bin", REG_BINARY, (0u8..100).collect::<Vec<_>>())
        .value("odd type", 0x1234, [0xde, 0xad, 0xbe, 0xef, 0x01]);
    let hive = Hive::open(build(&root)).unwrap();
    let key = hive.root().unwrap();
    let get = |name: &str| key.value(name).unwrap().expect(name);
    assert_eq!(get("sz").text().as_deref(), Some("C:\\evil.exe"));
    assert_eq!(get("odd").text().as_deref(), Some("odd"));
    assert_eq!(get("unterminated").text().as_deref(), Some("ab"));
    assert_eq!(get("expand").display(), "%SystemRoot%\\x.dll");
    assert_eq!(get("link").text().as_deref(), Some("\\Registry\\Machine"));
    assert_eq!(
        get("multi").strings(),
        Some(vec!["one".to_string(), "two".to_string()])
    );
    assert_eq!(get("multi").display(), "[\"one\", \"two\"]");
    assert_eq!(get("dword").display(), "3000 (0xbb8)");
    assert_eq!(get("be").number(), Some(0x0102_0304));
    assert_eq!(get("qword").number(), Some(0x1_0000_0000));
    assert_eq!(get("sz").number(), None);
    assert_eq!(get("dword").text(), None);
    let binary = get("bin").display();
    assert!(binary.starts_with("000102"), "{binary}");
    assert!(binary.ends_with("3f… (100 bytes)"), "{binary}");
    assert_eq!(get("odd type").kind(), 0x1234);
    assert_eq!(get("odd type").display(), "deadbeef01 (5 bytes)");
}

#[test]
fn base_block_fields_are_reported() {
    let mut builder = HiveBuilder::new();
    builder.file_name = "\\??\\C:\\Users\\alice\\ntuser.dat".into();
    builder.last_written = 0x01d9_aabb_ccdd_eeff;
    let hive = Hive::open(build_with(builder, &TestKey::new("ROOT"))).unwrap();
    assert_eq!(hive.embedded_name(), "\\??\\C:\\Users\\alice\\ntuser.dat");
    assert_eq!(hive.last_written(), 0x01d9_aabb_ccdd_eeff);
    assert!(!hive.is_dirty());
    assert!(hive.notes().is_empty(), "{:?}", hive.notes());
}

#[test]
fn dirty_and_damaged_base_blocks_are_noted() {
    let mut builder = HiveBuilder::new();
    builder.sequences = (8, 7);
    let hive = Hive::open(build_with(builder, &TestKey::new("ROOT"))).unwrap();
    assert!(hive.is_dirty());
    assert!(
        hive.notes()
            .iter()
            .any(|n| n.contains("dirty (primary sequence 8, secondary 7)"))
    );

    let mut bytes = build(&TestKey::new("ROOT"));
    bytes[100] ^= 1;
    let hive = Hive::open(bytes).unwrap();
    assert!(hive.is_dirty());
    assert!(hive.notes().iter().any(|n| n.contains("checksum mismatch")));
    assert_eq!(hive.root().unwrap().name(), "ROOT");
}

#[test]
fn checksum_special_values_follow_windows() {
    let mut block = vec![0u8; 512];
    block[..4].copy_from_slice(b"regf");
    // A word that cancels "regf" makes the XOR zero, which Windows stores as 1.
    let regf = u32::from_le_bytes(*b"regf");
    set_u32(&mut block, 4, regf);
    assert_eq!(crate::source::registry::base::checksum(&block), 1);
    set_u32(&mut block, 4, !regf);
    assert_eq!(
        crate::source::registry::base::checksum(&block),
        u32::MAX - 1
    );
}

#[test]
fn open_rejects_what_is_not_a_primary_hive() {
    let valid = build(&TestKey::new("ROOT"));
    assert!(matches!(
        Hive::open(Vec::new()),
        Err(HiveError::NotAHive(_))
    ));
    assert!(matches!(
        Hive::open(valid[..300].to_vec()),
        Err(HiveError::NotAHive(_))
    ));
    let mut wrong = valid.clone();
    wrong[0] = b'R';
    assert!(matches!(Hive::open(wrong), Err(HiveError::NotAHive(_))));
    let mut log = valid.clone();
    set_u32(&mut log, 28, 6);
    fix_checksum(&mut log);
    let error = Hive::open(log).unwrap_err();
    assert!(error.to_string().contains("file type 6"), "{error}");
}

#[test]
fn errors_name_the_cell() {
    let mut bytes = build(&TestKey::new("ROOT"));
    set_u32(&mut bytes, 36, 0x7777_0000);
    fix_checksum(&mut bytes);
    let hive = Hive::open(bytes).unwrap();
    let error = hive.root().unwrap_err();
    assert_eq!(
        error.to_string(),
        "cell at 0x77770000: lies outside the hive bins data (4096 bytes)"
    );
    let (lines, errors) = dump(&hive);
    assert!(lines.is_empty());
    assert_eq!(errors.len(), 1);
}
