//! Registry indicators: keys and values that a backdoor leaves behind, matched against the
//! registry hive files needle finds (in a tree or inside a disk image).
//!
//! Line format: `KEY;VALUE_NAME;SCORE[;DESCRIPTION]` (empty `VALUE_NAME` = the key itself), the
//! key starting with a hive (`HKLM\`, `HKCU\`, `HKU\`, `HKCR\`, `HKCC\` or their long names).
//! Each key is placed in the hive file that holds it: `HKLM\SOFTWARE\...` in SOFTWARE,
//! `HKLM\SYSTEM\...` in SYSTEM (`CurrentControlSet` is the control set `Select\Current` names),
//! `HKCU\...` and `HKU\<SID>\...` in every NTUSER.DAT, `HKCR\...` in SOFTWARE's `Classes` and in
//! every UsrClass.dat.

/// Hive prefixes a registry IOC key may start with.
const HIVES: &[&str] = &[
    "HKLM\\",
    "HKCU\\",
    "HKU\\",
    "HKCR\\",
    "HKCC\\",
    "HKEY_LOCAL_MACHINE\\",
    "HKEY_CURRENT_USER\\",
    "HKEY_USERS\\",
    "HKEY_CLASSES_ROOT\\",
    "HKEY_CURRENT_CONFIG\\",
];

/// The hive files a key can live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HiveFile {
    System,
    Software,
    Sam,
    Security,
    /// A user's NTUSER.DAT (`HKCU`, `HKU\<SID>`).
    User,
    /// A user's UsrClass.dat (`HKU\<SID>_Classes`, and `HKCR` for the user's part).
    UserClasses,
}

#[derive(Debug, Clone)]
pub struct RegistryIoc {
    pub key: String,
    pub value_name: Option<String>,
    pub score: i64,
    pub description: String,
    pub cite: super::Cite,
    /// Where the key lives: each hive file and the path inside it (`\`-separated, from the hive's
    /// root; `CurrentControlSet` kept as written). Empty for keys no hive file holds (volatile
    /// ones such as `HKLM\HARDWARE`): those never match.
    pub places: Vec<(HiveFile, String)>,
}

/// The hive files and inner paths that hold `key` (which starts with a hive prefix).
fn places(key: &str) -> Vec<(HiveFile, String)> {
    let mut parts = key.splitn(2, '\\');
    let root = parts.next().unwrap_or_default().to_ascii_uppercase();
    let rest = parts.next().unwrap_or_default().trim_matches('\\');
    let (first, after_first) = match rest.split_once('\\') {
        Some((first, after)) => (first, after),
        None => (rest, ""),
    };
    match root.as_str() {
        "HKLM" | "HKEY_LOCAL_MACHINE" => {
            let hive = match first.to_ascii_uppercase().as_str() {
                "SOFTWARE" => HiveFile::Software,
                "SYSTEM" => HiveFile::System,
                "SAM" => HiveFile::Sam,
                "SECURITY" => HiveFile::Security,
                _ => return Vec::new(),
            };
            vec![(hive, after_first.to_string())]
        }
        "HKCU" | "HKEY_CURRENT_USER" => vec![(HiveFile::User, rest.to_string())],
        "HKU" | "HKEY_USERS" if first.to_ascii_uppercase().ends_with("_CLASSES") => {
            vec![(HiveFile::UserClasses, after_first.to_string())]
        }
        "HKU" | "HKEY_USERS" => vec![(HiveFile::User, after_first.to_string())],
        "HKCR" | "HKEY_CLASSES_ROOT" => vec![
            (HiveFile::Software, join("Classes", rest)),
            (HiveFile::UserClasses, rest.to_string()),
        ],
        "HKCC" | "HKEY_CURRENT_CONFIG" => vec![(
            HiveFile::System,
            join(r"CurrentControlSet\Hardware Profiles\Current", rest),
        )],
        _ => Vec::new(),
    }
}

fn join(parent: &str, child: &str) -> String {
    if child.is_empty() {
        parent.to_string()
    } else {
        format!("{parent}\\{child}")
    }
}

/// Parses one line.
pub fn parse_line(line: &str, comment: &str, cite: super::Cite) -> Result<RegistryIoc, String> {
    let fields: Vec<&str> = line.split(';').collect();
    if fields.len() < 3 {
        return Err("expected KEY;VALUE_NAME;SCORE[;DESCRIPTION]".to_string());
    }
    let key = fields[0].trim();
    let upper = key.to_ascii_uppercase();
    if !HIVES.iter().any(|hive| upper.starts_with(hive)) {
        return Err(format!(
            "key does not start with a hive (HKLM\\, HKCU\\...): {key:?}"
        ));
    }
    let score = fields[2]
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("score is not an integer: {:?}", fields[2]))?;
    let value_name = Some(fields[1].trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    let description = fields.get(3..).map(|d| d.join(";")).unwrap_or_default();
    Ok(RegistryIoc {
        places: places(key),
        key: key.to_string(),
        value_name,
        score,
        description: if description.trim().is_empty() {
            comment.to_string()
        } else {
            description.trim().to_string()
        },
        cite,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_need_a_hive_and_a_score() {
        let ioc = parse_line(
            r"HKLM\SOFTWARE\X;Description;80",
            "Config",
            super::super::Cite::line(0, 1),
        )
        .expect("valid");
        assert_eq!(
            (
                ioc.value_name.as_deref(),
                ioc.score,
                ioc.description.as_str()
            ),
            (Some("Description"), 80, "Config")
        );
        assert!(
            parse_line(
                r"HKLM\SOFTWARE\X;;60;Key itself",
                "",
                super::super::Cite::line(0, 1)
            )
            .is_ok_and(|i| i.value_name.is_none())
        );
        assert!(
            parse_line(
                r"SOFTWARE\X;Description;80",
                "",
                super::super::Cite::line(0, 1)
            )
            .is_err()
        );
        assert!(
            parse_line(
                r"HKLM\SOFTWARE\X;Description;high",
                "",
                super::super::Cite::line(0, 1)
            )
            .is_err()
        );
        assert!(parse_line(r"HKLM\SOFTWARE\X", "", super::super::Cite::line(0, 1)).is_err());
    }

    #[test]
    fn keys_are_placed_in_the_hive_files_that_hold_them() {
        let cases = [
            (
                r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\GameConfig",
                vec![(
                    HiveFile::Software,
                    r"Microsoft\Windows\CurrentVersion\GameConfig",
                )],
            ),
            (
                r"HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\X",
                vec![(HiveFile::System, r"CurrentControlSet\Services\X")],
            ),
            (r"HKCU\Software\X", vec![(HiveFile::User, r"Software\X")]),
            (
                r"HKU\S-1-5-21-1-2-3-1001\Software\X",
                vec![(HiveFile::User, r"Software\X")],
            ),
            (
                r"HKU\S-1-5-21-1-2-3-1001_Classes\CLSID",
                vec![(HiveFile::UserClasses, "CLSID")],
            ),
            (
                r"HKCR\CLSID\{X}",
                vec![
                    (HiveFile::Software, r"Classes\CLSID\{X}"),
                    (HiveFile::UserClasses, r"CLSID\{X}"),
                ],
            ),
            (r"HKLM\HARDWARE\DESCRIPTION", vec![]),
        ];
        for (key, expected) in cases {
            let expected: Vec<(HiveFile, String)> = expected
                .into_iter()
                .map(|(hive, path)| (hive, path.to_string()))
                .collect();
            assert_eq!(places(key), expected, "{key}");
        }
    }
}
