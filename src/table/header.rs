//! Which column holds what: the header row is found by its names, also
//! below title rows; pasted cells without one are read by position
//! (docs/form.md §11.1).

use super::Table;
use super::cell::{Cell, column_name};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Name,
    Value,
    Previous,
    Unit,
    Growth,
    /// A rank: the scope and what is ranked, when the header says them
    /// (`全省排名` → 全省, `增幅全省排名` → 增幅, 全省).
    Rank {
        scope: Option<String>,
        object: Option<String>,
    },
    PreviousRank,
    Target,
    Note,
}

impl Column {
    /// The canonical key this column fills (`排名` for both rank columns).
    pub fn key(&self) -> &'static str {
        match self {
            Column::Name => "名称",
            Column::Value => "数值",
            Column::Previous => "上期",
            Column::Unit => "单位",
            Column::Growth => "增速",
            Column::Rank { .. } => "排名",
            Column::PreviousRank => "上期位次",
            Column::Target => "目标",
            Column::Note => "说明",
        }
    }

    /// Two columns of the same kind cannot both be read.
    fn same_kind(&self, other: &Column) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// The order of the form view's figures grid, and of pasted cells without a header.
pub const BY_POSITION: [Column; 7] = [
    Column::Name,
    Column::Value,
    Column::Unit,
    Column::Previous,
    Column::Growth,
    Column::Rank {
        scope: None,
        object: None,
    },
    Column::Note,
];

const NAME: &[&str] = &["名称", "指标", "指标名称", "指标名", "项目", "项目名称"];
const VALUE: &[&str] = &[
    "数值",
    "本期",
    "本年",
    "本期数",
    "本年数",
    "完成",
    "完成数",
    "完成值",
    "本期完成",
    "本年完成",
    "实际完成",
    "本期值",
    "本年累计",
    "本期累计",
    "累计",
    "今年",
    "当年",
    "本年实际",
];
const PREVIOUS: &[&str] = &[
    "上期",
    "上年",
    "上年同期",
    "去年同期",
    "同期",
    "上期数",
    "上年数",
    "上年完成",
    "去年",
    "上年累计",
    "上期值",
    "上年实际",
];
const UNIT: &[&str] = &["单位", "计量单位"];
const GROWTH: &[&str] = &[
    "增速",
    "增长",
    "同比",
    "增长率",
    "同比增长",
    "同比增长率",
    "增幅",
    "增减",
    "增减率",
    "同比增减",
    "比上年增长",
    "比上年增减",
    "比上年增长率",
    "比上年增减率",
];
const RANK: &[&str] = &["排名", "位次", "排位", "名次"];
const SCOPES: &[&str] = &[
    "全国", "全省", "全市", "全区", "全县", "全州", "全盟", "省内", "市内", "区内", "县内",
];
const OBJECTS: &[&str] = &["增幅", "增速", "总量"];
const PREVIOUS_RANK: &[&str] = &[
    "上期位次",
    "上年位次",
    "上期排名",
    "上年排名",
    "去年排名",
    "去年位次",
];
const TARGET: &[&str] = &["目标", "目标值", "年度目标", "全年目标", "计划", "计划数"];
const NOTE: &[&str] = &["说明", "备注"];

/// A header cell's text made comparable: blanks and line breaks out,
/// full-width brackets and `%` half-width, and the bracketed part split
/// off (`本期数(亿元)` → `本期数`, `亿元`).
pub fn normalize(text: &str) -> (String, Option<String>) {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff08}' => '(',
            '\u{ff09}' => ')',
            '\u{ff05}' => '%',
            c => c,
        })
        .collect();
    if let Some(open) = t.find('(')
        && t.ends_with(')')
        && open > 0
    {
        let inner = t[open + 1..t.len() - 1].to_string();
        return (t[..open].to_string(), (!inner.is_empty()).then_some(inner));
    }
    // `增长%` says percent without brackets.
    match t.strip_suffix('%') {
        Some(base) if !base.is_empty() => (base.to_string(), Some("%".into())),
        _ => (t, None),
    }
}

/// The column a header cell names, and the unit its brackets give.
pub fn column(text: &str) -> Option<(Column, Option<String>)> {
    let (base, unit) = normalize(text);
    let b = base.as_str();
    let col = if NAME.contains(&b) {
        Column::Name
    } else if VALUE.contains(&b) {
        Column::Value
    } else if PREVIOUS.contains(&b) {
        Column::Previous
    } else if UNIT.contains(&b) {
        Column::Unit
    } else if GROWTH.contains(&b) {
        Column::Growth
    } else if PREVIOUS_RANK.contains(&b) {
        Column::PreviousRank
    } else if TARGET.contains(&b) {
        Column::Target
    } else if NOTE.contains(&b) {
        Column::Note
    } else {
        rank(b)?
    };
    Some((col, unit))
}

/// `排名`, `全省排名`, `增幅全省位次`, `全省排位` …
fn rank(b: &str) -> Option<Column> {
    let rest = RANK.iter().find_map(|r| b.strip_suffix(r))?;
    let (object, rest) = match OBJECTS
        .iter()
        .find_map(|o| rest.strip_prefix(o).map(|r| (o, r)))
    {
        Some((o, r)) => (Some(o.to_string()), r),
        None => (None, rest),
    };
    let scope = match rest {
        "" => None,
        s if SCOPES.contains(&s) => Some(s.to_string()),
        _ => return None,
    };
    Some(Column::Rank { scope, object })
}

/// A year heading (`2024年`, `2024年1—6月`): its year.
fn year(text: &str) -> Option<u32> {
    let (base, _) = normalize(text);
    let y: String = base.chars().take_while(char::is_ascii_digit).collect();
    if y.len() == 4 && base[4..].starts_with('年') {
        y.parse().ok()
    } else {
        None
    }
}

/// Where the columns are.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The header row (from 0); `None` for pasted cells read by position.
    pub row: Option<usize>,
    /// Each read column: its index, what it holds, the unit its heading gives.
    pub columns: Vec<(usize, Column, Option<String>)>,
    /// Headed columns not read: `F列“来源”`.
    pub unknown: Vec<String>,
}

impl Header {
    /// The column holding `c`'s kind, if any.
    pub fn find(&self, wanted: &Column) -> Option<&(usize, Column, Option<String>)> {
        self.columns.iter().find(|(_, c, _)| c.same_kind(wanted))
    }
}

/// How many title rows may sit above the header.
const SEARCH_ROWS: usize = 30;

/// Why no header was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A row names other columns but none holds names: (row, column).
    NoNameColumn(usize),
    /// No row looks like a header.
    NoHeader,
}

/// Finds the header: the first of the top rows with a name column and at
/// least one other known column (two year headings count as 数值 and 上期).
/// Pasted cells without one are read by position.
pub fn find(table: &Table) -> Result<Header, Missing> {
    let mut no_name = None;
    for (r, row) in table.rows.iter().enumerate().take(SEARCH_ROWS) {
        let header = read_row(r, row);
        let has_name = header.find(&Column::Name).is_some();
        let others = header.columns.len() - usize::from(has_name);
        if has_name && others >= 1 {
            return Ok(header);
        }
        if !has_name && others >= 2 && no_name.is_none() {
            no_name = Some(r);
        }
    }
    if table.pasted && no_name.is_none() {
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        return Ok(Header {
            row: None,
            columns: BY_POSITION
                .iter()
                .take(width)
                .enumerate()
                .map(|(i, c)| (i, c.clone(), None))
                .collect(),
            unknown: (BY_POSITION.len()..width)
                .map(|c| format!("{}列", column_name(c)))
                .collect(),
        });
    }
    Err(no_name.map_or(Missing::NoHeader, Missing::NoNameColumn))
}

/// Row `r` read as a header.
fn read_row(r: usize, row: &[Cell]) -> Header {
    let mut header = Header {
        row: Some(r),
        ..Header::default()
    };
    let mut years: Vec<(u32, usize, String)> = Vec::new();
    for (c, cell) in row.iter().enumerate() {
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        match column(&text) {
            Some((col, unit)) => {
                if let Some((first, _, _)) = header.find(&col) {
                    header.unknown.push(format!(
                        "{}列“{text}”(与{}列重复)",
                        column_name(c),
                        column_name(*first)
                    ));
                } else {
                    header.columns.push((c, col, unit));
                }
            }
            None => match year(&text) {
                Some(y) => years.push((y, c, text)),
                None => header.unknown.push(format!("{}列“{text}”", column_name(c))),
            },
        }
    }
    // Year headings, when no column is named 数值 or 上期: the latest year
    // is this period, the one before it the last.
    years.sort_by_key(|(y, _, _)| std::cmp::Reverse(*y));
    let named = header.find(&Column::Value).is_some() || header.find(&Column::Previous).is_some();
    for (i, (_, c, text)) in years.into_iter().enumerate() {
        let col = match i {
            0 if !named => Column::Value,
            1 if !named => Column::Previous,
            _ => {
                header.unknown.push(format!("{}列“{text}”", column_name(c)));
                continue;
            }
        };
        header.columns.push((c, col, normalize(&text).1));
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_and_variants() {
        for (text, want) in [
            ("指标名称", Column::Name),
            ("项目", Column::Name),
            ("本期数", Column::Value),
            ("本 年", Column::Value),
            ("上年同期", Column::Previous),
            ("计量单位", Column::Unit),
            ("增长率(%)", Column::Growth),
            ("同比增长（%）", Column::Growth),
            (
                "位次",
                Column::Rank {
                    scope: None,
                    object: None,
                },
            ),
            (
                "全省排名",
                Column::Rank {
                    scope: Some("全省".into()),
                    object: None,
                },
            ),
            (
                "增幅全市位次",
                Column::Rank {
                    scope: Some("全市".into()),
                    object: Some("增幅".into()),
                },
            ),
            ("上年位次", Column::PreviousRank),
            ("备注", Column::Note),
        ] {
            assert_eq!(column(text).map(|c| c.0), Some(want), "{text}");
        }
        assert_eq!(column("本期数（亿元）").unwrap().1.as_deref(), Some("亿元"));
        assert_eq!(column("来源"), None);
        assert_eq!(column("揭榜项目"), None);
        assert_eq!(year("2024年"), Some(2024));
        assert_eq!(year("2024年1—6月"), Some(2024));
        assert_eq!(year("2024"), None);
    }
}
