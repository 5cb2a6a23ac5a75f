//! Figures referenced inside prose (docs/form.md §9.4): `{名称}` for the whole
//! worded figure, `{名称:数值}` for its value and unit, `{名称:变化}` for its
//! change, `{名称:排名}` for its rank; `{{` and `}}` print `{` and `}`.
//! Full-width braces (`｛名称｝`, what a Chinese input method types) are a
//! reference too when they name a figure; otherwise they are text, and
//! `check` says so (docs/form.md §9.13).
//!
//! [`scan`] reads the references (the form's checks use it to refuse unknown
//! names before anything is written); [`expand`] replaces them with wording.

use super::figure::FigureFacts;

/// Which part of a figure a reference stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `{名称}`: the whole sentence; the figure is then not repeated after the prose.
    Whole,
    /// `{名称:数值}`: value and unit, e.g. `251家`.
    Value,
    /// `{名称:变化}`: the change wording, e.g. `较上年净增76家，增长43.4%`.
    Change,
    /// `{名称:排名}`: the rank, e.g. `居全省第2位`.
    Rank,
}

/// The words accepted after the colon.
pub const PARTS: [&str; 3] = ["数值", "变化", "排名"];

/// One reference in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The 名称 referenced.
    pub name: String,
    /// What of it.
    pub part: Part,
    /// Character offset of the `{` in the text, for locating it.
    pub offset: usize,
    /// Written with full-width braces `｛｝`: a reference only when the name
    /// is a figure's, else text as typed.
    pub full_width: bool,
}

/// A piece of prose: literal text or a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Ref(Ref),
}

/// Why a text's references cannot be read, in Chinese, with the character
/// offset where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// The message.
    pub message: String,
    /// Character offset of the offending `{`.
    pub offset: usize,
}

/// The references of `text` in order.
pub fn scan(text: &str) -> Result<Vec<Ref>, ScanError> {
    if !has_braces(text) {
        return Ok(Vec::new());
    }
    Ok(pieces(text)?
        .into_iter()
        .filter_map(|p| match p {
            Piece::Ref(r) => Some(r),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Full-width braces, as a Chinese input method types them.
const OPEN_FW: char = '\u{ff5b}';
const CLOSE_FW: char = '\u{ff5d}';

/// Whether `text` may hold a reference: a brace of either width.
pub fn has_braces(text: &str) -> bool {
    memchr::memchr2(b'{', b'}', text.as_bytes()).is_some() || text.contains([OPEN_FW, CLOSE_FW])
}

fn pieces(text: &str) -> Result<Vec<Piece>, ScanError> {
    // Most texts have no braces at all: one literal piece.
    if !has_braces(text) {
        return Ok(vec![Piece::Text(text.to_string())]);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => {
                literal.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                literal.push('}');
                i += 2;
            }
            '{' => {
                let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') else {
                    return Err(ScanError {
                        message: "“{”没有配对的“}”;引用指标写作 {名称},要印出“{”请写 {{"
                            .to_string(),
                        offset: i,
                    });
                };
                let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                out.push(Piece::Text(std::mem::take(&mut literal)));
                out.push(Piece::Ref(reference(&inner, i)?));
                i += len + 2;
            }
            // A full-width pair that reads as a reference is one; anything
            // else in full-width braces stays text.
            OPEN_FW => {
                let found = chars[i + 1..]
                    .iter()
                    .position(|&c| c == CLOSE_FW)
                    .map(|len| (len, chars[i + 1..i + 1 + len].iter().collect::<String>()))
                    .filter(|(_, inner)| !inner.contains(['{', '}', OPEN_FW]))
                    .and_then(|(len, inner)| Some((len, reference(&inner, i).ok()?)));
                match found {
                    Some((len, mut r)) => {
                        r.full_width = true;
                        out.push(Piece::Text(std::mem::take(&mut literal)));
                        out.push(Piece::Ref(r));
                        i += len + 2;
                    }
                    None => {
                        literal.push(OPEN_FW);
                        i += 1;
                    }
                }
            }
            c => {
                literal.push(c);
                i += 1;
            }
        }
    }
    out.push(Piece::Text(literal));
    Ok(out)
}

fn reference(inner: &str, offset: usize) -> Result<Ref, ScanError> {
    let (name, part) = match inner.split_once([':', '\u{ff1a}']) {
        None => (inner, Part::Whole),
        Some((name, part)) => {
            let part = match part.trim() {
                "数值" => Part::Value,
                "变化" => Part::Change,
                "排名" => Part::Rank,
                other => {
                    return Err(ScanError {
                        message: format!(
                            "引用“{{{inner}}}”中的“{other}”无法识别;冒号后只能写 数值、变化 或 排名"
                        ),
                        offset,
                    });
                }
            };
            (name, part)
        }
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(ScanError {
            message: "“{}”中缺少指标名称;引用指标写作 {名称},要印出“{”请写 {{".to_string(),
            offset,
        });
    }
    Ok(Ref {
        name: name.to_string(),
        part,
        offset,
        full_width: false,
    })
}

/// `text` with its references replaced by the wording of the figures that
/// `find` returns for their names. A reference `find` does not know (the
/// form's checks refuse those) is printed as written; one in full-width
/// braces stays text.
pub fn expand<'a>(
    text: &str,
    mut find: impl FnMut(&str, Part) -> Option<&'a FigureFacts>,
) -> String {
    expand_with(text, |name, part| {
        find(name, part).map(|f| wording(f, part))
    })
}

/// [`expand`] with the replacement text given by `find` directly (a title
/// may name the form's own values, `{地区}`, as well as figures).
pub fn expand_with(text: &str, mut find: impl FnMut(&str, Part) -> Option<String>) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_string();
    };
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Ref(r) => match find(&r.name, r.part) {
                Some(w) => out.push_str(&w),
                None if r.full_width => out.push_str(&written(&r, OPEN_FW, CLOSE_FW)),
                None => out.push_str(&written(&r, '{', '}')),
            },
        }
    }
    out
}

/// A reference as it was written, between `open` and `close`.
fn written(r: &Ref, open: char, close: char) -> String {
    let part = match r.part {
        Part::Whole => "",
        Part::Value => "\u{ff1a}数值",
        Part::Change => "\u{ff1a}变化",
        Part::Rank => "\u{ff1a}排名",
    };
    format!("{open}{}{part}{close}", r.name)
}

/// `text` with `{{` and `}}` as `{` and `}`: a text where references are
/// refused (地区, 单位 …) may still print braces this way.
pub fn unescape(text: &str) -> String {
    if !text.contains("{{") && !text.contains("}}") {
        return text.to_string();
    }
    text.replace("{{", "{").replace("}}", "}")
}

fn wording(f: &FigureFacts, part: Part) -> String {
    match part {
        Part::Whole => f.sentence.clone(),
        Part::Value => f.amount.clone(),
        Part::Change => f.change.clone().unwrap_or_default(),
        Part::Rank => f.rank.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> FigureFacts {
        FigureFacts {
            name: "揭榜项目".into(),
            amount: "36项".into(),
            change: Some("较上年净增24项\u{ff0c}增长2倍".into()),
            rank: Some("居全省第1位".into()),
            sentence: "揭榜项目36项\u{ff0c}较上年净增24项\u{ff0c}增长2倍".into(),
            ..FigureFacts::default()
        }
    }

    fn run(text: &str) -> String {
        let f = facts();
        expand(text, |n, _| (n == "揭榜项目").then_some(&f))
    }

    #[test]
    fn whole_value_change_and_rank() {
        assert_eq!(
            run("出台政策文件8件。{揭榜项目},带动投入。"),
            "出台政策文件8件。揭榜项目36项\u{ff0c}较上年净增24项\u{ff0c}增长2倍,带动投入。"
        );
        assert_eq!(run("共{揭榜项目:数值}"), "共36项");
        assert_eq!(run("{揭榜项目:变化}"), "较上年净增24项\u{ff0c}增长2倍");
        assert_eq!(run("{揭榜项目\u{ff1a}排名}"), "居全省第1位");
    }

    #[test]
    fn doubled_braces_print_braces() {
        assert_eq!(run("{{甲}}"), "{甲}");
        assert_eq!(unescape("{{甲}}"), "{甲}");
    }

    // ｛揭榜项目｝ typed with a Chinese input method is the same reference;
    // full-width braces around anything else are text.
    #[test]
    fn full_width_braces() {
        assert_eq!(run("共\u{ff5b}揭榜项目\u{ff1a}数值\u{ff5d}"), "共36项");
        assert_eq!(run("\u{ff5b}注\u{ff5d}见附件"), "\u{ff5b}注\u{ff5d}见附件");
        let r = scan("\u{ff5b}甲\u{ff5d}乙{丙}").unwrap();
        assert_eq!((r[0].full_width, r[1].full_width), (true, false));
        assert_eq!(scan("\u{ff5b}\u{ff5d}").unwrap(), []);
    }

    #[test]
    fn scan_finds_names_and_refuses_bad_ones() {
        let r = scan("甲{揭榜项目}乙{丙:数值}").unwrap();
        assert_eq!(r[0].name, "揭榜项目");
        assert_eq!((r[1].part, r[1].offset), (Part::Value, 8));
        assert!(
            scan("{甲:增速}")
                .unwrap_err()
                .message
                .contains("数值、变化 或 排名")
        );
        assert_eq!(scan("甲{乙").unwrap_err().offset, 1);
        assert!(scan("{}").is_err());
    }
}
