//! Figures in from where clerks keep them (docs/form.md §11): an Excel, WPS
//! or LibreOffice sheet, a CSV in any encoding Chinese Windows writes, or
//! cells pasted from one — read by the same header rules, merged into a
//! form's 主要指标 by 名称 through the edit engine. `huibao import` and
//! `huibao serve` (`POST /api/import`, the figures grid's paste) share it.

mod cell;
mod figures;
mod formats;
mod header;
mod merge;
mod read;
mod xls;

pub use cell::{Cell, Shown, address, column_name};
pub use header::{BY_POSITION, Column};
pub use merge::{Changed, FieldChange, Summary, split_rank};
pub use read::{MAX_TABLE_BYTES, pasted, read};

use crate::error::{Error, ErrorKind};
use crate::form::edit::Source;

/// A table as read: rows of cells from the sheet's first row and column.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file name, as the clerk named it (`指标.xlsx`, `粘贴的表格`).
    pub source: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// What reading it found worth saying (`已按 GBK 读取`).
    pub notes: Vec<String>,
    /// How a CSV or text table was encoded (`None` for a workbook).
    pub encoding: Option<crate::form::Encoding>,
    /// Cells pasted from a spreadsheet: without a header row they are read
    /// by position ([`BY_POSITION`]).
    pub pasted: bool,
}

impl Table {
    /// The table as messages name it: `指标.xlsx 主要指标` or `指标.csv`.
    pub fn label(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{} {s}", self.source),
            None => self.source.clone(),
        }
    }

    /// A cell as messages name it: `指标.xlsx 主要指标!C7`, `指标.csv C7`.
    pub fn address(&self, row: usize, col: usize) -> String {
        match &self.sheet {
            Some(s) => format!("{} {s}!{}", self.source, address(row, col)),
            None => format!("{} {}", self.source, address(row, col)),
        }
    }

    fn cell_error(&self, row: usize, col: usize, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Form, message).in_file(self.address(row, col))
    }
}

/// A form with a table's figures merged in.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The form's new text.
    pub text: String,
    pub summary: Summary,
}

/// Merges the figures of `table` into the form `form_text` (`form_name` in
/// messages): by 名称 into 主要指标; with `fresh`, `form_text` is the blank
/// template and its sample figures give way. Nothing is returned unless
/// every row reads and the merged form reads as well as the form did: an
/// error names the cell (`指标.xlsx 主要指标!C7`) where it can.
pub fn import(
    form_text: &str,
    form_name: &str,
    table: &Table,
    fresh: bool,
) -> Result<Imported, Error> {
    let head = header::find(table).map_err(|missing| match missing {
        header::Missing::NoNameColumn(row) => table.cell_error(
            row,
            0,
            "表头中没有名称列;请把指标名称所在列的表头写作 名称、指标、指标名称 或 项目",
        ),
        header::Missing::NoHeader => Error::new(
            ErrorKind::Form,
            "找不到表头:前 30 行中没有一行写着 名称(或 指标、指标名称、项目)和 数值(或 本期、本年、上期 等);\
             请在数据上方加一行表头",
        )
        .in_file(table.label()),
    })?;
    let read =
        figures::read(table, &head).map_err(|e| table.cell_error(e.row, e.col, e.message))?;
    let name_col = head.find(&Column::Name).map_or(0, |c| c.0);
    for (i, f) in read.figures.iter().enumerate() {
        if let Some(first) = read.figures[..i].iter().find(|g| g.name == f.name) {
            return Err(table.cell_error(
                f.row,
                name_col,
                format!(
                    "“{}”在第{}行已经出现过,同一指标只能有一行",
                    f.name,
                    first.row + 1
                ),
            ));
        }
    }
    if read.figures.is_empty() {
        return Err(Error::new(ErrorKind::Form, "表头下面没有可导入的指标").in_file(table.label()));
    }
    // A form that read before must read after: the import adds no error.
    let read_before = crate::pipeline::parse(form_text.as_bytes(), form_name).is_ok();
    let mut source = Source::parse(form_text).map_err(|e| e.in_file(form_name))?;
    let (mut summary, rows_at) =
        merge::merge(&mut source, &read.figures, fresh).map_err(|e| e.in_file(form_name))?;
    let text = source.text().to_string();
    if read_before && let Err(e) = crate::pipeline::parse(text.as_bytes(), form_name) {
        return Err(blame_cell(e, table, &read.figures, &rows_at));
    }
    let mut notes: Vec<String> = table.notes.clone();
    if !head.unknown.is_empty() {
        notes.push(format!("未导入的列:{}", head.unknown.join("、")));
    }
    notes.extend(read.notes);
    notes.append(&mut summary.notes);
    if !read_before {
        notes.push("表单本身还有错误,导入后请用 huibao check 检查".into());
    }
    summary.notes = notes;
    Ok(Imported { text, summary })
}

/// A form error after merging, told at the cell that caused it when the
/// field came from the table (`主要指标[3].增速` ← E5).
fn blame_cell(
    e: Error,
    table: &Table,
    figures: &[figures::Figure],
    rows_at: &[(usize, usize)],
) -> Error {
    let Some(path) = e.path.as_deref() else {
        return e;
    };
    let Some(rest) = path.strip_prefix("主要指标[") else {
        return e;
    };
    let Some((index, key)) = rest.split_once(']') else {
        return e;
    };
    let Ok(j) = index.parse::<usize>() else {
        return e;
    };
    let key = key
        .trim_start_matches('.')
        .split(['.', '['])
        .next()
        .unwrap_or_default();
    let Some(&(_, row)) = rows_at.iter().find(|(at, _)| *at == j) else {
        return e;
    };
    let Some(figure) = figures.iter().find(|f| f.row == row) else {
        return e;
    };
    match figure.column_of(key) {
        Some(col) => table.cell_error(row, col, format!("导入后{}", e.message)),
        None => e,
    }
}
