// Lazarus AppleJeus: trojanised cryptocurrency trading applications for Windows and macOS (CISA,
// FBI and Treasury AA21-048A, Feb 2021; Kaspersky "Operation AppleJeus", Aug 2018, and "Operation
// AppleJeus Sequel", Jan 2020; Objective-See's analyses of JMT Trading, Oct 2019, and Union
// Crypto, Dec 2019). Written by the needle project; see docs/signatures.md. No rule text is
// copied from public rule sets.
//
// The macOS installers are unsigned packages whose postinstall script moves a hidden property
// list out of the application bundle into /Library/LaunchDaemons and a hidden updater binary into
// a folder of /Library, then starts it. The published scripts (JMTTrader.pkg):
//   mv /Applications/JMTTrader.app/Contents/Resources/.org.jmttrading.plist
//      /Library/LaunchDaemons/org.jmttrading.plist
//   mv /Applications/JMTTrader.app/Contents/Resources/.CrashReporter /Library/JMTTrader/CrashReporter
// and the same with .com.celastradepro.plist (Celas Trade Pro) and .vip.unioncrypto.plist /
// .unioncryptoupdater (Union Crypto). The plist names and install paths are filename IOCs in
// signatures/iocs/applejeus-filename-iocs.txt; these rules read the scripts and any other file
// that carries the names.

rule AppleJeus_Published_LaunchDaemon_Name
{
    meta:
        description = "File naming a LaunchDaemon property list that an AppleJeus installer writes (org.jmttrading, com.celastradepro, vip.unioncrypto)"
        reference = "https://us-cert.cisa.gov/ncas/alerts/aa21-048a"
        author = "needle project"
        date = "2026-12-07"
        score = 70
        mitre_attack = "T1543.004"
        keys_on = "/Library/LaunchDaemons/ followed by org.jmttrading.plist, com.celastradepro.plist or vip.unioncrypto.plist (hidden dot form too), ASCII or UTF-16, any case, in a file under 16 MB; YARA rule sources are left out"
    strings:
        $daemon = /\/Library\/LaunchDaemons\/\.?(org\.jmttrading|com\.celastradepro|vip\.unioncrypto)\.plist/ ascii wide nocase
        $yara_strings_section   = /\n[ \t]*strings:[ \t]*\r?\n/
        $yara_condition_section = /\n[ \t]*condition:[ \t]*\r?\n/
    condition:
        filesize < 16MB and $daemon and
        not ($yara_strings_section and $yara_condition_section)
}

rule AppleJeus_Postinstall_Hidden_LaunchDaemon
{
    meta:
        description = "Installer script moving a hidden property list out of an application bundle into /Library/LaunchDaemons, the AppleJeus postinstall pattern"
        reference = "https://objective-see.org/blog/blog_0x49.html"
        author = "needle project"
        date = "2026-12-07"
        score = 65
        mitre_attack = "T1543.004, T1059.004, T1564.001"
        keys_on = "a shell script (#! at 0) under 64 KB with mv or cp of /Applications/<name>.app/Contents/Resources/.<hidden>.plist to /Library/LaunchDaemons/; not counted when the published-name rule matched"
    strings:
        $move = /\b(mv|cp)[ \t]+(-[a-zA-Z]+[ \t]+)*"?\/Applications\/[^\/\r\n]{1,100}\.app\/Contents\/Resources\/\.[^\/\s"]{1,100}\.plist"?[ \t]+(\\[ \t]*\r?\n[ \t]*)?"?\/Library\/LaunchDaemons\// ascii
    condition:
        uint16(0) == 0x2123 and filesize < 64KB and $move and
        not AppleJeus_Published_LaunchDaemon_Name
}
