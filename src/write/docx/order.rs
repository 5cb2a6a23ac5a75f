//! Puts the children of WordprocessingML property elements into the order
//! the schema (ECMA-376 Part 1, transitional) prescribes.
//!
//! docx-rs 0.4.22 writes them in the order its structs hold them: `sz`
//! before `rFonts` in `rPr`, `jc` before `spacing` and `ind` in `pPr`, `rPr`
//! before `pPr` in `style`, `footerReference` last in `sectPr`, `zoom` after
//! `defaultTabStop` in `settings`, `rPr` inside `pPr` in numbering `lvl`.
//! Word drops or "repairs" children out of sequence (docx-rs issue #724,
//! "Word asks to recover"; open, and the write order unchanged on its main
//! branch since 0.4.22), and `openxml-audit` counts 57 errors in every report.
//!
//! The pass is general: whatever elements a container holds (today's output
//! or a future `keepNext`, `br`, `ind`, `lang` …), its children are sorted,
//! stably, by their rank in the schema sequence below; elements the table
//! does not know keep their relative order after the known ones. Nothing
//! else is touched: attributes, text and the order of paragraphs and runs
//! stay as written. Empty `<w:rPr />` elements, which docx-rs writes into
//! every paragraph and run, are dropped: they say nothing.
//!
//! The sequences are in `schema.rs`.
//!
//! To remove: once docx-rs writes these sequences in schema order (follow
//! issue #724), delete this module and `schema.rs`, write each paragraph's
//! `build()` as it is in `docx.rs` and the parts in `generate.rs` unordered;
//! the test `tests/reader/openxml_audit.rs` says whether the output still
//! validates.

use super::schema::SEQUENCES;

/// Rank of elements a sequence does not name: after all it names.
const UNKNOWN: usize = usize::MAX;

/// The sequence of `container`, when it is one to order.
fn sequence(container: &[u8]) -> Option<&'static [&'static str]> {
    SEQUENCES
        .iter()
        .find(|(name, _)| *name == container)
        .map(|(_, seq)| *seq)
}

/// The rank of child `qname` in `seq`: `w:` children by local name;
/// children of other namespaces (`w14:` …) come last.
fn rank(seq: &[&str], qname: &[u8]) -> usize {
    let Some(local) = qname.strip_prefix(b"w:") else {
        return UNKNOWN;
    };
    seq.iter()
        .position(|entry| entry.split('|').any(|n| n.as_bytes() == local))
        .unwrap_or(UNKNOWN)
}

/// `xml` with the children of every ordered container in schema order,
/// appended to `out`. Input that is not the well-formed XML docx-rs writes
/// is copied as it is from the point where it stops making sense.
pub fn append(xml: &[u8], out: &mut Vec<u8>) {
    // Runs of XML without a container are copied in one piece: most of a
    // paragraph (runs, text) needs no work.
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'<', &xml[at..]) {
        let lt = at + i;
        let rest = &xml[lt..];
        if rest.starts_with(b"<!--") || rest.starts_with(b"<![CDATA[") {
            let close: &[u8] = if rest.starts_with(b"<!--") {
                b"-->"
            } else {
                b"]]>"
            };
            at = find(xml, lt, close).map_or(xml.len(), |e| e + close.len());
        } else if sequence(tag_name(xml, lt)).is_some() {
            out.extend_from_slice(&xml[copied..lt]);
            at = node(xml, lt, out);
            copied = at;
        } else {
            at = lt + 1;
        }
    }
    out.extend_from_slice(&xml[copied..]);
}

/// `xml`, ordered (see [`append`]).
#[cfg(test)]
pub fn ordered(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    append(xml, &mut out);
    out
}

/// Where the tag starting at `at` (a `<`) ends, one past its `>`; quotes
/// are skipped, so a `>` inside an attribute value does not end the tag.
fn tag_end(xml: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(j) = memchr::memchr3(b'>', b'"', b'\'', &xml[i..]) {
        let k = i + j;
        if xml[k] == b'>' {
            return k + 1;
        }
        // Past the closing quote of this attribute value.
        match memchr::memchr(xml[k], &xml[k + 1..]) {
            Some(close) => i = k + 1 + close + 1,
            None => return xml.len(),
        }
    }
    xml.len()
}

/// The qualified name of the tag starting at `at` (`<w:rPr …` → `w:rPr`).
fn tag_name(xml: &[u8], at: usize) -> &[u8] {
    let start = at + 1;
    let len = xml[start..]
        .iter()
        .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
        .unwrap_or(xml.len() - start);
    &xml[start..start + len]
}

/// Copies the node at `at` (text, a declaration, a comment or a whole
/// element) into `out`, ordered; returns where the next node starts.
fn node(xml: &[u8], at: usize, out: &mut Vec<u8>) -> usize {
    if xml[at] != b'<' {
        let end = memchr_lt(xml, at);
        out.extend_from_slice(&xml[at..end]);
        return end;
    }
    let rest = &xml[at..];
    if rest.starts_with(b"<!--") || rest.starts_with(b"<![CDATA[") {
        let close: &[u8] = if rest.starts_with(b"<!--") {
            b"-->"
        } else {
            b"]]>"
        };
        let end = find(xml, at, close).map_or(xml.len(), |i| i + close.len());
        out.extend_from_slice(&xml[at..end]);
        return end;
    }
    let end = tag_end(xml, at);
    let tag = &xml[at..end];
    if tag.starts_with(b"<?") || tag.starts_with(b"</") || tag.ends_with(b"/>") {
        // Declarations, stray end tags and empty elements: nothing inside.
        if tag != b"<w:rPr />" && tag != b"<w:rPr/>" {
            out.extend_from_slice(tag);
        }
        return end;
    }
    let name = tag_name(xml, at);
    out.extend_from_slice(tag);
    let seq = sequence(name);
    // Children written straight to `out`; for a container, their spans and
    // ranks, to rewrite them sorted when they are out of order.
    let mut children: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = end;
    while at < xml.len() {
        if xml[at..].starts_with(b"</") {
            let close = tag_end(xml, at);
            if seq.is_some() {
                sort_children(out, &mut children);
            }
            out.extend_from_slice(&xml[at..close]);
            return close;
        }
        let start = out.len();
        let child = (xml[at] == b'<').then(|| tag_name(xml, at));
        at = node(xml, at, out);
        if let (Some(seq), Some(child)) = (seq, child)
            && out.len() > start
        {
            children.push((rank(seq, child), start, out.len()));
        }
    }
    at
}

/// Rewrites the children at the end of `out` sorted by rank, when they are
/// not already; text between them (there is none in docx-rs output) stays
/// in front.
fn sort_children(out: &mut Vec<u8>, children: &mut [(usize, usize, usize)]) {
    if children.is_sorted_by_key(|c| c.0) {
        return;
    }
    let first = children[0].1;
    let last = children[children.len() - 1].2;
    let region = out[first..last].to_vec();
    let mut gaps = Vec::new();
    let mut pos = first;
    for &(_, start, end) in children.iter() {
        gaps.extend_from_slice(&out[pos..start]);
        pos = end;
    }
    children.sort_by_key(|c| c.0);
    out.truncate(first);
    out.extend_from_slice(&gaps);
    for &(_, start, end) in children.iter() {
        out.extend_from_slice(&region[start - first..end - first]);
    }
}

/// The next `<` at or after `at`, or the end.
fn memchr_lt(xml: &[u8], at: usize) -> usize {
    memchr::memchr(b'<', &xml[at..]).map_or(xml.len(), |i| at + i)
}

/// The first `needle` at or after `at`.
fn find(xml: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&xml[at..], needle).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(xml: &str) -> String {
        String::from_utf8(ordered(xml.as_bytes())).expect("utf-8")
    }

    #[test]
    fn sorts_run_and_paragraph_properties() {
        assert_eq!(
            order(
                r#"<w:p><w:pPr><w:rPr /><w:jc w:val="both" /><w:ind w:left="0" /><w:keepNext /><w:pStyle w:val="A" /></w:pPr><w:r><w:rPr><w:sz w:val="32" /><w:rFonts w:ascii="黑体" /><w:lang w:eastAsia="zh-CN" /></w:rPr><w:br /><w:t xml:space="preserve">a&gt;b</w:t></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:keepNext /><w:ind w:left="0" /><w:jc w:val="both" /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="黑体" /><w:sz w:val="32" /><w:lang w:eastAsia="zh-CN" /></w:rPr><w:br /><w:t xml:space="preserve">a&gt;b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn sorts_nested_containers_and_keeps_unknown_children_last() {
        // style → rPr before pPr; pPr → spacing before jc; a paragraph
        // mark's rPr inside pPr goes after jc; w14 extensions stay last.
        assert_eq!(
            order(
                r#"<w:style w:styleId="S"><w:rPr><w:sz w:val="1" /><w:b /></w:rPr><w:pPr><w:rPr><w:b /></w:rPr><w:jc w:val="left" /><w:spacing w:line="579" /></w:pPr><w:name w:val="S" /></w:style>"#
            ),
            r#"<w:style w:styleId="S"><w:name w:val="S" /><w:pPr><w:spacing w:line="579" /><w:jc w:val="left" /><w:rPr><w:b /></w:rPr></w:pPr><w:rPr><w:b /><w:sz w:val="1" /></w:rPr></w:style>"#
        );
        assert_eq!(
            order(
                r#"<w:settings><w14:docId w14:val="1" /><w:evenAndOddHeaders /><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /></w:settings>"#
            ),
            r#"<w:settings><w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:evenAndOddHeaders /><w14:docId w14:val="1" /></w:settings>"#
        );
        assert_eq!(
            order(
                r#"<w:sectPr><w:pgSz w:w="1" /><w:docGrid w:type="lines" /><w:footerReference w:type="default" r:id="a" /><w:headerReference w:type="even" r:id="b" /></w:sectPr>"#
            ),
            r#"<w:sectPr><w:footerReference w:type="default" r:id="a" /><w:headerReference w:type="even" r:id="b" /><w:pgSz w:w="1" /><w:docGrid w:type="lines" /></w:sectPr>"#
        );
        assert_eq!(
            order(
                r#"<w:lvl w:ilvl="0"><w:pPr><w:rPr /><w:ind w:left="420" /></w:pPr><w:rPr><w:b /></w:rPr><w:lvlJc w:val="left" /><w:start w:val="1" /></w:lvl>"#
            ),
            r#"<w:lvl w:ilvl="0"><w:start w:val="1" /><w:lvlJc w:val="left" /><w:pPr><w:ind w:left="420" /></w:pPr><w:rPr><w:b /></w:rPr></w:lvl>"#
        );
    }

    #[test]
    fn leaves_everything_else_as_written() {
        for xml in [
            r#"<?xml version="1.0" encoding="UTF-8"?><w:body><w:p><w:r><w:t>乙</w:t></w:r><w:r><w:t>甲</w:t></w:r></w:p></w:body>"#,
            r#"<a b=">"><!-- <w:rPr><w:sz /><w:b /></w:rPr> --></a>"#,
            r#"<w:t a='"/>' b="'">x</w:t><w:b c="/>"#,
            "",
            "plain",
            "<w:rPr><w:b",
        ] {
            assert_eq!(order(xml), xml);
        }
        assert_eq!(
            order("<w:p><w:rPr /><w:r><w:rPr/></w:r></w:p>"),
            "<w:p><w:r></w:r></w:p>"
        );
    }
}
