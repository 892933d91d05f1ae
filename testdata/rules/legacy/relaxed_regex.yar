// Written for needle's tests: a legacy regular expression with an unescaped '{', which YARA
// accepts and YARA-X only accepts with --relaxed-re-syntax.
rule Legacy_Unescaped_Brace
{
    meta:
        score = 60
    strings:
        $re = /legacy-marker{x/
    condition:
        $re
}
