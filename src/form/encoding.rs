//! Which encoding a form (or a CSV table) is written in: UTF-8 (with or
//! without a byte-order mark), GBK / GB18030 (what Notepad and Excel write on
//! Chinese Windows), or UTF-16 with a byte-order mark — and writing text
//! back in the same encoding, refusing what it cannot hold rather than
//! writing replacement characters (docs/form.md §11.3).

use crate::error::{Error, ErrorKind};

/// An encoding a form may be read in and saved back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK: GB18030's two-byte part, what Chinese Windows calls ANSI.
    Gbk,
    /// GB18030 with four-byte sequences (characters GBK lacks).
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Its usual name: `UTF-8`, `GBK`, `GB18030`, `UTF-16LE`, `UTF-16BE`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The encoding named `name` (case and `-`/`_` ignored: `utf-8`, `gbk`).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match n.as_str() {
            "utf8" => Encoding::Utf8,
            "gbk" | "gb2312" | "cp936" => Encoding::Gbk,
            "gb18030" => Encoding::Gb18030,
            "utf16le" | "utf16" => Encoding::Utf16Le,
            "utf16be" => Encoding::Utf16Be,
            _ => return None,
        })
    }
}

/// Text read from bytes, with how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark; line ends as in the file.
    pub text: String,
    pub encoding: Encoding,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
}

impl Decoded {
    /// The note a command prints when the text was not UTF-8:
    /// `已按 GBK 读取`; `None` for UTF-8.
    pub fn note(&self) -> Option<String> {
        (self.encoding != Encoding::Utf8).then(|| format!("已按 {} 读取", self.encoding.name()))
    }
}

fn error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message)
}

/// The message for bytes that are text in none of the encodings read.
pub const NOT_TEXT: &str = "文件不是文本,或者不是本工具能识别的编码(UTF-8、GBK/GB18030、\
     带字节序标记的 UTF-16);请用记事本打开后另存为 UTF-8 编码";

/// Reads bytes as text. UTF-8 is tried first and strictly, so a UTF-8 file
/// is never misread: a file that is mostly UTF-8 with a damaged byte is
/// reported at that byte (line and column), not read as GBK.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(body, true);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(body, Encoding::Utf16Le);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(body, Encoding::Utf16Be);
    }
    if utf16_without_mark(bytes) {
        return Err(error(NOT_TEXT));
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return utf8(bytes, false);
    }
    // NUL bytes: UTF-16 without a mark, or not text at all.
    if bytes.contains(&0) {
        return Err(error(NOT_TEXT));
    }
    let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    else {
        return Err(error(NOT_TEXT));
    };
    if has_controls(&text) {
        return Err(error(NOT_TEXT));
    }
    // GBK when GBK alone writes the same bytes back.
    let gbk = encode_gb(&text, encoding_rs::GBK).is_ok_and(|b| b == bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: if gbk {
            Encoding::Gbk
        } else {
            Encoding::Gb18030
        },
        bom: false,
    })
}

/// Whether the bytes look like UTF-16 without a byte-order mark: NUL bytes
/// (the other half of every ASCII character), all at even or all at odd
/// offsets. A stray NUL in a UTF-8 file is left to the control-character
/// check, which names its place.
fn utf16_without_mark(bytes: &[u8]) -> bool {
    let nuls: Vec<usize> = memchr::memchr_iter(0, bytes).collect();
    nuls.len() >= 2
        && nuls.len() * 20 >= bytes.len()
        && bytes.len().is_multiple_of(2)
        && nuls.iter().all(|i| i % 2 == nuls[0] % 2)
}

/// Whether bytes that are not valid UTF-8 still hold more valid UTF-8
/// sequences of three or four bytes (every Chinese character in UTF-8) than
/// invalid places: a UTF-8 file with damage or a pasted piece of another
/// encoding. GBK text forms such sequences only by chance, a few among many
/// invalid bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let wide = |s: &[u8]| s.iter().filter(|b| **b >= 0xE0).count();
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                good += wide(rest);
                break;
            }
            Err(e) => {
                let (ok, after) = rest.split_at(e.valid_up_to());
                good += wide(ok);
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    good > bad
}

fn utf8(body: &[u8], bom: bool) -> Result<Decoded, Error> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8,
            bom,
        }),
        Err(e) => {
            let good = &body[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            // The prefix is valid UTF-8 by construction.
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(error(
                "文件混用了编码:大部分是 UTF-8,这里的字节却不是 UTF-8 编码(可能是混入的 GBK 文字,\
                 或文件已损坏);请删去这里的乱码后重新输入",
            )
            .at_line(line, column))
        }
    }
}

fn utf16(body: &[u8], encoding: Encoding) -> Result<Decoded, Error> {
    if !body.len().is_multiple_of(2) {
        return Err(error(NOT_TEXT));
    }
    let units = body.chunks_exact(2).map(|p| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
        _ => u16::from_le_bytes([p[0], p[1]]),
    });
    let text: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| error(NOT_TEXT))?;
    if has_controls(&text) {
        return Err(error(NOT_TEXT));
    }
    Ok(Decoded {
        text,
        encoding,
        bom: true,
    })
}

/// Control characters no text file holds (tab and line ends aside): bytes
/// that decode as GBK only by chance.
fn has_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Writes text in `encoding` (with a byte-order mark when `bom`). A
/// character the encoding lacks is refused, named with its line and column,
/// never replaced.
pub fn encode(text: &str, encoding: Encoding, bom: bool) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(text.len() + 3);
    match encoding {
        Encoding::Utf8 => {
            if bom {
                out.extend_from_slice(b"\xEF\xBB\xBF");
            }
            out.extend_from_slice(text.as_bytes());
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let be = encoding == Encoding::Utf16Be;
            for u in std::iter::once(0xFEFF)
                .filter(|_| bom)
                .chain(text.encode_utf16())
            {
                out.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
        }
        Encoding::Gbk | Encoding::Gb18030 => {
            let target = if encoding == Encoding::Gbk {
                encoding_rs::GBK
            } else {
                encoding_rs::GB18030
            };
            out = encode_gb(text, target).map_err(|at| {
                let c = text[at..].chars().next().unwrap_or('?');
                let before = &text[..at];
                let line = before.matches('\n').count() + 1;
                let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                    .chars()
                    .count()
                    + 1;
                error(format!(
                    "“{c}”(U+{:04X})无法用 {} 编码保存;请改用别的字,或另存为 UTF-8 编码",
                    u32::from(c),
                    encoding.name()
                ))
                .at_line(line, column)
            })?;
        }
    }
    Ok(out)
}

/// GBK or GB18030 bytes, or the byte offset of the first character the
/// encoding lacks.
fn encode_gb(text: &str, target: &'static encoding_rs::Encoding) -> Result<Vec<u8>, usize> {
    let mut encoder = target.new_encoder();
    let mut out = Vec::with_capacity(text.len());
    let mut read = 0;
    loop {
        let room = encoder
            .max_buffer_length_from_utf8_without_replacement(text.len() - read)
            .unwrap_or(text.len() * 4 + 16);
        out.reserve(room);
        let (result, n) =
            encoder.encode_from_utf8_to_vec_without_replacement(&text[read..], &mut out, true);
        read += n;
        match result {
            encoding_rs::EncoderResult::InputEmpty => return Ok(out),
            encoding_rs::EncoderResult::OutputFull => continue,
            encoding_rs::EncoderResult::Unmappable(c) => {
                return Err(read - c.len_utf8());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_tried_first() {
        let d = decode("地区: 示例市\n".as_bytes()).unwrap();
        assert_eq!((d.encoding, d.bom), (Encoding::Utf8, false));
        let d = decode(b"\xEF\xBB\xBFa: 1\n").unwrap();
        assert_eq!((d.text.as_str(), d.bom), ("a: 1\n", true));
        assert_eq!(d.note(), None);
    }

    #[test]
    fn gbk_and_gb18030_are_read_and_written_back() {
        let text = "地区: 示例市\n单位: 某某县科学技术局\n";
        let bytes = encode(text, Encoding::Gbk, false).unwrap();
        assert_ne!(bytes, text.as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, Encoding::Gbk));
        assert_eq!(d.note().as_deref(), Some("已按 GBK 读取"));
        // A character beyond GBK (U+20000) makes it GB18030.
        let rare = "名称: \u{20000}\n";
        let bytes = encode(rare, Encoding::Gb18030, false).unwrap();
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (rare, Encoding::Gb18030));
        assert_eq!(encode(&d.text, d.encoding, false).unwrap(), bytes);
    }

    #[test]
    fn utf16_needs_its_mark() {
        let text = "地区: 示例市\r\n";
        for e in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(text, e, true).unwrap();
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding, d.bom), (text, e, true));
        }
        for no_mark in [
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ] {
            assert_eq!(decode(&no_mark).unwrap_err().message, NOT_TEXT);
        }
        // One stray NUL in UTF-8 is a control character, found later.
        assert!(decode(b"a: 1\0\n").is_ok());
    }

    #[test]
    fn damaged_utf8_is_reported_where_it_breaks() {
        let mut bytes = "地区: 示例市\n单位: 科学技术局\n".as_bytes().to_vec();
        bytes[20] = 0xFF;
        let e = decode(&bytes).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("UTF-8"), "{e}");
    }

    #[test]
    fn binary_is_not_text() {
        for bytes in [
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
            b"\x81\x20\xff\xfe\xfd",
        ] {
            assert_eq!(decode(bytes).unwrap_err().message, NOT_TEXT, "{bytes:?}");
        }
    }

    #[test]
    fn gbk_lacks_are_named() {
        let e = encode("名称: 甲\n说明: 😀\n", Encoding::Gbk, false).unwrap_err();
        assert!(
            e.message.contains("“😀”(U+1F600)无法用 GBK 编码保存"),
            "{e}"
        );
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
    }
}
