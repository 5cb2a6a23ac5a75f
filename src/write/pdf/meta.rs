//! What the file says about itself: bookmarks, page labels, the document
//! information dictionary and, for PDF/A, the XMP packet and its date.

use chrono::Datelike;
use pdf_writer::types::NumberingStyle;
use pdf_writer::writers::{Catalog, PageLabel};
use pdf_writer::{Chunk, Date, Finish, Pdf, Ref, TextStr};

use crate::layout::{Layout, PAGE_HEIGHT};

/// The bookmarks (`Layout::outline`): level 2 under the level 1 before it.
/// `None` when there are none.
pub(super) fn outline(
    chunk: &mut Chunk,
    refs: &mut super::Refs,
    layout: &Layout,
    pages: &[(Ref, Ref)],
) -> Option<Ref> {
    // (entry, page ref) per bookmark whose page exists.
    let entries: Vec<_> = layout
        .outline
        .iter()
        .filter_map(|e| {
            let index = layout.pages.iter().position(|p| p.number == e.page)?;
            Some((e, pages[index].0))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = refs.next();
    let refs: Vec<Ref> = entries.iter().map(|_| refs.next()).collect();
    // Parent of each entry: the last shallower one, else the root.
    let parent: Vec<Option<usize>> = (0..entries.len())
        .map(|i| {
            (0..i)
                .rev()
                .find(|&j| entries[j].0.level < entries[i].0.level)
        })
        .collect();
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, (entry, page)) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let at = siblings.iter().position(|&s| s == i).expect("own sibling");
        let kids = children(Some(i));
        let mut item = chunk.outline_item(refs[i]);
        item.title(TextStr(&entry.text));
        item.parent(parent[i].map_or(root, |p| refs[p]));
        if at > 0 {
            item.prev(refs[siblings[at - 1]]);
        }
        if let Some(&n) = siblings.get(at + 1) {
            item.next(refs[n]);
        }
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.first(refs[first]);
            item.last(refs[last]);
            item.count(-(kids.len() as i32));
        }
        item.dest()
            .page(*page)
            .xyz(0.0, PAGE_HEIGHT - entry.y + 8.0, None);
        item.finish();
    }
    let top = children(None);
    chunk
        .outline(root)
        .first(refs[top[0]])
        .last(refs[*top.last().expect("one at least")])
        .count(top.len() as i32);
    Some(root)
}

/// The page label of every page: Arabic numbers from the first page's,
/// as printed (`— N —`).
pub(super) fn page_label(chunk: &mut Chunk, id: Ref, layout: &Layout) {
    let first = layout.pages.first().map_or(1, |p| p.number);
    let mut label = chunk.indirect(id).start::<PageLabel>();
    label.style(NumberingStyle::Arabic);
    if first != 1 {
        label.offset(first as i32);
    }
}

/// Points the catalog's page labels at `label` from the first page on.
pub(super) fn page_labels(catalog: &mut Catalog, label: Ref) {
    catalog.page_labels().nums().insert(0, label);
}

/// The document information dictionary; `date` (PDF/A only) is the
/// creation and modification date.
pub(super) fn info(pdf: &mut Pdf, id: Ref, layout: &Layout, date: Option<chrono::NaiveDate>) {
    let mut info = pdf.document_info(id);
    if !layout.title.is_empty() {
        info.title(TextStr(&layout.title));
    }
    if !layout.author.is_empty() {
        info.author(TextStr(&layout.author));
    }
    info.creator(TextStr(CREATOR));
    info.producer(TextStr(CREATOR));
    if let Some(d) = date {
        let date = Date::new(d.year().clamp(0, 9999) as u16)
            .month(d.month() as u8)
            .day(d.day() as u8)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0)
            .utc_offset_minute(0);
        info.creation_date(date);
        info.modified_date(date);
    }
    info.finish();
}

const CREATOR: &str = concat!("huibao ", env!("CARGO_PKG_VERSION"));

/// The XMP packet of a PDF/A-2b file: the same title, author, tool and dates
/// as the information dictionary, and the PDF/A identification.
pub(super) fn xmp(layout: &Layout, date: chrono::NaiveDate) -> String {
    let when = xmp_writer::DateTime {
        year: date.year().clamp(0, 9999) as u16,
        month: Some(date.month() as u8),
        day: Some(date.day() as u8),
        hour: Some(0),
        minute: Some(0),
        second: Some(0),
        timezone: Some(xmp_writer::Timezone::Utc),
    };
    let mut x = xmp_writer::XmpWriter::new();
    x.format("application/pdf");
    if !layout.title.is_empty() {
        x.title([(None, layout.title.as_str())]);
    }
    if !layout.author.is_empty() {
        x.creator([layout.author.as_str()]);
    }
    x.language([xmp_writer::LangId("zh-CN")]);
    x.creator_tool(CREATOR);
    x.producer(CREATOR);
    x.create_date(when);
    x.modify_date(when);
    x.pdfa_part(2);
    x.pdfa_conformance("B");
    x.finish(None)
}

/// The file identifier: a hash of the pages and the title, so the same form
/// gives the same bytes.
pub(super) fn file_id(streams: &[Vec<u8>], layout: &Layout) -> (Vec<u8>, Vec<u8>) {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    let prime: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    for b in layout
        .title
        .bytes()
        .chain(streams.iter().flatten().copied())
    {
        h = (h ^ u128::from(b)).wrapping_mul(prime);
    }
    let id = h.to_be_bytes().to_vec();
    (id.clone(), id)
}
