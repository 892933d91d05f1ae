// ThreatNeedle's argument gates, in a process's command line (Kaspersky ICS CERT / GReAT,
// Feb 2021): the installer only installs when given 7486513879852, the loader only loads with
// Sx6BrUk4v4rqBFBV. Written by the needle project; see docs/signatures.md.
//
// needle scans a running process's arguments as an object named `cmdline` (one argument per
// line; docs/live-host.md); a `cmdline` file collected from /proc/PID/ matches too.

rule ThreatNeedle_Process_Argument_Gate
{
    meta:
        description = "Process started with a ThreatNeedle installer or loader argument gate"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 85
        mitre_attack = "T1059, T1027.013"
        keys_on = "the installer's 7486513879852 or the loader's Sx6BrUk4v4rqBFBV as a whole argument, in an object named cmdline (a process's command line)"
    strings:
        $installer_gate = /(^|\n)7486513879852(\n|$)/
        $loader_gate = /(^|\n)Sx6BrUk4v4rqBFBV(\n|$)/
    condition:
        filename == "cmdline" and filesize < 64KB and any of them
}
