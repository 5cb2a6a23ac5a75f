//! Fonts into the PDF: each font the pages use becomes a Type 0 font with
//! Identity-H encoding over a CID font holding only the glyphs used
//! (CID = glyph in the subset, in order of first use), its widths, and a
//! ToUnicode map so that text can be searched and copied.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use skrifa::MetadataProvider;
use skrifa::raw::TableProvider;
use skrifa::string::StringId;

use super::book::FontBook;
use super::{Deflater, FastMap, Refs};
use crate::error::{Error, ErrorKind, Result};

/// The glyphs a font has been asked for so far.
#[derive(Default)]
pub(super) struct Usage {
    /// Per font of the book: old glyph → CID, and the old glyphs by CID
    /// (CID 0 is always `.notdef`), each with the character it shows.
    fonts: FastMap<usize, Glyphs>,
}

#[derive(Default)]
struct Glyphs {
    cids: FastMap<u16, u16>,
    by_cid: Vec<(u16, Option<char>)>,
}

impl Usage {
    /// The CID of `glyph` of font `font`, showing `c`.
    pub fn cid(&mut self, font: usize, glyph: u16, c: char) -> u16 {
        let g = self.fonts.entry(font).or_insert_with(|| Glyphs {
            cids: FastMap::from_iter([(0, 0)]),
            by_cid: vec![(0, None)],
        });
        if let Some(&cid) = g.cids.get(&glyph) {
            return cid;
        }
        let cid = g.by_cid.len() as u16;
        g.cids.insert(glyph, cid);
        g.by_cid.push((glyph, Some(c)));
        cid
    }

    /// How many glyphs all fonts hold.
    pub fn glyph_count(&self) -> usize {
        self.fonts.values().map(|g| g.by_cid.len()).sum()
    }

    /// The fonts used, in the book's order.
    pub fn fonts(&self) -> Vec<usize> {
        let mut f: Vec<usize> = self.fonts.keys().copied().collect();
        f.sort_unstable();
        f
    }
}

/// Adobe-Identity-0: CIDs are glyph indices of the embedded font.
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// What every font of a file is written from.
pub(super) struct Job<'a> {
    /// The fonts.
    pub book: &'a FontBook,
    /// The glyphs the pages drew.
    pub usage: &'a Usage,
    /// PDF/A: a font whose licence forbids embedding is refused.
    pub archival: bool,
}

/// Writes font `font` of the book as the Type 0 font `type0`, with the
/// glyphs the pages drew.
pub(super) fn write_font(
    chunk: &mut Chunk,
    refs: &mut Refs,
    deflater: &mut Deflater,
    type0: Ref,
    font: usize,
    job: &Job,
) -> Result<()> {
    let (book, usage, archival) = (job.book, job.usage, job.archival);
    let loaded = &book.files[font];
    let glyphs = &usage.fonts[&font];
    let old: Vec<u16> = glyphs.by_cid.iter().map(|(g, _)| *g).collect();
    let f = &loaded.font;
    let name = postscript_name(f);
    if archival && f.os2().is_ok_and(|os2| os2.fs_type() & 0xF == 2) {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "字体 {name} 的授权不允许嵌入(PDF/A 要求字体可嵌入);请用 --fonts 换用可嵌入的字体,或不加 --pdfa"
            ),
        ));
    }
    let program = subset(loaded, &old).ok_or_else(|| {
        Error::new(
            ErrorKind::Io,
            format!("无法从字体 {name} 中取出所用的字形;请用 --fonts 换一种字体"),
        )
    })?;
    let tag = subset_tag(&name, &old);
    let base = format!("{tag}+{name}");
    let scale = 1000.0 / loaded.units_per_em;

    let cid_ref = refs.next();
    let descriptor_ref = refs.next();
    let program_ref = refs.next();
    let cmap_ref = refs.next();

    let type0_name = if program.cff {
        format!("{base}-Identity-H")
    } else {
        base.clone()
    };
    chunk
        .type0_font(type0)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let mut cid = chunk.cid_font(cid_ref);
    cid.subtype(if program.cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    cid.base_font(Name(base.as_bytes()));
    cid.system_info(IDENTITY);
    cid.font_descriptor(descriptor_ref);
    cid.default_width(0.0);
    if !program.cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths()
        .consecutive(0, old.iter().map(|&g| book.width(font, g)));
    cid.finish();

    let head = f.head().ok();
    let bbox = head
        .as_ref()
        .map_or(Rect::new(0.0, -200.0, 1000.0, 900.0), |h| {
            Rect::new(
                f32::from(h.x_min()) * scale,
                f32::from(h.y_min()) * scale,
                f32::from(h.x_max()) * scale,
                f32::from(h.y_max()) * scale,
            )
        });
    let (ascent, descent) = f.hhea().map_or((880.0, -120.0), |h| {
        (
            f32::from(h.ascender().to_i16()) * scale,
            f32::from(h.descender().to_i16()) * scale,
        )
    });
    let cap_height = f
        .os2()
        .ok()
        .and_then(|o| o.s_cap_height())
        .map_or(ascent, |c| f32::from(c) * scale);
    let weight = f.os2().map_or(400, |o| o.us_weight_class());
    let mut flags = FontFlags::SYMBOLIC;
    flags.set(
        FontFlags::SERIF,
        name.contains("Serif") || name.contains("Song"),
    );
    let mut descriptor = chunk.font_descriptor(descriptor_ref);
    descriptor
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap_height)
        .stem_v(if weight >= 600 { 140.0 } else { 80.0 })
        .weight(weight);
    if program.cff {
        descriptor.font_file3(program_ref);
    } else {
        descriptor.font_file2(program_ref);
    }
    descriptor.finish();

    // CFF charstrings hardly compress (156 KB to 155 KB for a report's
    // Noto glyphs) and compressing them cost more than the rest of the PDF;
    // TrueType outlines shrink by about half.
    let packed;
    let mut stream = if program.cff {
        chunk.stream(program_ref, &program.bytes)
    } else {
        packed = deflater.deflate(&program.bytes);
        let mut s = chunk.stream(program_ref, &packed);
        s.filter(Filter::FlateDecode);
        s
    };
    if program.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), program.bytes.len() as i32);
    }
    stream.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (cid, (_, c)) in glyphs.by_cid.iter().enumerate() {
        if let Some(c) = c {
            cmap.pair(cid as u16, *c);
        }
    }
    let cmap = deflater.deflate(&cmap.finish());
    chunk.cmap(cmap_ref, &cmap).filter(Filter::FlateDecode);
    Ok(())
}

/// A font program holding `glyphs` (old glyph ids by new), CFF or TrueType.
struct Program {
    bytes: Vec<u8>,
    cff: bool,
}

/// The subset font program: CID-keyed CFF through [`super::cff`], whose
/// speed the report needs; anything else through the `subsetter` crate.
fn subset(loaded: &super::book::Loaded, glyphs: &[u16]) -> Option<Program> {
    let cff_tag = skrifa::Tag::new(b"CFF ");
    if let Some(table) = loaded.font.data_for_tag(cff_tag)
        && let Some(bytes) = super::cff::subset(table.as_bytes(), glyphs)
    {
        return Some(Program { bytes, cff: true });
    }
    let mut mapper = subsetter::GlyphRemapper::new();
    for &g in glyphs {
        mapper.remap(g);
    }
    let font = subsetter::subset(loaded.file.data, loaded.file.index, &mapper).ok()?;
    let parsed = skrifa::FontRef::new(&font).ok()?;
    if let Some(cff) = parsed.data_for_tag(cff_tag) {
        return Some(Program {
            bytes: cff.as_bytes().to_vec(),
            cff: true,
        });
    }
    Some(Program {
        bytes: font,
        cff: false,
    })
}

/// The font's PostScript name (name ID 6), or a safe stand-in.
fn postscript_name(font: &skrifa::FontRef) -> String {
    let name: String = font
        .localized_strings(StringId::POSTSCRIPT_NAME)
        .english_or_first()
        .map(|s| s.chars().collect())
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(60)
        .collect();
    if clean.is_empty() {
        "HuibaoFont".into()
    } else {
        clean
    }
}

/// Six capital letters naming the subset, from its glyphs (PDF 9.6.4): the
/// same glyphs give the same tag, so the same form gives the same bytes.
fn subset_tag(name: &str, glyphs: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name
        .bytes()
        .chain(glyphs.iter().flat_map(|g| g.to_be_bytes()))
    {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 8)) % 26) as u8) as char)
        .collect()
}
