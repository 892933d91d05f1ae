//! Registry indicators: keys and values that a backdoor leaves behind. They are parsed, checked
//! and counted now; matching them needs a registry source (hives in images, the live registry on
//! Windows), which needle does not have yet.
//!
//! Line format: `KEY;VALUE_NAME;SCORE[;DESCRIPTION]` (empty `VALUE_NAME` = the key itself), the
//! key starting with a hive (`HKLM\`, `HKCU\`, `HKU\`, `HKCR\`, `HKCC\` or their long names).

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

#[derive(Debug, Clone)]
pub struct RegistryIoc {
    pub key: String,
    pub value_name: Option<String>,
    pub score: i64,
    pub description: String,
    pub cite: super::Cite,
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
}
