// ThreatNeedle trojanised VNC client used as an exfiltration uploader (Kaspersky ICS CERT /
// GReAT, Feb 2021). Written by the needle project; see docs/signatures.md.
//
// Published traits: it checks a 0x8406 configuration header, uploads by HTTP POST with the form
// fields "fr" and "fp", and takes a license-key-like second argument (5 groups of 5 upper-case
// letters or digits). No single trait is specific (the key format is also the Windows product-key
// format), so the PE rule needs the POST field pair plus one more trait.

rule ThreatNeedle_VNC_Uploader_Traits
{
    meta:
        description = "PE file with the traits of the ThreatNeedle trojanised VNC uploader"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 80
        mitre_attack = "T1005, T1105"
        keys_on = "POST form fields fr and fp (url-encoded or multipart) plus either an x86 compare against the 0x8406 config header or a 5x5 license-key string, in a PE under 8 MB"
    strings:
        // Both POST field names in one url-encoded form, either order.
        $post_fr_fp = /fr=[^&\s\x00]{0,64}&fp=/ ascii wide
        $post_fp_fr = /fp=[^&\s\x00]{0,64}&fr=/ ascii wide
        // Multipart form: both field names as part headers.
        $part_fr = "name=\"fr\"" ascii wide
        $part_fp = "name=\"fp\"" ascii wide

        // x86/x64 compare with the 0x8406 config header (little-endian immediate 06 84): as a
        // 16-bit compare (66 prefix, optional REX.B) or, after a zero-extending load, as a
        // 32-bit one (immediate 06 84 00 00). Each form keeps 4+ fixed bytes for fast atoms.
        $hdr_cmp16_acc   = { 66 3D 06 84 }                                        // cmp ax, 0x8406
        $hdr_cmp16_rm    = { 66 81 (38 | 39 | 3A | 3B | 3E | 3F | F9 | FA | FB | FE | FF) 06 84 }  // [reg] or reg
        $hdr_cmp16_rm_x  = { 66 41 81 (38 | 39 | 3A | 3B | 3E | 3F | F8 | F9 | FA | FB | FE | FF) 06 84 }  // r8-r15
        $hdr_cmp16_disp8 = { 66 81 (78 | 79 | 7A | 7B | 7D | 7E | 7F) ?? 06 84 }  // [reg+d8]
        $hdr_cmp16_d8_x  = { 66 41 81 (78 | 79 | 7A | 7B | 7D | 7E | 7F) ?? 06 84 }  // [r8-r15+d8]
        $hdr_cmp16_sp    = { 66 81 7C 24 ?? 06 84 }                               // [rsp+d8]
        $hdr_cmp16_abs   = { 66 81 3D ?? ?? ?? ?? 06 84 }                         // [rip+d32] / [abs32]
        $hdr_cmp32_acc   = { 3D 06 84 00 00 }                                     // cmp eax, 0x8406
        $hdr_cmp32_rm    = { 81 (38 | 39 | 3A | 3B | 3E | 3F | F9 | FA | FB | FE | FF) 06 84 00 00 }
        $hdr_cmp32_disp8 = { 81 (78 | 79 | 7A | 7B | 7D | 7E | 7F) ?? 06 84 00 00 }

        // License-key-like argument: 5 groups of 5 upper-case alphanumerics. It has no literal
        // to anchor on, which makes it the costliest pattern of the pack (about 1 ns a byte).
        $license_key = /[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/ ascii wide
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 8MB and
        (any of ($post_*) or ($part_fr and $part_fp)) and
        (any of ($hdr_cmp*) or $license_key)
}

rule ThreatNeedle_VNC_Uploader_Command_Line
{
    meta:
        description = "File holding a ThreatNeedle VNC uploader command line: license key, upload URL, staged file, id, number"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 75
        mitre_attack = "T1005, T1105"
        keys_on = "a 5x5 license key followed by an http(s) URL, a file path, a short id and a number (the published argument order), ASCII or UTF-16, in any file (batch, LNK, task XML, log)"
    strings:
        $cmdline = /[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}[ \t]+"?https?:\/\/[^\s"]{4,300}"?[ \t]+"?[^\s"]{1,260}"?[ \t]+[A-Za-z0-9]{2,32}[ \t]+[0-9]{1,6}/ ascii wide
    condition:
        $cmdline
}
