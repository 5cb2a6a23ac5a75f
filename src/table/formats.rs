//! Number formats of workbook cells, which calamine does not expose: a
//! percent cell holding 0.184 and shown as 18.4% is the figure 18.4
//! (docs/form.md §11.1). Read from the package's XML: `.xlsx` styles and
//! cell style indexes, `.ods` value types and shown text.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::cell::Format;

/// The format of each number cell with one, by (row, column) from 0.
pub type Formats = HashMap<(u32, u32), Format>;

/// Largest part of a package read, uncompressed (a sheet of a few thousand
/// rows is a few megabytes).
const MAX_PART: u64 = 64 << 20;

/// A part of a zip package as text; `None` when absent or too large.
fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<String> {
    let file = zip.by_name(name).ok()?;
    if file.size() > MAX_PART {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_PART).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The attribute `name` (local name) of an element.
fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The `.xlsx` formats of sheet `sheet`.
pub fn xlsx(bytes: &[u8], sheet: &str) -> Formats {
    let mut out = Formats::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return out;
    };
    let (Some(workbook), Some(rels)) = (
        part(&mut zip, "xl/workbook.xml"),
        part(&mut zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    let Some(id) = elements(&workbook, b"sheet")
        .into_iter()
        .find(|a| a.get("name").map(String::as_str) == Some(sheet))
        .and_then(|a| a.get("id").cloned())
    else {
        return out;
    };
    let Some(target) = elements(&rels, b"Relationship")
        .into_iter()
        .find(|a| a.get("Id") == Some(&id))
        .and_then(|a| a.get("Target").cloned())
    else {
        return out;
    };
    let path = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    };
    let styles = part(&mut zip, "xl/styles.xml").unwrap_or_default();
    let xfs = cell_formats(&styles);
    let Some(sheet_xml) = part(&mut zip, &path) else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_str(&sheet_xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"c" => {
                let kind = attr(&e, b"t");
                if kind.as_deref().is_some_and(|t| t != "n") {
                    continue;
                }
                let (Some(r), Some(s)) = (attr(&e, b"r"), attr(&e, b"s")) else {
                    continue;
                };
                let Some(format) = s.parse::<usize>().ok().and_then(|i| xfs.get(i)) else {
                    continue;
                };
                if let Some(at) = parse_ref(&r) {
                    out.insert(at, *format);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The number format of each cell style (`cellXfs`), by index.
fn cell_formats(styles: &str) -> Vec<Format> {
    let mut codes: HashMap<u32, String> = HashMap::new();
    let mut xfs = Vec::new();
    let mut in_cell_xfs = false;
    let mut reader = quick_xml::Reader::from_str(styles);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, b"numFmtId"), attr(&e, b"formatCode"))
                        && let Ok(id) = id.parse()
                    {
                        codes.insert(id, code);
                    }
                }
                b"cellXfs" => in_cell_xfs = true,
                b"xf" if in_cell_xfs => {
                    let id: u32 = attr(&e, b"numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    xfs.push(match codes.get(&id) {
                        Some(code) => Format::from_code(code),
                        None => Format::builtin(id),
                    });
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    xfs
}

/// The attributes of every element named `name`, by local name.
fn elements(xml: &str, name: &[u8]) -> Vec<HashMap<String, String>> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == name => {
                out.push(
                    e.attributes()
                        .flatten()
                        .filter_map(|a| {
                            let k = String::from_utf8(a.key.local_name().as_ref().to_vec()).ok()?;
                            Some((
                                k,
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .ok()?
                                    .into_owned(),
                            ))
                        })
                        .collect(),
                );
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// `C7` → (6, 2).
fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = col.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The `.ods` formats of sheet `sheet`: percentage cells, and the decimals
/// the shown text has.
pub fn ods(bytes: &[u8], sheet: &str) -> Formats {
    let mut out = Formats::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return out;
    };
    let Some(content) = part(&mut zip, "content.xml") else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_str(&content);
    let mut in_sheet = false;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    // The cell being read: its format, repetition and shown text.
    let mut cell: Option<(Format, u32, String)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"table" => {
                in_sheet = attr(&e, b"name").as_deref() == Some(sheet);
                row = 0;
            }
            Event::End(e) if e.local_name().as_ref() == b"table" && in_sheet => break,
            _ if !in_sheet => {}
            Event::Start(e) if e.local_name().as_ref() == b"table-row" => {
                col = 0;
                row_repeat = repeat(&e, b"number-rows-repeated");
            }
            Event::Empty(e) if e.local_name().as_ref() == b"table-row" => {
                row = row.saturating_add(repeat(&e, b"number-rows-repeated"));
            }
            Event::End(e) if e.local_name().as_ref() == b"table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.local_name().as_ref(),
                    b"table-cell" | b"covered-table-cell"
                ) =>
            {
                let n = repeat(&e, b"number-columns-repeated");
                let kind = attr(&e, b"value-type");
                let number = matches!(kind.as_deref(), Some("float" | "percentage" | "currency"));
                let format = Format {
                    percent: kind.as_deref() == Some("percentage"),
                    decimals: None,
                };
                if number && !empty {
                    cell = Some((format, n, String::new()));
                } else {
                    if number {
                        for i in 0..n.min(1024) {
                            out.insert((row, col + i), format);
                        }
                    }
                    col = col.saturating_add(n);
                }
            }
            Event::Text(t) if cell.is_some() => {
                if let (Some((_, _, shown)), Ok(s)) = (cell.as_mut(), t.decode()) {
                    shown.push_str(&s);
                }
            }
            Event::End(e)
                if matches!(
                    e.local_name().as_ref(),
                    b"table-cell" | b"covered-table-cell"
                ) =>
            {
                if let Some((mut format, n, shown)) = cell.take() {
                    format.decimals = shown_decimals(&shown);
                    for i in 0..n.min(1024) {
                        out.insert((row, col + i), format);
                    }
                    col = col.saturating_add(n);
                }
            }
            _ => {}
        }
    }
    out
}

fn repeat(e: &BytesStart, name: &[u8]) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The decimals a shown number has (`18.40%` → 2, `1,268` → 0).
fn shown_decimals(shown: &str) -> Option<usize> {
    let digits: String = shown
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.split_once('.').map_or(0, |(_, f)| f.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_decimals() {
        assert_eq!(parse_ref("C7"), Some((6, 2)));
        assert_eq!(parse_ref("AA1"), Some((0, 26)));
        assert_eq!(parse_ref("7"), None);
        assert_eq!(shown_decimals("18.40%"), Some(2));
        assert_eq!(shown_decimals("1,268"), Some(0));
        assert_eq!(shown_decimals("—"), None);
    }

    #[test]
    fn cell_styles_in_order() {
        let styles = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
            <cellStyleXfs><xf numFmtId="10"/></cellStyleXfs>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>"#;
        let xfs = cell_formats(styles);
        assert_eq!(xfs.len(), 3);
        assert!(!xfs[0].percent);
        assert_eq!((xfs[1].percent, xfs[1].decimals), (true, Some(1)));
        assert_eq!((xfs[2].percent, xfs[2].decimals), (true, Some(2)));
    }
}
