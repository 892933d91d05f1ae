//! `needle image ls`: what a disk image contains, layer by layer, without scanning it.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};

use super::ExitCode;
use crate::report::text::Text;
use crate::source::image::container::Format;
use crate::source::image::layout;

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    /// One JSON object per image and line (the `image` object of the scan summary).
    Json,
}

#[derive(Subcommand)]
pub enum ImageCommand {
    /// List the container, partitions and filesystems of disk images (recognised by content;
    /// a file that is not recognised is read as a raw disk). Exit code 2 when an image cannot
    /// be opened.
    Ls {
        /// Image files (E01, raw or split raw .001, qcow2, VMDK, VHD, VHDX).
        #[arg(required = true)]
        images: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

pub fn run(command: ImageCommand) -> Result<ExitCode> {
    let ImageCommand::Ls { images, format } = command;
    let mut code = ExitCode::Clean;
    let stdout = io::stdout();
    let mut text = Text::new(stdout.lock(), false, false);
    for path in &images {
        let opened = layout::recognise(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|format| layout::open(path, format.unwrap_or(Format::Raw)));
        let image = match opened {
            Ok(image) => image,
            Err(message) => {
                eprintln!("needle: error: {}: {message}", path.display());
                code = ExitCode::Error;
                continue;
            }
        };
        match format {
            ListFormat::Text => text.image(&image.layout)?,
            ListFormat::Json => {
                let mut out = io::stdout().lock();
                serde_json::to_writer(&mut out, &image.layout)?;
                writeln!(out)?;
            }
        }
    }
    Ok(code)
}
