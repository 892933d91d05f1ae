// ThreatNeedle persistence: svchost services named after Windows components, registry
// configuration keys and the Startup shortcut (Kaspersky ICS CERT / GReAT, Feb 2021).
// Written by the needle project; see docs/signatures.md.
//
// The service names (Nwsapagent, SRService, NWCWorkstation, WmdmPmSp, PCAudit, helpsvc) are real
// entries of the svchost "netsvcs" group; ThreatNeedle registers its payload under one of them
// with a .sys file name, where the genuine components use a .dll. The .sys form next to the
// service-control API is the strong trait; the bare name next to netsvcs is the weak one.

rule ThreatNeedle_Service_Sys_Payload
{
    meta:
        description = "PE file installing a service with a ThreatNeedle payload file name (component name + .sys)"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 80
        mitre_attack = "T1543.003, T1036.005"
        keys_on = "<name>.sys for one of the six ThreatNeedle service names plus CreateServiceA/W and StartServiceA/W, OpenSCManagerA/W or the netsvcs group, in a PE under 10 MB"
    strings:
        $sys_nwsapagent     = "Nwsapagent.sys" ascii wide nocase
        $sys_srservice      = "SRService.sys" ascii wide nocase
        $sys_nwcworkstation = "NWCWorkstation.sys" ascii wide nocase
        $sys_wmdmpmsp       = "WmdmPmSp.sys" ascii wide nocase
        $sys_pcaudit        = "PCAudit.sys" ascii wide nocase
        $sys_helpsvc        = "helpsvc.sys" ascii wide nocase

        $api_create_a = "CreateServiceA" ascii wide fullword
        $api_create_w = "CreateServiceW" ascii wide fullword
        $api_start_a  = "StartServiceA" ascii wide fullword
        $api_start_w  = "StartServiceW" ascii wide fullword
        $api_scm_a    = "OpenSCManagerA" ascii wide fullword
        $api_scm_w    = "OpenSCManagerW" ascii wide fullword
        $netsvcs      = "netsvcs" ascii wide nocase fullword
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 10MB and
        any of ($sys_*) and
        ($api_create_a or $api_create_w) and
        any of ($api_start_a, $api_start_w, $api_scm_a, $api_scm_w, $netsvcs)
}

rule ThreatNeedle_Netsvcs_Service_Name
{
    meta:
        description = "PE file that creates a service and names the netsvcs group and a ThreatNeedle service name"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 65
        mitre_attack = "T1543.003"
        keys_on = "one of the six ThreatNeedle service names as a whole word, the netsvcs group name and CreateServiceA/W, in a PE under 10 MB (not counted when the .sys rule matched)"
    strings:
        $name_nwsapagent     = "Nwsapagent" ascii wide nocase fullword
        $name_srservice      = "SRService" ascii wide nocase fullword
        $name_nwcworkstation = "NWCWorkstation" ascii wide nocase fullword
        $name_wmdmpmsp       = "WmdmPmSp" ascii wide nocase fullword
        $name_pcaudit        = "PCAudit" ascii wide nocase fullword
        $name_helpsvc        = "helpsvc" ascii wide nocase fullword

        $api_create_a = "CreateServiceA" ascii wide fullword
        $api_create_w = "CreateServiceW" ascii wide fullword
        $netsvcs      = "netsvcs" ascii wide nocase fullword
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 10MB and
        not ThreatNeedle_Service_Sys_Payload and
        any of ($name_*) and $netsvcs and ($api_create_a or $api_create_w)
}

rule ThreatNeedle_Registry_Config_Keys
{
    meta:
        description = "PE file naming the registry keys where ThreatNeedle keeps its RC4-encrypted configuration"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 75
        mitre_attack = "T1112"
        keys_on = "CurrentVersion\\GameConfig with value Description, or CurrentVersion\\KernelConfig with value SubVersion, ASCII or UTF-16, in a PE under 10 MB"
    strings:
        $key_game   = "Microsoft\\Windows\\CurrentVersion\\GameConfig" ascii wide nocase fullword
        $key_kernel = "Microsoft\\Windows\\CurrentVersion\\KernelConfig" ascii wide nocase fullword
        $val_description = "Description" ascii wide fullword
        $val_subversion  = "SubVersion" ascii wide fullword
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 10MB and
        (($key_game and $val_description) or ($key_kernel and $val_subversion))
}

rule ThreatNeedle_Startup_Shortcut_Name
{
    meta:
        description = "PE file naming OneDrives.lnk, the Startup-folder shortcut ThreatNeedle uses for persistence"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-11-27"
        score = 75
        mitre_attack = "T1547.001"
        keys_on = "the shortcut name OneDrives.lnk (note the s; the genuine one is OneDrive.lnk), ASCII or UTF-16, in a PE under 10 MB"
    strings:
        $lnk = "OneDrives.lnk" ascii wide nocase fullword
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and filesize < 10MB and $lnk
}
