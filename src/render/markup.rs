//! The small block language templates write, parsed into the [`Document`] model.
//!
//! Blocks are separated by blank lines. A block may start with a tag:
//!
//! | tag | block |
//! |---|---|
//! | `@title` | the title; each line, and each further `@title` block, is a line of it |
//! | `@subtitle` | line under the title |
//! | `@byline` | issuing body or speaker under the title |
//! | `@salutation` | `尊敬的各位领导,同志们:` |
//! | `@h1` … `@h4` | a heading, numbered by the tool: 一、 (一) 1. (1); lines after the first run in |
//! | `@attachment` | one attachment name; consecutive ones form one 附件 note |
//! | `@signature` | 署名 |
//! | `@date` | 成文日期 |
//!
//! A block without a tag is a body paragraph. Lines of a block are joined without a
//! space, as Chinese text runs on. Inline `**bold**`; `\` escapes `*`, `\` and `@`.
//! The tool's placeholders (`crate::facts::placeholder_text`) become
//! placeholder runs carrying their field path, and so do placeholders left in
//! the clerk's text (`xx`, `x条`), printed as typed; typed `【待补充:…】` stays text. Numbering is assigned here, per level,
//! so it is gapless whatever the template skips.

use crate::document::{Block, Document, Heading, Inline, InlineStyle, PLACEHOLDER_MARK};
use crate::error::{Error, ErrorKind, Result};
use crate::facts::numeral::cn_numeral;

/// Most blocks one template output may hold. The largest form (1 MiB of
/// one-character paragraphs) gives about 150,000; a template printing
/// millions of blank-line blocks is refused here, before each becomes a
/// paragraph of its own (at some 200 bytes apiece that was 4 GB).
pub const MAX_BLOCKS: usize = 250_000;

/// Parses template output into blocks; `template` names the template for errors.
pub fn parse(text: &str, template: &str) -> Result<Vec<Block>> {
    let mut blocks = Vec::new();
    let mut counters = [0usize; 4];
    let mut attachments: Vec<Vec<Inline>> = Vec::new();
    for (n, raw) in split_blocks(text).enumerate() {
        if n == MAX_BLOCKS {
            return Err(Error::new(
                ErrorKind::Template,
                format!(
                    "模板输出的段落过多(超过 {MAX_BLOCKS} 段),可能在循环中不断输出以空行分隔的内容;请检查模板"
                ),
            )
            .in_file(template));
        }
        let (tag, rest) = split_tag(&raw);
        if tag != Some("attachment") && !attachments.is_empty() {
            blocks.push(Block::Attachments(std::mem::take(&mut attachments)));
        }
        let block = match tag {
            None => Block::Paragraph(inlines(&join_lines(&raw))),
            // Each line of a title is a line of the one title paragraph, and
            // consecutive `@title` blocks add lines to it (docs/form.md §9.9).
            Some("title") => {
                let lines: Vec<&str> = rest
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let text = lines.join("\n");
                if let Some(Block::Title(runs)) = blocks.last_mut() {
                    if !text.is_empty() {
                        runs.push(Inline::plain("\n"));
                        runs.extend(inlines(&text));
                    }
                    continue;
                }
                Block::Title(inlines(&text))
            }
            Some("subtitle") => Block::Subtitle(inlines(&join_lines(rest))),
            Some("byline") => Block::Byline(inlines(&join_lines(rest))),
            Some("salutation") => Block::Salutation(inlines(&join_lines(rest))),
            Some("signature") => Block::Signature(inlines(&join_lines(rest))),
            Some("date") => Block::Date(inlines(&join_lines(rest))),
            Some("attachment") => {
                // Each `@attachment` line starts a new entry, even inside one block.
                for entry in rest.split("\n@attachment") {
                    attachments.push(inlines(&join_lines(entry.trim_start())));
                }
                continue;
            }
            Some(h)
                if h.len() == 2
                    && h.starts_with('h')
                    && matches!(&h[1..], "1" | "2" | "3" | "4") =>
            {
                let level = h.as_bytes()[1] - b'0';
                let label = next_label(&mut counters, level).ok_or_else(|| {
                    Error::new(
                        ErrorKind::Template,
                        format!("第{level}级标题超过99个,无法编号"),
                    )
                    .in_file(template)
                })?;
                let (first, run_in) = match rest.split_once('\n') {
                    Some((first, more)) => (first, join_lines(more)),
                    None => (rest, String::new()),
                };
                Block::Heading(Heading {
                    level,
                    label,
                    text: inlines(first.trim()),
                    run_in: inlines(&run_in),
                })
            }
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::Template,
                    format!("模板输出了未知的标记“@{other}”(可用:@title @subtitle @byline @salutation @h1–@h4 @attachment @signature @date)"),
                )
                .in_file(template));
            }
        };
        blocks.push(block);
    }
    if !attachments.is_empty() {
        blocks.push(Block::Attachments(attachments));
    }
    Ok(blocks)
}

/// Wraps parsed blocks into a document with its metadata.
pub fn document(blocks: Vec<Block>, author: &str) -> Document {
    let title = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Title(runs) => Some(crate::document::plain_text(runs).replace('\n', "")),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("");
    Document {
        title,
        // The author comes from the context, not the blocks: a placeholder
        // there still holds its mark.
        author: unmarked(author).into_owned(),
        blocks,
    }
}

/// Appends a page for each attachment that is a table, after everything
/// else (the sign-off included), for the entry of the 附件说明 that names
/// it. A table whose name the template did not print in the note has no
/// page: the note is what refers to it.
pub fn attach_tables(doc: &mut Document, tables: Vec<crate::context::AttachedTable>) {
    if tables.is_empty() {
        return;
    }
    let entries: Vec<Vec<Inline>> = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Attachments(entries) => Some(entries.clone()),
            _ => None,
        })
        .unwrap_or_default();
    for table in tables {
        let Some(entry) = entries
            .iter()
            .position(|e| crate::document::plain_text(e) == table.name)
        else {
            continue;
        };
        let cells = |row: &[String; 6]| row.iter().map(|c| marked_runs(c)).collect();
        doc.blocks.push(Block::Appendix(crate::document::Appendix {
            entry,
            title: entries[entry].clone(),
            header: crate::facts::table::HEADER
                .iter()
                .map(|h| h.to_string())
                .collect(),
            rows: table.rows.iter().map(cells).collect(),
        }));
    }
}

/// Text with the tool's placeholders in it (facts' marked form) as runs.
fn marked_runs(text: &str) -> Vec<Inline> {
    let mut runs = Vec::new();
    push_with_placeholders(&mut runs, text, false);
    runs
}

/// The next label at `level` (1-based), resetting deeper levels.
fn next_label(counters: &mut [usize; 4], level: u8) -> Option<String> {
    let i = usize::from(level - 1);
    counters[i] += 1;
    for c in counters.iter_mut().skip(i + 1) {
        *c = 0;
    }
    let n = counters[i];
    Some(match level {
        1 => format!("{}\u{3001}", cn_numeral(n)?),
        2 => format!("\u{ff08}{}\u{ff09}", cn_numeral(n)?),
        3 if n <= 99 => format!("{n}."),
        _ if n <= 99 => format!("\u{ff08}{n}\u{ff09}"),
        _ => return None,
    })
}

/// Splits on blank lines, dropping surrounding whitespace of each line; one
/// block at a time, so a refused output is never held as blocks whole.
fn split_blocks(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut lines = text.lines().map(str::trim);
    std::iter::from_fn(move || {
        let first = lines.by_ref().find(|l| !l.is_empty())?;
        let mut block = first.to_string();
        for line in lines.by_ref() {
            if line.is_empty() {
                break;
            }
            block.push('\n');
            block.push_str(line);
        }
        Some(block)
    })
}

/// `@tag rest` → (Some("tag"), "rest"); an escaped `\@` is not a tag.
fn split_tag(block: &str) -> (Option<&str>, &str) {
    let Some(after) = block.strip_prefix('@') else {
        return (None, block);
    };
    let end = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let rest = after[end..]
        .strip_prefix([' ', '\t'])
        .unwrap_or(&after[end..]);
    (Some(&after[..end]), rest)
}

/// Joins the lines of a block: no space between Chinese lines, one between Latin words.
fn join_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let latin_gap = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if latin_gap {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Splits text into runs: `**bold**`, `【待补充:…】` placeholders, escapes.
fn inlines(text: &str) -> Vec<Inline> {
    let mut runs: Vec<Inline> = Vec::new();
    let mut buf = String::with_capacity(text.len());
    let mut bold = false;
    // Text between the two ASCII characters that mean something is copied whole.
    let mut rest = text;
    // ASCII marks: a byte search finds them at character boundaries.
    while let Some(i) = memchr::memchr2(b'\\', b'*', rest.as_bytes()) {
        buf.push_str(&rest[..i]);
        let mark = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        match (mark, after.chars().next()) {
            (b'\\', Some(n @ ('*' | '\\' | '@'))) => {
                buf.push(n);
                rest = &after[1..];
            }
            (b'*', Some('*')) => {
                push_with_placeholders(&mut runs, &buf, bold);
                buf.clear();
                bold = !bold;
                rest = &after[1..];
            }
            _ => {
                buf.push(char::from(mark));
                rest = after;
            }
        }
    }
    buf.push_str(rest);
    push_with_placeholders(&mut runs, &buf, bold);
    runs
}

/// How the tool's own placeholders begin: `【`, [`PLACEHOLDER_MARK`], `待补充:`.
const PLACEHOLDER_OPEN: &str = "\u{3010}\u{e000}\u{5f85}\u{8865}\u{5145}\u{ff1a}";

/// Pushes `text` as runs, cutting out the tool's placeholders
/// (`【\u{e000}待补充:…】`, see [`PLACEHOLDER_MARK`]) as placeholder runs
/// without their mark. The same text without the mark (typed in a form) stays
/// ordinary text; a mark anywhere else (a template forging one) is dropped.
fn push_with_placeholders(runs: &mut Vec<Inline>, text: &str, bold: bool) {
    let style = if bold {
        InlineStyle::Bold
    } else {
        InlineStyle::Plain
    };
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
        let body = &rest[start + PLACEHOLDER_OPEN.len()..];
        let Some(len) = body.find('\u{3011}') else {
            break;
        };
        push_text(runs, &unmarked(&rest[..start]), style);
        let path = unmarked(&body[..len]);
        push_run(
            runs,
            &Inline::placeholder(&path).text,
            InlineStyle::Placeholder,
        );
        rest = &body[len + '\u{3011}'.len_utf8()..];
    }
    push_text(runs, &unmarked(rest), style);
}

/// Pushes text the clerk wrote, with the placeholders left in it (`星创天地
/// xx家`, docs/form.md §9.12) as placeholder runs printed as typed, so they
/// are highlighted like the tool's own.
fn push_text(runs: &mut Vec<Inline>, text: &str, style: InlineStyle) {
    let mut at = 0;
    for r in crate::form::placeholder_runs(text) {
        push_run(runs, &text[at..r.start], style);
        push_run(runs, &text[r.clone()], InlineStyle::Placeholder);
        at = r.end;
    }
    push_run(runs, &text[at..], style);
}

/// `text` without any stray [`PLACEHOLDER_MARK`].
fn unmarked(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(PLACEHOLDER_MARK) {
        text.replace(PLACEHOLDER_MARK, "").into()
    } else {
        text.into()
    }
}

fn push_run(runs: &mut Vec<Inline>, text: &str, style: InlineStyle) {
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => runs.push(Inline {
            text: text.to_string(),
            style,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_open_holds_the_mark() {
        let built: String = ['\u{3010}', PLACEHOLDER_MARK].iter().collect();
        assert_eq!(
            PLACEHOLDER_OPEN,
            format!("{built}\u{5f85}\u{8865}\u{5145}\u{ff1a}")
        );
    }

    fn heading_labels(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.label.clone()),
                _ => None,
            })
            .collect()
    }

    // Numbering restarts under each parent and never skips, whatever the template left out.
    #[test]
    fn numbers_headings_by_level() {
        let text = "@h1 甲\n\n@h2 子\n\n@h2 丑\n\n@h1 乙\n\n@h2 寅\n\n@h3 卯\n\n@h4 辰\n\n@h1 丙";
        let blocks = parse(text, "t").unwrap();
        assert_eq!(
            heading_labels(&blocks),
            [
                "\u{4e00}\u{3001}",
                "\u{ff08}\u{4e00}\u{ff09}",
                "\u{ff08}\u{4e8c}\u{ff09}",
                "\u{4e8c}\u{3001}",
                "\u{ff08}\u{4e00}\u{ff09}",
                "1.",
                "\u{ff08}1\u{ff09}",
                "\u{4e09}\u{3001}",
            ]
        );
    }

    // A heading block's further lines run in after it, in the same paragraph.
    #[test]
    fn run_in_heading_keeps_body_in_paragraph() {
        let blocks = parse("@h2 深化改革\n正文一\n正文二", "t").unwrap();
        let Block::Heading(h) = &blocks[0] else {
            panic!("not a heading: {blocks:?}")
        };
        assert_eq!(h.text, vec![Inline::plain("深化改革")]);
        assert_eq!(h.run_in, vec![Inline::plain("正文一正文二")]);
    }

    // Bold, escapes and placeholders become separate runs.
    #[test]
    fn splits_inline_styles() {
        let text = format!(
            "**一是**见\\*注{}止",
            crate::facts::placeholder_text("日期")
        );
        let runs = inlines(&text);
        assert_eq!(
            runs,
            vec![
                Inline {
                    text: "一是".into(),
                    style: InlineStyle::Bold
                },
                Inline::plain("见*注"),
                Inline {
                    text: "\u{3010}\u{5f85}\u{8865}\u{5145}\u{ff1a}日期\u{3011}".into(),
                    style: InlineStyle::Placeholder
                },
                Inline::plain("止"),
            ]
        );
    }

    // A tool placeholder is a placeholder run with its path; the same text
    // typed (no mark) is plain, and a stray mark is dropped.
    #[test]
    fn only_the_tools_placeholders_are_placeholder_runs() {
        let made = crate::facts::placeholder_text("主要指标[2].数值");
        let runs = inlines(&format!("全年{made}家"));
        assert_eq!(runs[1].style, InlineStyle::Placeholder);
        assert_eq!(runs[1].placeholder_paths(), vec!["主要指标[2].数值"]);
        assert_eq!(
            runs[1].text,
            "\u{3010}待补充\u{ff1a}主要指标[2].数值\u{3011}"
        );
        let typed = "全年\u{3010}待补充\u{ff1a}x\u{3011}家";
        assert_eq!(inlines(typed), vec![Inline::plain(typed)]);
        let forged = "全年\u{e000}家\u{3010}\u{e000}待补充";
        assert_eq!(inlines(forged), vec![Inline::plain("全年家\u{3010}待补充")]);
    }

    // Consecutive attachments make one note; other tags map to their blocks.
    #[test]
    fn groups_attachments_and_tags() {
        let blocks = parse(
            "@title 标题\n\n正文\n\n@attachment 甲\n@attachment 乙\n\n@signature 某局\n\n@date 2024年7月5日",
            "t",
        );
        let blocks = blocks.unwrap();
        assert!(matches!(&blocks[0], Block::Title(_)));
        assert!(matches!(&blocks[1], Block::Paragraph(_)));
        assert!(matches!(&blocks[2], Block::Attachments(a) if a.len() == 2));
        let blocks = parse("@attachment 甲\n\n@attachment 乙\n\n@date 日", "t").unwrap();
        assert!(matches!(&blocks[0], Block::Attachments(a) if a.len() == 2));
        assert!(matches!(&blocks[1], Block::Date(_)));
    }

    // A misspelt tag is an error naming the template, not silent text.
    #[test]
    fn unknown_tag_is_error() {
        let err = parse("@titel 标题", "qingkuang.jinja").unwrap_err();
        assert_eq!(err.file.as_deref(), Some("qingkuang.jinja"));
        assert!(err.message.contains("@titel"));
    }

    // Blocks are what blank lines separate, lines trimmed.
    #[test]
    fn splits_on_blank_lines() {
        let blocks: Vec<String> = split_blocks("\n  甲\n乙 \n\n \n丙\n\n").collect();
        assert_eq!(blocks, ["甲\n乙", "丙"]);
        assert_eq!(split_blocks("").count(), 0);
    }

    // Millions of blank-line blocks are refused once past the cap.
    #[test]
    fn too_many_blocks_is_a_template_error() {
        let text = "x\n\n".repeat(MAX_BLOCKS);
        assert_eq!(parse(&text, "t").unwrap().len(), MAX_BLOCKS);
        let err = parse(&format!("{text}y"), "t.jinja").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Template);
        assert!(err.message.contains("段落过多"), "{err}");
        assert_eq!(err.file.as_deref(), Some("t.jinja"));
    }

    // Beyond 99 headings at one level there is no Chinese numeral: an error.
    #[test]
    fn hundredth_heading_is_error() {
        let text: String = (0..100).map(|_| "@h1 甲\n\n").collect();
        assert!(parse(&text, "t").is_err());
    }
}
