// Lazarus "Operation DreamJob" (fake job offers; ESET's Operation In(ter)ception is the same
// cluster). Written by the needle project from the public reporting named in each rule's
// reference; see docs/signatures.md. No rule text is copied from public rule sets.
//
// The January 2022 wave (Malwarebytes Threat Intelligence, "North Korea's Lazarus APT leverages
// Windows Update client, GitHub in latest campaign") used Lockheed Martin job-offer documents
// whose payload put WindowsUpdateConf.lnk in the Startup folder and a DLL named wuaueng.dll on
// disk, the shortcut starting the Windows Update client with /UpdateDeploymentProvider <dll>
// /RunHandlerComServer so that wuauclt.exe loads the DLL (a living-off-the-land proxy execution
// first shown by MDSec in October 2020).

rule DreamJob_Wuauclt_Loads_Wuaueng_Dll
{
    meta:
        description = "Windows Update client started to load a DLL named wuaueng.dll from outside the Windows folders, as the DreamJob Startup shortcut does"
        reference = "https://www.threatdown.com/blog/north-koreas-lazarus-apt-leverages-windows-update-client-github-in-latest-campaign/"
        author = "needle project"
        date = "2026-12-07"
        score = 85
        mitre_attack = "T1218, T1547.001"
        keys_on = "/UpdateDeploymentProvider followed by a path ending in wuaueng.dll that is not under Windows\\System32, SysWOW64 or WinSxS, then /RunHandlerComServer, ASCII or UTF-16, any case, in any file under 4 MB (shortcut arguments, task XML, scripts, a process command line)"
    strings:
        $cmd = /\/UpdateDeploymentProvider[ \t\n]+"?[^"\r\n\x00]{0,260}\\wuaueng\.dll"?[ \t\n]+\/RunHandlerComServer/ ascii wide nocase
        // The genuine engine lives in the Windows folders; loading it from there is not this.
        $genuine = /\/UpdateDeploymentProvider[ \t\n]+"?[A-Za-z]:\\Windows\\(System32|SysWOW64|WinSxS)\\[^"\r\n\x00]{0,200}wuaueng\.dll/ ascii wide nocase
    condition:
        filesize < 4MB and #cmd > #genuine
}

rule DreamJob_Wuauclt_Dll_Proxy_Execution
{
    meta:
        description = "Windows Update client started with /UpdateDeploymentProvider <dll> /RunHandlerComServer, a DLL proxy execution used by the DreamJob Startup shortcut"
        reference = "https://www.threatdown.com/blog/north-koreas-lazarus-apt-leverages-windows-update-client-github-in-latest-campaign/"
        author = "needle project"
        date = "2026-12-07"
        score = 70
        mitre_attack = "T1218"
        keys_on = "/UpdateDeploymentProvider, a path ending in .dll that is not under Windows\\System32, SysWOW64 or WinSxS, then /RunHandlerComServer, ASCII or UTF-16, any case, in any file under 4 MB; not counted when the wuaueng.dll rule matched"
    strings:
        $cmd = /\/UpdateDeploymentProvider[ \t\n]+"?[^"\r\n\x00]{1,260}\.dll"?[ \t\n]+\/RunHandlerComServer/ ascii wide nocase
        $genuine = /\/UpdateDeploymentProvider[ \t\n]+"?[A-Za-z]:\\Windows\\(System32|SysWOW64|WinSxS)\\[^"\r\n\x00]{1,200}\.dll/ ascii wide nocase
    condition:
        filesize < 4MB and #cmd > #genuine and not DreamJob_Wuauclt_Loads_Wuaueng_Dll
}

rule DreamJob_Startup_Shortcut_Dropper
{
    meta:
        description = "PE file or macro source that names the DreamJob Startup shortcut WindowsUpdateConf.lnk together with the Windows Update client it starts"
        reference = "https://www.threatdown.com/blog/north-koreas-lazarus-apt-leverages-windows-update-client-github-in-latest-campaign/"
        author = "needle project"
        date = "2026-12-07"
        score = 80
        mitre_attack = "T1547.001, T1218"
        keys_on = "WindowsUpdateConf.lnk (whole word) and wuauclt, ASCII or UTF-16, any case, in a PE or in VBA source (a Sub or Function and its End line; needle extracts macro modules as text), under 8 MB"
    strings:
        $lnk     = "WindowsUpdateConf.lnk" ascii wide nocase fullword
        $wuauclt = "wuauclt" ascii wide nocase
        $vba_procedure = /(^|\n)[ \t]*((Private|Public)[ \t]+)?(Sub|Function)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/ nocase
        $vba_end       = /(^|\n)[ \t]*End[ \t]+(Sub|Function)\b/ nocase
    condition:
        filesize < 8MB and $lnk and $wuauclt and
        ((uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550) or ($vba_procedure and $vba_end))
}

rule DreamJob_Startup_Shortcut_Name_PE
{
    meta:
        description = "PE file naming WindowsUpdateConf.lnk, the Startup-folder shortcut of the January 2022 DreamJob wave"
        reference = "https://www.threatdown.com/blog/north-koreas-lazarus-apt-leverages-windows-update-client-github-in-latest-campaign/"
        author = "needle project"
        date = "2026-12-07"
        score = 70
        mitre_attack = "T1547.001"
        keys_on = "WindowsUpdateConf.lnk (whole word), ASCII or UTF-16, any case, in a PE under 8 MB; not counted when the dropper rule matched"
    strings:
        $lnk = "WindowsUpdateConf.lnk" ascii wide nocase fullword
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 8MB and
        $lnk and not DreamJob_Startup_Shortcut_Dropper
}

rule DreamJob_ELF_Posing_As_PDF
{
    meta:
        description = "Linux executable named as a PDF document, as the DreamJob lure 'HSBC job offer.pdf' was"
        reference = "https://www.welivesecurity.com/2023/04/20/linux-malware-strengthens-links-lazarus-3cx-supply-chain-attack"
        author = "needle project"
        date = "2026-12-07"
        score = 65
        mitre_attack = "T1036.008, T1204.002"
        keys_on = "an ELF header (7F 45 4C 46) in a file whose name ends in .pdf (any case)"
    condition:
        uint32(0) == 0x464C457F and filename matches /\.pdf$/i
}
