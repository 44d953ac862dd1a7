//! Copying to the clipboard with OSC 52: the terminal (or tmux, with `set-clipboard on`) puts
//! the text on the clipboard, so it works over SSH without any X or Wayland connection.

use std::io::Write;

/// Past this many bytes of base64 some terminals drop the whole sequence (xterm's default limit
/// is about 100 kB); text that long is refused rather than silently lost.
pub const MOST: usize = 74_994;

/// The OSC 52 sequence that puts `text` on the clipboard (`c`), base64-encoded, ended by BEL.
/// `None` if it is too long to be taken reliably.
pub fn osc52(text: &str) -> Option<String> {
    let encoded = base64(text.as_bytes());
    (encoded.len() <= MOST).then(|| format!("\x1b]52;c;{encoded}\x07"))
}

/// Writes the sequence to the terminal through `out` (the writer frames go through), between
/// two frames, and flushes it, so it never lands in the middle of a frame.
pub fn copy(out: &mut impl Write, text: &str) -> std::io::Result<bool> {
    let Some(sequence) = osc52(text) else {
        return Ok(false);
    };
    out.write_all(sequence.as_bytes())?;
    out.flush()?;
    Ok(true)
}

/// Standard base64 with padding (RFC 4648), as OSC 52 takes it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64("张".as_bytes()), "5byg");
    }

    #[test]
    fn the_sequence_holds_only_base64_between_its_ends_and_a_huge_text_is_refused() {
        let sequence = osc52("Emily\x1b[2J\u{7}").unwrap();
        assert!(sequence.starts_with("\x1b]52;c;") && sequence.ends_with('\x07'));
        let inner = &sequence[7..sequence.len() - 1];
        assert!(
            inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        );
        assert!(osc52(&"x".repeat(60_000)).is_none());
        let mut out = Vec::new();
        assert!(copy(&mut out, "hi").unwrap());
        assert_eq!(out, b"\x1b]52;c;aGk=\x07");
    }
}
