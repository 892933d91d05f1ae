//! Office documents: OLE2 compound files, the VBA macros inside them, the objects that documents
//! embed (OLE1 objects in RTF, Ole10Native packages, PowerPoint OLE storages), and the
//! relationships of Office Open XML packages.

pub mod embedded;
pub mod ole;
pub mod ooxml;
pub mod vba;

#[cfg(test)]
mod tests;
