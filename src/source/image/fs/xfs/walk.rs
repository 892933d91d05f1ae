//! What the shared inode walk needs from XFS: inodes, directories, and each regular file's
//! content, unless it lives on the realtime device or claims more bytes than the filesystem.

use std::io;

use super::super::inode_walk::{InodeVolume, Stat, Unread};
use super::super::mapped::MappedFile;
use super::Volume;
use super::bmap::BlockMap;
use super::dir;
use super::inode::Inode;

impl InodeVolume for Volume {
    type Number = u64;
    type Inode = Inode;
    type Content<'a> = MappedFile<BlockMap<'a>>;

    fn root(&self) -> u64 {
        self.sb.root_inode
    }

    fn inode(&self, number: u64) -> io::Result<Inode> {
        Volume::inode(self, number)
    }

    fn stat(&self, inode: &Inode) -> Stat {
        Stat {
            file_type: inode.kind(),
            links: u64::from(inode.links),
            size: inode.size,
        }
    }

    fn read_dir(
        &self,
        dir: &Inode,
        entry: &mut dyn FnMut(u64, &[u8]) -> bool,
        error: &mut dyn FnMut(String),
    ) {
        dir::read(self, dir, entry, error);
    }

    fn content(&self, inode: &Inode) -> Result<MappedFile<BlockMap<'_>>, Unread> {
        if inode.realtime {
            return Err(Unread::NotScanned(
                "data on the realtime device, which is not in the image".into(),
            ));
        }
        // Only a sparse file can be larger than its filesystem, and a flipped bit in the size
        // would otherwise have terabytes of zeros read and hashed.
        let capacity = self.sb.data_bytes();
        if inode.size > capacity {
            return Err(Unread::NotScanned(format!(
                "recorded size larger than the filesystem ({capacity} bytes): sparse or \
                 corrupt, not read"
            )));
        }
        match BlockMap::new(self, inode) {
            Ok(map) => Ok(MappedFile::new(map, inode.size)),
            Err(e) => Err(Unread::Error(e)),
        }
    }

    fn flaw(&self, inode: &Inode) -> Option<String> {
        inode.crc_mismatch.then(|| {
            format!(
                "inode {}: checksum mismatch (the inode was read anyway)",
                inode.number
            )
        })
    }

    /// XFS's inode errors already name the inode.
    fn entry_error(&self, _number: u64, e: io::Error) -> String {
        e.to_string()
    }
}
