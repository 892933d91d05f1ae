// Written for needle's tests: the LOKI/THOR external variables public rule sets use.
rule Loki_Externals_Marker
{
    meta:
        description = "Externals: a .ps1 script owned by someone, with a marker"
        score = 70
    strings:
        $marker = "externals-marker-4d2a"
    condition:
        $marker and extension == ".ps1" and filename matches /\.ps1$/ and filepath contains "scripts"
        and filetype == "UNKNOWN" and owner != "" and md5 != ""
}
