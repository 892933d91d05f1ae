// Lazarus (Microsoft: ZINC) against security researchers, January 2021: a Visual Studio project
// whose build event runs the Comebacker DLL with rundll32. Written by the needle project from
// Google TAG's "New campaign targeting security researchers" (25 Jan 2021) and Microsoft's "ZINC
// attacks against security researchers" (28 Jan 2021); see docs/signatures.md. No rule text is
// copied from public rule sets.
//
// Microsoft published the project's pre-build event: PowerShell checks for Windows 10 x64 and
// for x64\Debug\Browse.VC.db, then runs "rundll32 x64\Debug\Browse.VC.db,ENGINE_get_RAND
// 7am1cKZAEb9Nl1pL 4201". Browse.VC.db is the name of Visual Studio's IntelliSense database, a
// file that is never a DLL; here it was the malware. Microsoft's hunting query for the campaign
// (Azure Sentinel ZincJan272021IOCs) adds the other export names its rundll32 command lines used.

rule Comebacker_VS_Project_Build_Event_Runs_Database
{
    meta:
        description = "Visual Studio project whose build event runs a .db file with rundll32, as the ZINC/Comebacker research project did with Browse.VC.db"
        reference = "https://www.microsoft.com/security/blog/2021/01/28/zinc-attacks-against-security-researchers/"
        author = "needle project"
        date = "2026-12-07"
        score = 85
        mitre_attack = "T1127.001, T1218.011, T1195.001"
        keys_on = "an MSBuild project (<Project) whose PreBuildEvent, PostBuildEvent or PreLinkEvent command runs rundll32 on a file ending in .db with an export name after the comma, in a file under 4 MB"
    strings:
        $project = "<Project" ascii nocase
        // rundll32 on a .db file inside the event's command text (which holds no markup).
        $event_rundll_db = /<(PreBuild|PostBuild|PreLink)Event>[ \t\r\n]*(<Message>[^<\x00]{0,500}<\/Message>[ \t\r\n]*)?<Command>[^<\x00]{0,2000}rundll32(\.exe)?[ \t]+"?[^"\r\n<>,]{1,260}\.db"?[ \t]*,[ \t]*[A-Za-z_][A-Za-z0-9_@]{1,64}/ ascii nocase
    condition:
        filesize < 4MB and $project and $event_rundll_db
}

rule Comebacker_VS_Project_Build_Event_Runs_Rundll32
{
    meta:
        description = "Visual Studio project whose build event starts rundll32 (the Comebacker delivery pattern, without the .db file name)"
        reference = "https://www.microsoft.com/security/blog/2021/01/28/zinc-attacks-against-security-researchers/"
        author = "needle project"
        date = "2026-12-07"
        score = 60
        mitre_attack = "T1127.001, T1218.011"
        keys_on = "an MSBuild project whose PreBuildEvent, PostBuildEvent or PreLinkEvent command contains rundll32, in a file under 4 MB; not counted when the .db rule matched"
    strings:
        $project = "<Project" ascii nocase
        // rundll32 inside the event's command text (which holds no markup).
        $event_rundll = /<(PreBuild|PostBuild|PreLink)Event>[ \t\r\n]*(<Message>[^<\x00]{0,500}<\/Message>[ \t\r\n]*)?<Command>[^<\x00]{0,2000}rundll32/ ascii nocase
    condition:
        filesize < 4MB and $project and $event_rundll and
        not Comebacker_VS_Project_Build_Event_Runs_Database
}

rule Comebacker_Rundll32_Export_Command_Line
{
    meta:
        description = "rundll32 command line calling a Comebacker/Klackring export named by Microsoft or Google (ENGINE_get_RAND, sql_blob_open, SSL_HandShaking...)"
        reference = "https://www.microsoft.com/security/blog/2021/01/28/zinc-attacks-against-security-researchers/"
        author = "needle project"
        date = "2026-12-07"
        score = 80
        mitre_attack = "T1218.011"
        keys_on = "rundll32, a file path, a comma and one of the 11 published export names as a whole word, within 300 characters (arguments may be one per line, as in a process command line, or in a task's Arguments element), ASCII or UTF-16, in a file under 4 MB"
    strings:
        $call = /rundll32(\.exe)?"?([ \t\r\n]+|<\/Command>[ \t\r\n]*<Arguments>)[^\x00]{1,300},[ \t]*(ENGINE_get_RAND|SSL_HandShaking|ASN2_TYPE_new|sql_blob_open|cmsSetLogHandlerTHR|ntSystemInfo|SetWebFilterString|CleanupBrokerString|glInitSampler|deflateSuffix|ntWindowsProc)\b/ ascii wide
    condition:
        filesize < 4MB and $call
}
