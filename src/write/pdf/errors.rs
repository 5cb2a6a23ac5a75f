//! krilla's errors in the clerk's words.

use krilla::configure::ValidationError;
use krilla::error::KrillaError;

use crate::error::{Error, ErrorKind};

/// The Chinese message for a failed PDF export.
pub(super) fn message(e: KrillaError) -> Error {
    let text = match e {
        KrillaError::Font(_, why) => {
            format!("无法把字体嵌入 PDF({why});请换一种字体(--fonts 目录)后再生成")
        }
        KrillaError::Validation(errors) => {
            let mut reasons: Vec<String> = errors.iter().map(|(e, _)| validation(e)).collect();
            reasons.dedup();
            format!(
                "生成的文件不符合 PDF/A-2b,未写出:{};不加 --pdfa 可生成普通 PDF",
                reasons.join(";")
            )
        }
        other => format!("无法生成 PDF:{other}"),
    };
    Error::new(ErrorKind::Io, text)
}

fn validation(e: &ValidationError) -> String {
    match e {
        ValidationError::ContainsNotDefGlyph(_, _, text) => {
            format!("本机字体中都没有“{text}”这个字(PDF/A 不允许缺字)")
        }
        ValidationError::RestrictedLicense(_) => {
            "有字体的授权不允许嵌入存档文件(PDF/A 要求字体可嵌入);请用 --fonts 换用可嵌入的字体"
                .to_string()
        }
        ValidationError::UnicodePrivateArea(_, _, c, _)
        | ValidationError::InvalidCodepointMapping(_, _, c, _) => {
            format!("文字中有无法存档的字符 U+{:04X}", u32::from(*c))
        }
        other => format!("{other:?}"),
    }
}
