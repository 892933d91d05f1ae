// Written for needle's tests: a module YARA-X does not have.
import "nosuchmodule"

rule Uses_Unknown_Module
{
    condition:
        nosuchmodule.value == 1
}
