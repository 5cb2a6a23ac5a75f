//! Default titles (docs/form.md §4), used when the form has no 标题.
//!
//! Each style's template names its title pattern in its header (`标题: 关于{地区}{主题}工作情况的汇报`);
//! this module parses such a pattern and fills it in. Alternatives are separated
//! by `|`: the first whose fields are all filled is used, the last one always
//! (`在{会议}上的汇报发言 | {主题}工作汇报发言`).

/// The topic when 主题 is absent.
pub const DEFAULT_TOPIC: &str = "科技创新";

/// What a default title is made of, already resolved (defaults applied,
/// placeholders rendered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleParts {
    /// 地区, e.g. `示例市`.
    pub locality: String,
    /// 单位, e.g. `示例市科学技术局`.
    pub organization: String,
    /// 主题, [`DEFAULT_TOPIC`] unless given.
    pub topic: String,
    /// 时期, e.g. `2024年上半年`.
    pub period: String,
    /// 下一时期, e.g. `下半年`.
    pub next_period: String,
    /// 会议, for the 汇报发言 title; an empty one counts as absent.
    pub meeting: Option<String>,
}

/// A field a title pattern may name, spelled `{地区}` … in the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleField {
    /// `{地区}`
    Locality,
    /// `{单位}`
    Organization,
    /// `{主题}`
    Topic,
    /// `{时期}`
    Period,
    /// `{下一时期}`
    NextPeriod,
    /// `{会议}`
    Meeting,
}

/// Every field with its spelling in a pattern, in the order messages list them.
const FIELDS: [(&str, TitleField); 6] = [
    ("地区", TitleField::Locality),
    ("单位", TitleField::Organization),
    ("主题", TitleField::Topic),
    ("时期", TitleField::Period),
    ("下一时期", TitleField::NextPeriod),
    ("会议", TitleField::Meeting),
];

/// One piece of a pattern: literal text or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitlePiece {
    /// Printed as written.
    Text(String),
    /// Replaced by the form's value.
    Field(TitleField),
}

/// A parsed title pattern: one or more alternatives, each a run of pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitlePattern {
    alternatives: Vec<Vec<TitlePiece>>,
}

impl TitlePattern {
    /// Parses `关于{地区}{主题}工作情况的汇报` (alternatives separated by `|`);
    /// the error is a Chinese sentence for the template's author.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut alternatives = Vec::new();
        for alt in text.split('|') {
            let alt = alt.trim();
            if alt.is_empty() {
                return Err(format!("标题格式“{text}”中“|”前后不能为空"));
            }
            alternatives.push(parse_alternative(alt)?);
        }
        Ok(TitlePattern { alternatives })
    }

    /// The alternative used for `parts`: the first whose fields all have a value, else the last.
    fn chosen(&self, parts: &TitleParts) -> &[TitlePiece] {
        self.alternatives
            .iter()
            .find(|alt| {
                alt.iter().all(|p| match p {
                    TitlePiece::Field(f) => !value(*f, parts).is_empty(),
                    TitlePiece::Text(_) => true,
                })
            })
            .or(self.alternatives.last())
            .map_or(&[], Vec::as_slice)
    }
}

fn parse_alternative(alt: &str) -> Result<Vec<TitlePiece>, String> {
    let names = || {
        FIELDS
            .iter()
            .map(|(n, _)| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut pieces = Vec::new();
    let mut rest = alt;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                pieces.push(TitlePiece::Text(rest.to_string()));
                break;
            }
            Some(i) if rest[i..].starts_with('}') => {
                return Err(format!("标题格式“{alt}”中有多余的“}}”"));
            }
            Some(i) => {
                if i > 0 {
                    pieces.push(TitlePiece::Text(rest[..i].to_string()));
                }
                let Some(end) = rest[i..].find('}') else {
                    return Err(format!("标题格式“{alt}”中的“{{”没有对应的“}}”"));
                };
                let name = rest[i + 1..i + end].trim();
                let Some((_, field)) = FIELDS.iter().find(|(n, _)| *n == name) else {
                    return Err(format!("标题格式中不认识“{{{name}}}”,可用:{}", names()));
                };
                pieces.push(TitlePiece::Field(*field));
                rest = &rest[i + end + 1..];
            }
        }
    }
    Ok(pieces)
}

fn value(field: TitleField, p: &TitleParts) -> &str {
    match field {
        TitleField::Locality => &p.locality,
        TitleField::Organization => &p.organization,
        TitleField::Topic => &p.topic,
        TitleField::Period => &p.period,
        TitleField::NextPeriod => &p.next_period,
        TitleField::Meeting => p.meeting.as_deref().unwrap_or(""),
    }
    .trim()
}

/// The title of `pattern` for `parts` as pieces, in order: each literal run and
/// each field's value is its own piece (empty ones left out), so a long title
/// can be broken between pieces, never inside one. Joined, they are the title.
pub fn title_pieces(pattern: &TitlePattern, parts: &TitleParts) -> Vec<String> {
    pattern
        .chosen(parts)
        .iter()
        .map(|p| match p {
            TitlePiece::Text(t) => t.as_str(),
            TitlePiece::Field(f) => value(*f, parts),
        })
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The title of `pattern` for `parts`: [`title_pieces`] joined.
pub fn default_title(pattern: &TitlePattern, parts: &TitleParts) -> String {
    title_pieces(pattern, parts).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(meeting: Option<&str>) -> TitleParts {
        TitleParts {
            locality: "示例市".to_string(),
            organization: "示例市科学技术局".to_string(),
            topic: DEFAULT_TOPIC.to_string(),
            period: "2024年上半年".to_string(),
            next_period: "下半年".to_string(),
            meeting: meeting.map(str::to_string),
        }
    }

    fn title(pattern: &str, p: &TitleParts) -> String {
        default_title(&TitlePattern::parse(pattern).unwrap(), p)
    }

    #[test]
    fn default_topic() {
        assert_eq!(DEFAULT_TOPIC, "科技创新");
    }

    #[test]
    fn fields_are_filled_in() {
        assert_eq!(
            title(
                "{单位}{时期}{主题}工作总结及{下一时期}工作思路",
                &parts(None)
            ),
            "示例市科学技术局2024年上半年科技创新工作总结及下半年工作思路"
        );
        assert_eq!(
            title("关于{地区}{主题}情况的调研报告", &parts(None)),
            "关于示例市科技创新情况的调研报告"
        );
    }

    // The first alternative whose fields are all filled; a blank 会议 is absent.
    #[test]
    fn alternatives_fall_back_to_the_last() {
        let pattern = "在{会议}上的汇报发言 | {主题}工作汇报发言";
        assert_eq!(
            title(pattern, &parts(Some("全市科技创新大会"))),
            "在全市科技创新大会上的汇报发言"
        );
        assert_eq!(title(pattern, &parts(None)), "科技创新工作汇报发言");
        assert_eq!(title(pattern, &parts(Some(" "))), "科技创新工作汇报发言");
    }

    // Literal runs and values are separate pieces; joined they are the title.
    #[test]
    fn pieces_split_at_fields() {
        let pattern = TitlePattern::parse("关于{地区}{主题}工作情况的汇报").unwrap();
        assert_eq!(
            title_pieces(&pattern, &parts(None)),
            ["关于", "示例市", "科技创新", "工作情况的汇报"]
        );
        let mut p = parts(None);
        p.topic = "知识产权".to_string();
        assert_eq!(
            default_title(&pattern, &p),
            "关于示例市知识产权工作情况的汇报"
        );
    }

    #[test]
    fn bad_patterns_are_refused_in_chinese() {
        let err = TitlePattern::parse("关于{地方}的汇报").unwrap_err();
        assert!(
            err.contains("不认识“{地方}”") && err.contains("{下一时期}"),
            "{err}"
        );
        let err = TitlePattern::parse("关于{地区的汇报").unwrap_err();
        assert!(err.contains("没有对应的“}”"), "{err}");
        let err = TitlePattern::parse("关于}的汇报").unwrap_err();
        assert!(err.contains("多余的“}”"), "{err}");
        let err = TitlePattern::parse("在{会议}上 |").unwrap_err();
        assert!(err.contains("不能为空"), "{err}");
    }
}
