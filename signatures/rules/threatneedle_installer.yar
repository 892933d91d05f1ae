// ThreatNeedle installer traits (Kaspersky ICS CERT / GReAT, Feb 2021).
// Written by the needle project; see docs/signatures.md.

rule ThreatNeedle_Installer_Marker_File
{
    meta:
        description = "PE file referencing bcdbootinfo.tlp, the marker the ThreatNeedle installer writes to system32"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 70
        mitre_attack = "T1543.003"
        keys_on = "the marker file name, ASCII or UTF-16, inside a PE file"
    strings:
        $marker = "bcdbootinfo.tlp" ascii wide nocase
    condition:
        uint16(0) == 0x5A4D and $marker
}
