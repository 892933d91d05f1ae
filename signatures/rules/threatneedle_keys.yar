// ThreatNeedle installer and loader RC4 keys (Kaspersky ICS CERT / GReAT, Feb 2021).
// Written by the needle project; see docs/signatures.md.

rule ThreatNeedle_Installer_RC4_Key
{
    meta:
        description = "PE file carrying the ThreatNeedle installer RC4 key"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 85
        mitre_attack = "T1140"
        keys_on = "the 16 RC4 key bytes B6 B7 2D 8C ... C4 anywhere in a PE file"
    strings:
        $key = { B6 B7 2D 8C 6B 5F 14 DF B1 38 A1 73 89 C1 D2 C4 }
    condition:
        uint16(0) == 0x5A4D and $key
}

rule ThreatNeedle_Loader_RC4_Key
{
    meta:
        description = "PE file carrying the ThreatNeedle loader RC4 key"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 85
        mitre_attack = "T1140"
        keys_on = "the 16 RC4 key bytes 3D 68 D0 0A ... 20 anywhere in a PE file"
    strings:
        $key = { 3D 68 D0 0A B1 0E C6 AF DD EE 18 8E F4 A1 D6 20 }
    condition:
        uint16(0) == 0x5A4D and $key
}
