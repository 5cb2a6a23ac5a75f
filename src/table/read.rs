//! Reading a table: a workbook sheet through calamine (with the number
//! formats of [`super::formats`]), a CSV or tab-separated text in any
//! encoding a form may be in, or cells pasted from a spreadsheet.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::Table;
use super::cell::Cell;
use super::formats;
use crate::error::{Error, ErrorKind};
use crate::form::encoding;

/// Largest table file read: a statistics table is kilobytes.
pub const MAX_TABLE_BYTES: usize = 20 << 20;
/// Most rows read from a sheet; a form holds at most 99 figures a list.
pub const MAX_ROWS: usize = 2_000;
/// Most columns read.
pub const MAX_COLUMNS: usize = 60;
/// Most bytes a workbook may unpack to, against zip bombs.
const MAX_UNPACKED: u64 = 200 << 20;

fn error(source: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message).in_file(source)
}

/// What kind of file, by its name and its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xls,
    Ods,
    Text,
}

fn kind(name: &str, bytes: &[u8]) -> Kind {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext {
        "xlsx" | "xlsm" => Kind::Xlsx,
        "xls" | "et" => Kind::Xls,
        "ods" => Kind::Ods,
        "csv" | "txt" | "tsv" => Kind::Text,
        _ if bytes.starts_with(b"PK\x03\x04") => {
            if bytes
                .windows(39)
                .take(200)
                .any(|w| w == b"application/vnd.oasis.opendocument.spre")
            {
                Kind::Ods
            } else {
                Kind::Xlsx
            }
        }
        _ if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => Kind::Xls,
        _ => Kind::Text,
    }
}

/// Reads a table file's bytes; `name` (the file name) picks the reader and
/// names the table in messages; `sheet` picks a workbook's sheet (the first
/// when `None`).
pub fn read(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, Error> {
    if bytes.len() > MAX_TABLE_BYTES {
        return Err(error(
            name,
            format!("表格文件过大({} 字节),上限为 20 MiB", bytes.len()),
        ));
    }
    match kind(name, bytes) {
        Kind::Text => {
            if sheet.is_some() {
                return Err(error(name, "CSV 或文本表格只有一张表,不能用 --sheet 选择"));
            }
            text(name, bytes)
        }
        // calamine panics on some damaged files (a truncated .xls): such a
        // file is unreadable like any other, and the panic is not shown.
        k => quietly(|| workbook(name, bytes, k, sheet)).unwrap_or_else(|| {
            Err(error(
                name,
                "无法读取这个表格文件;请确认它是 Excel、WPS 表格或 ODS 文件,没有损坏,也没有设置密码",
            ))
        }),
    }
}

thread_local! {
    /// Set while a workbook is read: a panic then prints nothing.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, `None` if it panics; the panic message is not printed (the
/// hook installed once passes every other panic to the one before it).
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.ok()
}

/// Cells pasted from a spreadsheet: tab-separated rows.
pub fn pasted(name: &str, text: &str) -> Result<Table, Error> {
    let rows = split(name, text, b'\t')?;
    Ok(Table {
        source: name.to_string(),
        sheet: None,
        rows,
        notes: Vec::new(),
        encoding: None,
        pasted: true,
    })
}

/// A CSV or tab-separated text file.
fn text(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    let decoded = encoding::decode(bytes).map_err(|e| {
        let mut e = e.in_file(name);
        e.message = e.message.replace("文件不是文本", "表格文件不是文本");
        e
    })?;
    // Tab-separated when its first lines have tabs and no more commas.
    let head: String = decoded.text.lines().take(20).collect();
    let tabs = head.matches('\t').count();
    let commas = head.matches(',').count();
    let delimiter = if tabs > 0 && tabs >= commas {
        b'\t'
    } else {
        b','
    };
    let rows = split(name, &decoded.text, delimiter)?;
    Ok(Table {
        source: name.to_string(),
        sheet: None,
        rows,
        notes: decoded.note().into_iter().collect(),
        encoding: Some(decoded.encoding),
        pasted: false,
    })
}

/// Rows of a delimited text, every cell text.
fn split(name: &str, text: &str, delimiter: u8) -> Result<Vec<Vec<Cell>>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            let mut err = error(name, "表格的格式有误(多半是引号没有配对),无法读取");
            if let Some(l) = line {
                err = err.at_line(l, 1);
            }
            err
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(name));
        }
        rows.push(
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(rows)
}

fn too_many_rows(name: &str) -> Error {
    error(
        name,
        format!("表格超过 {MAX_ROWS} 行;请只保留要导入的指标后再导入"),
    )
}

/// A sheet of a workbook.
fn workbook(name: &str, bytes: &[u8], kind: Kind, sheet: Option<&str>) -> Result<Table, Error> {
    if kind != Kind::Xls {
        check_unpacked(name, bytes)?;
    }
    // calamine's reasons are English and technical: the clerk is told what to check.
    let unreadable = |_: calamine::Error| {
        error(
            name,
            "无法读取这个表格文件;请确认它是 Excel、WPS 表格或 ODS 文件,没有损坏,也没有设置密码",
        )
    };
    let cursor = Cursor::new(bytes);
    let mut book: calamine::Sheets<Cursor<&[u8]>> = match kind {
        Kind::Xlsx => calamine::Sheets::Xlsx(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(calamine::Error::Xlsx(e)))?,
        ),
        Kind::Ods => calamine::Sheets::Ods(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(calamine::Error::Ods(e)))?,
        ),
        _ => calamine::Sheets::Xls(
            calamine::open_workbook_from_rs(cursor)
                .map_err(|e| unreadable(calamine::Error::Xls(e)))?,
        ),
    };
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                error(
                    name,
                    format!("没有名为“{s}”的工作表;这个文件里有:{}", names.join("、")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| error(name, "这个表格文件里没有工作表"))?,
    };
    let range = book.worksheet_range(&chosen).map_err(unreadable)?;
    let formats = match kind {
        Kind::Xlsx => formats::xlsx(bytes, &chosen),
        Kind::Ods => formats::ods(bytes, &chosen),
        _ => super::xls::formats(bytes, &chosen),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    let mut fractions = false;
    for (i, row) in range.rows().enumerate() {
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(name));
        }
        let r = top + i as u32;
        let mut cells = vec![Cell::Empty; (left as usize).min(MAX_COLUMNS)];
        for (j, data) in row.iter().enumerate() {
            let c = left + j as u32;
            if c as usize >= MAX_COLUMNS {
                break;
            }
            let format = formats.get(&(r, c)).copied().unwrap_or_default();
            let value = |v: f64| Cell::Number(format.show(v));
            cells.push(match data {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => value(*i as f64),
                Data::Float(f) => {
                    fractions |= f.fract() != 0.0;
                    value(*f)
                }
                Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
                Data::DateTime(d) => Cell::Text(d.to_string()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Text(e.to_string()),
            });
        }
        rows.push(cells);
    }
    let mut notes = Vec::new();
    // An .xls file whose formats could not be read (not BIFF8, damaged):
    // a percent cell may read as its fraction.
    if kind == Kind::Xls && formats.is_empty() && fractions {
        notes.push(
            "这是旧式 .xls 文件,读不出单元格的显示格式:若百分比单元格(如显示为 18.4%)读成了 0.184,\
             请把文件另存为 .xlsx 后再导入"
                .to_string(),
        );
    }
    Ok(Table {
        source: name.to_string(),
        sheet: Some(chosen),
        rows,
        notes,
        encoding: None,
        pasted: false,
    })
}

/// Refuses a zip package whose parts would unpack to more than
/// [`MAX_UNPACKED`] (a "zip bomb"), from the sizes it declares.
fn check_unpacked(name: &str, bytes: &[u8]) -> Result<(), Error> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // calamine reports an unreadable package
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            total = total.saturating_add(f.size());
        }
    }
    if total > MAX_UNPACKED {
        return Err(error(name, "表格文件解压后过大,不予读取"));
    }
    Ok(())
}
