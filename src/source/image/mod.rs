//! Disk images as a source of files, read without mounting, without root and without writing:
//! a container ([`container`]: raw, E01, qcow2, VMDK, VHD, VHDX) decodes to a [`disk::Disk`];
//! the volume system ([`volume`]: GPT, MBR) splits it into volumes; each volume's filesystem
//! ([`fs`]: NTFS, ext2/3/4, FAT, exFAT) lists and streams its files; [`layout`] opens an image through
//! these layers and [`files`] yields its files as the scan's items.

mod bytes;
pub mod container;
pub mod disk;
pub mod files;
pub mod fs;
pub mod layout;
pub mod volume;
