//! Small .xlsx and .ods workbooks written by the tests that import them:
//! text, numbers, and numbers with a display format (a percent cell holding
//! 0.184 shown as 18.4%), so each case is visible in the test itself.
#![allow(dead_code)]

use std::io::Write;

/// A cell.
#[derive(Debug, Clone)]
pub enum C {
    /// Text.
    S(String),
    /// A number in the general format.
    N(f64),
    /// A number with an Excel format code (`0.0%`, `#,##0.00`).
    F(f64, &'static str),
    /// Nothing.
    E,
}

/// Text cell.
pub fn s(t: &str) -> C {
    C::S(t.to_string())
}

/// A row of text cells from a comma-separated line (empty between commas: no cell).
pub fn texts(line: &str) -> Vec<C> {
    line.split(',')
        .map(|t| if t.is_empty() { C::E } else { s(t) })
        .collect()
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn column(mut c: usize) -> String {
    let mut out = Vec::new();
    c += 1;
    while c > 0 {
        out.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn zip(parts: &[(String, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An .xlsx workbook with these sheets.
pub fn xlsx(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut codes: Vec<&'static str> = Vec::new();
    for (_, rows) in sheets {
        for c in rows.iter().flatten() {
            if let C::F(_, code) = c
                && !codes.contains(code)
            {
                codes.push(code);
            }
        }
    }
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{}</Types>"#,
                (1..=sheets.len())
                    .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
                    .collect::<String>()
            ),
        ),
        (
            "_rels/.rels".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{}</sheets></workbook>"#,
                sheets
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| format!(
                        r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
                        escape(name),
                        i + 1,
                        i + 1
                    ))
                    .collect::<String>()
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
                (1..=sheets.len())
                    .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
                    .collect::<String>()
            ),
        ),
        (
            "xl/styles.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="{n}">{fmts}</numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="{x}"><xf numFmtId="0"/>{xfs}</cellXfs></styleSheet>"#,
                n = codes.len(),
                x = codes.len() + 1,
                fmts = codes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!(r#"<numFmt numFmtId="{}" formatCode="{}"/>"#, 164 + i, escape(c)))
                    .collect::<String>(),
                xfs = (0..codes.len())
                    .map(|i| format!(r#"<xf numFmtId="{}" applyNumberFormat="1"/>"#, 164 + i))
                    .collect::<String>()
            ),
        ),
    ];
    for (i, (_, rows)) in sheets.iter().enumerate() {
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = format!("{}{}", column(c), r + 1);
                match cell {
                    C::E => {}
                    C::S(t) => data.push_str(&format!(
                        r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                        escape(t)
                    )),
                    C::N(v) => data.push_str(&format!(r#"<c r="{at}"><v>{v}</v></c>"#)),
                    C::F(v, code) => {
                        let s = codes.iter().position(|x| x == code).unwrap() + 1;
                        data.push_str(&format!(r#"<c r="{at}" s="{s}"><v>{v}</v></c>"#));
                    }
                }
            }
            data.push_str("</row>");
        }
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        ));
    }
    zip(&parts)
}

/// An .ods workbook with these sheets (a format code with `%` makes a
/// percentage cell, shown with the code's decimals).
pub fn ods(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut tables = String::new();
    for (name, rows) in sheets {
        tables.push_str(&format!(r#"<table:table table:name="{}">"#, escape(name)));
        for row in rows {
            tables.push_str("<table:table-row>");
            for cell in row {
                tables.push_str(&match cell {
                    C::E => "<table:table-cell/>".to_string(),
                    C::S(t) => format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        escape(t)
                    ),
                    C::N(v) => format!(
                        r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
                    ),
                    C::F(v, code) => {
                        let decimals = code.split('.').nth(1).map_or(0, |d| d.chars().filter(|c| *c == '0').count());
                        if code.contains('%') {
                            format!(
                                r#"<table:table-cell office:value-type="percentage" office:value="{v}"><text:p>{:.decimals$}%</text:p></table:table-cell>"#,
                                v * 100.0
                            )
                        } else {
                            format!(
                                r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v:.decimals$}</text:p></table:table-cell>"#
                            )
                        }
                    }
                });
            }
            tables.push_str("</table:table-row>");
        }
        tables.push_str("</table:table>");
    }
    zip(&[
        (
            "mimetype".to_string(),
            "application/vnd.oasis.opendocument.spreadsheet".to_string(),
        ),
        (
            "META-INF/manifest.xml".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
                .to_string(),
        ),
        (
            "content.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
            ),
        ),
    ])
}
