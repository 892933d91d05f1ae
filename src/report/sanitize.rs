//! Escaping text from the scanned host (file names, rule metadata) before it reaches a terminal:
//! a hostile name must not be able to move the cursor, recolour or rewrite the screen.

use std::fmt::Write;

/// Escapes control characters (`\n`, `\t`, `\r`, others as `\u{..}`) and the invisible
/// characters that reorder text (a name ending `\u{202e}fdp.exe` reads as `exe.pdf`), keeping
/// the rest.
/// Backslashes stay as they are: Windows paths and IOC regexes must stay readable, and the JSON
/// report is the lossless record.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The bidirectional formatting characters: marks, embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Escapes raw bytes (a path that is not UTF-8): valid UTF-8 runs as [`escape`], other bytes
/// as `\xNN`, so the printed name is unambiguous.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(&escape(chunk.valid()));
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("a\nb\x1b[31mc\\"), "a\\nb\\u{1b}[31mc\\");
        assert_eq!(escape("plain ü"), "plain ü");
        assert_eq!(escape("invoice\u{202e}fdp.exe"), "invoice\\u{202e}fdp.exe");
        assert_eq!(escape_bytes(b"bad\xff\xfename\n"), "bad\\xff\\xfename\\n");
    }
}
