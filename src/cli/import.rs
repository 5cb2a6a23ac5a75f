//! `huibao import TABLE --into FORM` and `huibao import TABLE -o NEW`:
//! figures from a table into a form (docs/form.md §11.2). The form is
//! written atomically in its own encoding, or not at all.

use std::path::Path;

use super::{Status, clean_up_on_signals};
use crate::error::{Error, ErrorKind, Result};
use crate::form::encoding::{self, Decoded};
use crate::pipeline;

/// A file's bytes: a regular file of at most `limit` bytes (a pipe or a
/// device would never end); `what` names it in messages (表格, 表单).
pub(super) fn read_file(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>> {
    let file = path.display().to_string();
    let io = |m: String| Error::new(ErrorKind::Io, m).in_file(file.clone());
    let meta = std::fs::metadata(path).map_err(|e| io(pipeline::io_message(&e)))?;
    if meta.is_dir() {
        return Err(io(format!("这是一个目录,不是{what}文件")));
    }
    if !meta.is_file() {
        return Err(io(format!(
            "这不是普通文件(可能是管道或设备),不能作为{what}读取"
        )));
    }
    if meta.len() > limit as u64 {
        return Err(Error::new(
            ErrorKind::Form,
            format!("{what}文件过大({} 字节),上限为 {limit} 字节", meta.len()),
        )
        .in_file(file));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(limit as u64 + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| io(pipeline::io_message(&e)))?;
    Ok(bytes)
}

/// A form file read as text, with its encoding.
pub(super) fn read_form(path: &Path) -> Result<(Vec<u8>, Decoded)> {
    let bytes = read_file(path, crate::form::MAX_FORM_BYTES, "表单")?;
    let decoded = encoding::decode(&bytes).map_err(|e| e.in_file(path.display().to_string()))?;
    Ok((bytes, decoded))
}

/// Runs `huibao import`.
pub(super) fn import(
    table_path: &Path,
    into: Option<&Path>,
    output: Option<&Path>,
    sheet: Option<&str>,
) -> Result<Status> {
    let name = table_path.file_name().map_or_else(
        || table_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let table_bytes = read_file(table_path, crate::table::MAX_TABLE_BYTES, "表格")?;
    let table = crate::table::read(&name, &table_bytes, sheet)?;
    let (target, imported, original) = match (into, output) {
        (Some(form), _) => {
            let (bytes, decoded) = read_form(form)?;
            let shown = form.display().to_string();
            let imported = crate::table::import(&decoded.text, &shown, &table, false)?;
            let out = encoding::encode(&imported.text, decoded.encoding, decoded.bom)
                .map_err(|e| e.in_file(shown))?;
            (form, imported, Some((bytes, out)))
        }
        (None, Some(new)) => {
            if std::fs::symlink_metadata(new).is_ok() {
                return Err(Error::new(
                    ErrorKind::Io,
                    "文件已存在,未覆盖;要把表格合并进已有的表单,请用 --into",
                )
                .in_file(new.display().to_string()));
            }
            let blank = crate::render::styles::BLANK_FORM;
            let imported = crate::table::import(blank, &new.display().to_string(), &table, true)?;
            (new, imported, None)
        }
        (None, None) => {
            return Err(Error::usage(
                "请用 --into 表单.yaml 指明要合并进的表单,或用 -o 新表单.yaml 新建一份表单",
            ));
        }
    };
    let mut lines = vec![format!("已读取 {}", table.label())];
    lines.extend(imported.summary.lines());
    match original {
        Some((before, after)) if before == after => {
            lines.push(format!("表单没有变化,未写入:{}", target.display()));
        }
        Some((_, after)) => {
            clean_up_on_signals();
            pipeline::write_atomic(target, &after, true)?;
            lines.push(format!("已写入:{}", target.display()));
        }
        None => {
            clean_up_on_signals();
            pipeline::write_atomic(target, imported.text.as_bytes(), false)?;
            lines.push(format!("已生成表单:{}", target.display()));
        }
    }
    let text: Vec<String> = lines.iter().map(|l| crate::error::printable(l)).collect();
    let mut out = crate::punct::normalize(&text.join("\n"));
    out.push('\n');
    super::output::stdout(out.as_bytes())?;
    Ok(Status::Success)
}
