// ThreatNeedle lure documents: a macro that drops a payload plus a shortcut (LNK) and runs it
// (Kaspersky ICS CERT / GReAT, Feb 2021). Written by the needle project; see docs/signatures.md.
//
// FALLBACK ON RAW STRINGS. The rule this should be is keyed on the decompressed macro source of
// YARA-X's vba module (kept, with its tests, as VBA_MACRO_RULE in tests/signatures.rs), but the
// module cannot be enabled: yara-x 1.22.1's olecf module, which vba needs, does not compile.
// Without it the macro source is not readable: in a .doc it is MS-OVBA-compressed (a flag
// byte every 8 tokens, repeats replaced by back-references), in a .docm the whole VBA project is
// deflated inside the ZIP. What stays readable in a Word 97-2003 (.doc) file saved by Office is
// the compiled-code cache kept next to the source, which holds the identifiers and string
// literals the macro uses in clear. This rule keys on those; it cannot see .docm files or
// projects whose cache was removed.

rule ThreatNeedle_Macro_Drops_Payload_And_Shortcut
{
    meta:
        description = "Word 97-2003 document whose VBA project writes a file, creates a shortcut and runs a program (raw-string fallback)"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 75
        mitre_attack = "T1566.001, T1204.002"
        keys_on = "OLE compound file with a _VBA_PROJECT entry and, in clear (Office's compiled-code cache), a file writer (SaveToFile, CreateTextFile, ADODB.Stream), a shortcut (CreateShortcut or .lnk) and a launcher (Run, Exec, ShellExecute, Shell.Application, Win32_Process); compressed-only sources and .docm files are not readable"
    strings:
        // Directory entry of the VBA project storage (CFB names are UTF-16).
        $vba_project = "_VBA_PROJECT" wide

        $write_savetofile     = "SaveToFile" ascii wide nocase fullword
        $write_createtextfile = "CreateTextFile" ascii wide nocase fullword
        $write_adodb_stream   = "ADODB.Stream" ascii wide nocase fullword

        $lnk_create    = "CreateShortcut" ascii wide nocase fullword
        $lnk_extension = ".lnk" ascii wide nocase

        $run_method       = "Run" ascii wide fullword
        $run_exec         = "Exec" ascii wide fullword
        $run_shellexecute = "ShellExecute" ascii wide nocase fullword
        $run_shell_app    = "Shell.Application" ascii wide nocase fullword
        $run_wmi_process  = "Win32_Process" ascii wide nocase fullword
    condition:
        uint32(0) == 0xE011CFD0 and uint32(4) == 0xE11AB1A1 and filesize < 20MB and
        $vba_project and
        any of ($write_*) and any of ($lnk_*) and any of ($run_*)
}
