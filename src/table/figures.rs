//! The rows of a table read as figures: a name, and the values of the
//! columns the header named, each checked where it stands (a cell that is
//! not a number is an error with its address, `指标.xlsx 主要指标!C7`).

use super::Table;
use super::cell::{Cell, column_name};
use super::header::{Column, Header};

/// One row read as a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The row, from 0.
    pub row: usize,
    pub name: String,
    /// Each value with the canonical key it fills and its column:
    /// 数值, 单位, 上期, 增速, 目标, 说明.
    pub values: Vec<(&'static str, String, usize)>,
    pub rank: Option<Rank>,
}

impl Figure {
    /// The value of `key`, if the row gives one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, _)| v.as_str())
    }

    /// The column a key's value came from.
    pub fn column_of(&self, key: &str) -> Option<usize> {
        match key {
            "排名" | "位次" | "范围" | "上期位次" => self.rank.as_ref().map(Rank::column),
            _ => self
                .values
                .iter()
                .find(|(k, _, _)| *k == key)
                .map(|(_, _, c)| *c),
        }
    }
}

/// A rank from the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Rank {
    /// Written whole in the cell: `全省第2位`.
    Text(String, usize),
    /// A place under a header naming the scope (`全省排名` with 2), and/or
    /// last period's place.
    Place {
        scope: Option<String>,
        object: Option<String>,
        place: Option<String>,
        previous: Option<String>,
        column: usize,
    },
}

impl Rank {
    fn column(&self) -> usize {
        match self {
            Rank::Text(_, c) | Rank::Place { column: c, .. } => *c,
        }
    }
}

/// A cell error: its row and column and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub row: usize,
    pub col: usize,
    pub message: String,
}

/// Cells meaning "no value" in statistics tables.
const NO_VALUE: &[&str] = &[
    "—",
    "——",
    "-",
    "--",
    "－",
    "－－",
    "/",
    "／",
    "…",
    "……",
    "...",
    "无",
    "不适用",
];

/// A number cell read for a number field.
enum Num {
    /// Nothing in the cell.
    Empty,
    /// `—`, `-`, `/`: no value.
    None,
    /// The number as written into the form, and whether it was a percent.
    Some(String, bool),
}

fn number(cell: &Cell) -> Result<Num, String> {
    let t = match cell {
        Cell::Empty => return Ok(Num::Empty),
        Cell::Number(n) => return Ok(Num::Some(n.text.clone(), n.percent)),
        Cell::Text(t) => t.trim(),
    };
    if t.is_empty() {
        return Ok(Num::Empty);
    }
    if NO_VALUE.contains(&t) {
        return Ok(Num::None);
    }
    let (t, percent) = match t.strip_suffix(['%', '\u{ff05}']) {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let written = half_width_number(t);
    crate::form::check_number(&written)?;
    Ok(Num::Some(written, percent))
}

/// Full-width digits and marks half-width; thousands separators dropped
/// (`１,２６８` → `1268`); a qualifier such as 近 or 余 kept.
fn half_width_number(t: &str) -> String {
    let chars: Vec<char> = t
        .chars()
        .map(|c| match c {
            '\u{ff10}'..='\u{ff19}' => char::from(b'0' + (c as u32 - 0xff10) as u8),
            '\u{ff0e}' => '.',
            '\u{ff0c}' => ',',
            '\u{ff0d}' | '\u{2212}' => '-',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| !(*c == ',' && i > 0 && digit(i - 1) && digit(i + 1)))
        .map(|(_, c)| *c)
        .collect()
}

/// A place in a rank cell: `2`, `第2位`, `第2名`, `2位`.
fn place(t: &str) -> Option<String> {
    let t = half_width_number(t.trim());
    let t = t.strip_prefix('第').unwrap_or(&t);
    let t = t.strip_suffix(['位', '名']).unwrap_or(t);
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_string())
}

/// What reading the rows found.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub figures: Vec<Figure>,
    /// Rows and columns left out, each said once.
    pub notes: Vec<String>,
}

/// Reads the rows below the header as figures.
pub fn read(table: &Table, header: &Header) -> Result<Read, CellError> {
    let mut out = Read::default();
    let Some((name_col, _, _)) = header.find(&Column::Name).cloned() else {
        return Ok(out);
    };
    let first = header.row.map_or(0, |r| r + 1);
    let mut unheaded: Vec<usize> = Vec::new();
    let mut scopeless_rank = None;
    for (r, row) in table.rows.iter().enumerate().skip(first) {
        let cell = |c: usize| row.get(c).unwrap_or(&Cell::Empty);
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        for (c, v) in row.iter().enumerate() {
            let read = header.columns.iter().any(|(hc, _, _)| *hc == c);
            if !v.is_empty() && !read && header.row.is_some() && !unheaded.contains(&c) {
                let headed = header
                    .row
                    .and_then(|h| table.rows[h].get(c))
                    .is_some_and(|h| !h.is_empty());
                if !headed {
                    unheaded.push(c);
                }
            }
        }
        let others_empty = header
            .columns
            .iter()
            .filter(|(c, _, _)| *c != name_col)
            .all(|(c, _, _)| cell(*c).is_empty());
        let raw = cell(name_col).text().replace(['\r', '\n'], "");
        let raw = raw.trim();
        if raw.is_empty() {
            out.notes
                .push(format!("第{}行有数据但没有名称,未导入", r + 1));
            continue;
        }
        if others_empty && (is_note(raw) || is_category(raw)) {
            out.notes
                .push(format!("第{}行“{raw}”不是指标,未导入", r + 1));
            continue;
        }
        let name = clean_name(raw);
        let mut figure = Figure {
            row: r,
            name: name.to_string(),
            values: Vec::new(),
            rank: None,
        };
        let mut percent_value = false;
        let mut rank_place: Option<(String, usize)> = None;
        let mut previous_place: Option<(String, usize)> = None;
        for (c, column, unit_hint) in &header.columns {
            let at = |message: String| CellError {
                row: r,
                col: *c,
                message,
            };
            let cell = cell(*c);
            match column {
                Column::Name => {}
                Column::Value | Column::Previous | Column::Growth | Column::Target => {
                    match number(cell).map_err(at)? {
                        Num::Some(v, percent) => {
                            if *column == Column::Value {
                                percent_value = percent || unit_hint.as_deref() == Some("%");
                            }
                            figure.values.push((column.key(), v, *c));
                        }
                        // An empty 数值 is a value still to find: a placeholder.
                        Num::Empty if *column == Column::Value => {
                            figure.values.push(("数值", "xx".into(), *c));
                        }
                        Num::Empty | Num::None => {}
                    }
                }
                Column::Unit | Column::Note => {
                    let t = cell.text();
                    if !t.is_empty() && !NO_VALUE.contains(&t.as_str()) {
                        figure.values.push((column.key(), t, *c));
                    }
                }
                Column::Rank { scope, .. } => {
                    let t = cell.text();
                    if t.is_empty() || NO_VALUE.contains(&t.as_str()) {
                        continue;
                    }
                    match place(&t) {
                        Some(p) if scope.is_some() => rank_place = Some((p, *c)),
                        Some(_) => scopeless_rank = Some(*c),
                        None if super::split_rank(&t).is_some() => {
                            figure.rank = Some(Rank::Text(t, *c));
                        }
                        None => return Err(at(format!("“{t}”不是位次(应写作 2 或 第2位)"))),
                    }
                }
                Column::PreviousRank => {
                    let t = cell.text();
                    if t.is_empty() || NO_VALUE.contains(&t.as_str()) {
                        continue;
                    }
                    match place(&t) {
                        Some(p) => previous_place = Some((p, *c)),
                        None => return Err(at(format!("“{t}”不是位次(应写作 2 或 第2位)"))),
                    }
                }
            }
        }
        if figure.get("单位").is_none() {
            let hint = header
                .find(&Column::Value)
                .and_then(|(c, _, u)| u.clone().map(|u| (u, *c)));
            if percent_value {
                let c = header.find(&Column::Value).map_or(name_col, |h| h.0);
                figure.values.push(("单位", "%".into(), c));
            } else if let Some((u, c)) = hint {
                figure.values.push(("单位", u, c));
            }
        }
        if figure.rank.is_none() && (rank_place.is_some() || previous_place.is_some()) {
            let (scope, object) = match header.find(&Column::Rank {
                scope: None,
                object: None,
            }) {
                Some((_, Column::Rank { scope, object }, _)) => (scope.clone(), object.clone()),
                _ => (None, None),
            };
            let column = rank_place
                .as_ref()
                .or(previous_place.as_ref())
                .map_or(name_col, |p| p.1);
            figure.rank = Some(Rank::Place {
                scope,
                object,
                place: rank_place.map(|p| p.0),
                previous: previous_place.map(|p| p.0),
                column,
            });
        }
        out.figures.push(figure);
    }
    if let Some(c) = scopeless_rank {
        out.notes.push(format!(
            "{}列的排名只写了位次,没有写范围,未导入;请把表头写作 全省排名、全市排名 等",
            column_name(c)
        ));
    }
    for c in unheaded {
        out.notes
            .push(format!("{}列没有表头,未导入", column_name(c)));
    }
    Ok(out)
}

/// `注：…`, `资料来源：…`: a note under the table.
fn is_note(name: &str) -> bool {
    ["注", "说明", "备注", "资料来源", "数据来源", "来源"]
        .iter()
        .any(|p| {
            name.strip_prefix(p)
                .is_some_and(|r| r.starts_with([':', '\u{ff1a}']) || r.is_empty())
        })
}

/// `一、创新投入`, `（二）成果转化`: a heading between groups of figures.
fn is_category(name: &str) -> bool {
    let numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let chars: Vec<char> = name.chars().collect();
    let n = chars.iter().take_while(|c| numeral(c)).count();
    if n > 0 && chars.get(n) == Some(&'\u{3001}') {
        return true;
    }
    if matches!(chars.first(), Some('(' | '\u{ff08}')) {
        let k = chars[1..].iter().take_while(|c| numeral(c)).count();
        return k > 0 && matches!(chars.get(k + 1), Some(')' | '\u{ff09}'));
    }
    false
}

/// A name without the numbering or `其中：` a table puts before it.
fn clean_name(raw: &str) -> &str {
    let t = raw
        .strip_prefix("其中")
        .and_then(|r| r.strip_prefix([':', '\u{ff1a}']))
        .unwrap_or(raw)
        .trim();
    // `1.` `1、` `（1）` before a name; `5G基站` keeps its digits.
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', '\u{3001}', '\u{ff0e}']) {
            return r.trim();
        }
    }
    if let Some(r) = t.strip_prefix(['(', '\u{ff08}']) {
        let d = r.chars().take_while(char::is_ascii_digit).count();
        if d > 0
            && let Some(rest) = r[d..].strip_prefix([')', '\u{ff09}'])
        {
            return rest.trim();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_write_them() {
        let n = |t: &str| match number(&Cell::Text(t.into())) {
            Ok(Num::Some(v, p)) => Ok(Some((v, p))),
            Ok(_) => Ok(None),
            Err(e) => Err(e),
        };
        assert_eq!(n("1,268"), Ok(Some(("1268".into(), false))));
        assert_eq!(n("１２６８"), Ok(Some(("1268".into(), false))));
        assert_eq!(n("18.4%"), Ok(Some(("18.4".into(), true))));
        assert_eq!(n("近300"), Ok(Some(("近300".into(), false))));
        assert_eq!(n("—"), Ok(None));
        assert_eq!(n("/"), Ok(None));
        assert!(n("约三成").unwrap_err().contains("约三成"));
    }

    #[test]
    fn names_and_places() {
        assert_eq!(clean_name("其中：国家级孵化器"), "国家级孵化器");
        assert_eq!(clean_name("1.研发投入"), "研发投入");
        assert_eq!(clean_name("（2）专利"), "专利");
        assert_eq!(clean_name("5G基站"), "5G基站");
        assert!(is_category("一、创新投入"));
        assert!(is_category("（二）成果转化"));
        assert!(!is_category("一流学科"));
        assert!(is_note("注：数据来源于统计局"));
        assert_eq!(place("第2位").as_deref(), Some("2"));
        assert_eq!(place("3").as_deref(), Some("3"));
        assert_eq!(place("全省第2位"), None);
    }
}
