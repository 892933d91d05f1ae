// ThreatNeedle lure documents: Word documents fetching a remote template, like
// Boeing_AERO_GS.docx (Kaspersky ICS CERT / GReAT, Feb 2021). Written by the needle project;
// see docs/signatures.md.
//
// Limitation: an OOXML document is a ZIP whose parts Word writes deflate-compressed. YARA-X
// matches strings on the raw bytes and its zip module lists entry names, not contents, so the
// attachedTemplate relationship is readable only when word/_rels/settings.xml.rels is STORED
// (uncompressed, as hand-made or tool-made lures can be) or the document is Flat OPC XML. For
// the usual compressed part, the weak rule only notes that the part exists.

import "zip"

rule ThreatNeedle_Office_Remote_Template_Stored
{
    meta:
        description = "Word document whose readable settings relationships attach a remote (http/https) template"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 70
        mitre_attack = "T1566.001, T1204.002"
        keys_on = "one Relationship element with Type .../attachedTemplate, TargetMode External and an http(s) Target, in a STORED word/_rels/settings.xml.rels ZIP entry or a Flat OPC settings part; compressed parts are not readable"
    strings:
        // One relationship element; the three attributes must all lie inside the same one.
        $relationship = /<Relationship\s[^>]{16,2048}>/
        $type_template = /Type=["'][^"']{0,256}\/relationships\/attachedTemplate["']/
        $mode_external = /TargetMode=["']External["']/
        $target_http   = /\sTarget=["']https?:\/\//

        // Flat OPC (Word "XML Document"): the package as one XML file.
        $flat_package       = "<pkg:package" ascii
        $flat_settings_rels = "pkg:name=\"/word/_rels/settings.xml.rels\"" ascii
    condition:
        filesize < 50MB and
        (
            (uint32(0) == 0x04034B50 and
                for any entry in zip.entries : (
                    entry.file_path == "word/_rels/settings.xml.rels" and
                    entry.compression == zip.STORED
                )) or
            ($flat_package and $flat_settings_rels)
        ) and
        // The first 256 relationship elements of the file are examined (a constant bound
        // keeps the loop cheap; a settings part has a handful).
        for any i in (1..256) : (
            $type_template in (@relationship[i] .. @relationship[i] + !relationship[i]) and
            $mode_external in (@relationship[i] .. @relationship[i] + !relationship[i]) and
            $target_http in (@relationship[i] .. @relationship[i] + !relationship[i])
        )
}

rule ThreatNeedle_Office_Template_Rels_Compressed
{
    meta:
        description = "Word document with compressed settings relationships (an attached template, possibly remote) that rules cannot read"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 40
        mitre_attack = "T1566.001, T1204.002"
        keys_on = "a ZIP holding a deflate-compressed word/_rels/settings.xml.rels entry (zip module); its target cannot be checked, so any document with an attached template or mail-merge source matches"
    condition:
        uint32(0) == 0x04034B50 and filesize < 50MB and
        not ThreatNeedle_Office_Remote_Template_Stored and
        for any entry in zip.entries : (
            entry.file_path == "word/_rels/settings.xml.rels" and
            entry.compression != zip.STORED
        )
}
