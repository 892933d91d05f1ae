//! Office Open XML relationships: every `.rels` part of a document (and the parts of a Flat OPC
//! XML document) lists what the document pulls in. An external target is evidence when Word
//! fetches it on opening: a remote template (ThreatNeedle's Boeing_AERO_GS.docx, T1221), a remote
//! OLE object or frame. Hyperlinks are only followed when clicked: they are not evidence here
//! (a C2 address in any target is found by the C2 indicators, which search the part's text).

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::evidence::{Reason, ReasonKind};

/// An attached template fetched from the network when the document opens.
pub const REMOTE_TEMPLATE: i64 = 80;
/// An OLE object, frame or sub-document fetched from the network when the document opens.
pub const REMOTE_OBJECT: i64 = 60;

/// One relationship with an external target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    /// The part holding it (`word/_rels/settings.xml.rels`).
    pub part: String,
    /// The last segment of the relationship type (`attachedTemplate`, `oleObject`...).
    pub kind: String,
    pub target: String,
}

/// The relationships `data` may hold: those of the part `member` names when it is a `.rels`
/// part of a package, or those of every part of a Flat OPC XML package. A `.rels` file outside
/// a package is not a document.
pub fn parts_of(member: Option<&str>, data: &[u8]) -> Option<Option<String>> {
    if let Some(name) = member.filter(|name| name.ends_with(".rels")) {
        return Some(Some(name.to_string()));
    }
    let head = &data[..data.len().min(1024)];
    String::from_utf8_lossy(head)
        .contains("<pkg:package")
        .then_some(None)
}

/// The external relationships in a `.rels` part (`part` names it), or in every part of a Flat
/// OPC package (`part` None: each `pkg:part` names its own); parsing stops at the first
/// malformed element (what came before is kept).
pub fn externals(part: Option<&str>, data: &[u8]) -> Vec<External> {
    let text = String::from_utf8_lossy(data);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let mut found = Vec::new();
    let mut current = part.unwrap_or_default().to_string();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element))
                if part.is_none() && element.local_name().as_ref() == "part" =>
            {
                for attribute in element.attributes().flatten() {
                    if attribute.key.local_name().as_ref() == "name" {
                        current = attribute.value.trim_start_matches('/').to_string();
                    }
                }
            }
            Ok(Event::Start(element) | Event::Empty(element))
                if element.local_name().as_ref() == "Relationship" =>
            {
                let mut kind = String::new();
                let mut target = String::new();
                let mut external = false;
                for attribute in element.attributes().flatten() {
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::default())
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match attribute.key.local_name().as_ref() {
                        "Type" => kind = value.rsplit('/').next().unwrap_or_default().to_string(),
                        "Target" => target = value,
                        "TargetMode" => external = value.eq_ignore_ascii_case("External"),
                        _ => {}
                    }
                }
                if external {
                    found.push(External {
                        part: current.clone(),
                        kind,
                        target,
                    });
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    found
}

/// Whether a target is fetched over the network (http, https, ftp, a UNC path, WebDAV).
fn remote(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    ["http://", "https://", "ftp://", "\\\\", "//"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The evidence in a package's relationships part (`part`) or a Flat OPC package (None). Word
/// honours an attached template only from the settings part's relationships.
pub fn evidence(part: Option<&str>, data: &[u8]) -> Vec<Reason> {
    let mut reasons = Vec::new();
    for external in externals(part, data) {
        if !remote(&external.target) {
            continue;
        }
        let settings = external.part.ends_with("settings.xml.rels");
        let (id, score, what) = match external.kind.as_str() {
            "attachedTemplate" if settings => (
                "document_remote_template",
                REMOTE_TEMPLATE,
                "a remote template",
            ),
            "oleObject" | "frame" | "subDocument" => {
                ("document_remote_object", REMOTE_OBJECT, "a remote object")
            }
            _ => continue,
        };
        let mut reason = Reason::new(
            ReasonKind::Document,
            id,
            score,
            format!("document fetches {what} when opened ({})", external.kind),
        );
        reason
            .evidence
            .push(format!("{} in {}", external.target, external.part));
        if !reasons.iter().any(|r: &Reason| r.id == reason.id) {
            reasons.push(reason);
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_rels(target: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="{target}" TargetMode="External"/></Relationships>"#
        )
    }

    #[test]
    fn a_remote_template_is_evidence_and_a_local_one_is_not() {
        const SETTINGS: Option<&str> = Some("word/_rels/settings.xml.rels");
        let remote = evidence(
            SETTINGS,
            settings_rels("https://example.org/t/Normal.dotm").as_bytes(),
        );
        assert_eq!(remote.len(), 1);
        assert_eq!(remote[0].id, "document_remote_template");
        assert_eq!(
            remote[0].evidence,
            ["https://example.org/t/Normal.dotm in word/_rels/settings.xml.rels"]
        );
        let local = evidence(
            SETTINGS,
            settings_rels(r"file:///C:\Users\a\AppData\Roaming\Microsoft\Templates\Normal.dotm")
                .as_bytes(),
        );
        assert!(local.is_empty());
        let unc = evidence(
            SETTINGS,
            settings_rels(r"\\203.0.113.7\share\t.dotm").as_bytes(),
        );
        assert_eq!(unc.len(), 1);
        // Word does not fetch a template named in another part's relationships.
        let elsewhere = evidence(
            Some("word/_rels/document.xml.rels"),
            settings_rels("https://example.org/t.dotm").as_bytes(),
        );
        assert!(elsewhere.is_empty());
        assert_eq!(parts_of(None, settings_rels("https://x/").as_bytes()), None);
    }

    #[test]
    fn hyperlinks_and_internal_parts_are_not_evidence() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="http://example.org/o.bin" TargetMode="External"/>
</Relationships>"#;
        let part = Some("word/_rels/document.xml.rels");
        let found = externals(part, rels.as_bytes());
        assert_eq!(found.len(), 2);
        let reasons = evidence(part, rels.as_bytes());
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].id, "document_remote_object");
    }

    #[test]
    fn flat_opc_packages_and_broken_xml_are_read_as_far_as_they_go() {
        let flat = format!(
            r#"<?xml version="1.0"?><pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"><pkg:part pkg:name="/word/_rels/settings.xml.rels"><pkg:xmlData>{}</pkg:xmlData></pkg:part></pkg:package>"#,
            settings_rels("http://example.org/x.dotm").replace(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                ""
            )
        );
        assert_eq!(parts_of(None, flat.as_bytes()), Some(None));
        assert_eq!(evidence(None, flat.as_bytes()).len(), 1);
        let settings = Some("word/_rels/settings.xml.rels");
        let broken = format!("{}<<<", settings_rels("http://example.org/y.dotm"));
        assert_eq!(evidence(settings, broken.as_bytes()).len(), 1);
        assert!(evidence(settings, b"\x00\xff<Relationship Target=").is_empty());
    }
}
