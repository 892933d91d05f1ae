//! ELF facts: machine, type, interpreter, whether symbols were stripped.

use goblin::elf::Elf;
use serde::{Deserialize, Serialize};

use super::BinaryInfo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElfInfo {
    pub machine: String,
    pub bits: u8,
    pub elf_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// No `.symtab` section.
    pub stripped: bool,
}

pub(super) fn parse(data: &[u8]) -> Result<BinaryInfo, String> {
    let elf = Elf::parse(data).map_err(|e| format!("malformed ELF: {e}"))?;
    let stripped = !elf
        .section_headers
        .iter()
        .any(|s| elf.shdr_strtab.get_at(s.sh_name) == Some(".symtab"));
    Ok(BinaryInfo::Elf(ElfInfo {
        machine: goblin::elf::header::machine_to_str(elf.header.e_machine).to_string(),
        bits: if elf.is_64 { 64 } else { 32 },
        elf_type: goblin::elf::header::et_to_str(elf.header.e_type).to_string(),
        interpreter: elf.interpreter.map(str::to_string),
        stripped,
    }))
}
