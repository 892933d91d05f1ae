//! Containers: the file formats a disk image is stored in. Each decodes to a [`Disk`].
