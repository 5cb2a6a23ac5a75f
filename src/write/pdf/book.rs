//! The font files the PDF draws with: which file sets each face, the glyph
//! of a character in it, and the other faces a missing character is taken
//! from.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use crate::fonts::{FACES, Fonts};
use crate::layout::Face;

/// One font file (or one font of a collection).
#[derive(Clone, Copy)]
pub struct FaceFile {
    /// The file's bytes, mapped or read, for the process's life.
    pub data: &'static [u8],
    /// The font's index in a collection (`.ttc`); 0 for a single font.
    pub index: u32,
}

/// A font ready to draw with: its file, tables and names.
pub(super) struct Loaded {
    pub file: FaceFile,
    pub font: FontRef<'static>,
    pub charmap: Charmap<'static>,
    pub metrics: GlyphMetrics<'static>,
    pub units_per_em: f32,
}

/// Faces in the order a missing character is looked for in the others.
const FALLBACK_ORDER: [Face; 5] = [
    Face::FangSong,
    Face::SongTi,
    Face::HeiTi,
    Face::KaiTi,
    Face::XiaoBiaoSong,
];

/// The faces the PDF is drawn with.
#[derive(Default)]
pub struct FontBook {
    pub(super) files: Vec<Loaded>,
    /// Per face (in [`FACES`] order): the regular file and the bold one, as
    /// indices into `files`.
    faces: [(Option<usize>, Option<usize>); 5],
}

fn slot(face: Face) -> usize {
    FACES
        .iter()
        .position(|f| *f == face)
        .expect("every face is listed")
}

impl FontBook {
    /// A book of `files`, each the regular or bold file of a face. A file
    /// that cannot be read as a font is left out.
    pub fn new(files: impl IntoIterator<Item = (Face, bool, FaceFile)>) -> FontBook {
        let mut book = FontBook::default();
        for (face, bold, file) in files {
            let existing = book
                .files
                .iter()
                .position(|l| l.file.index == file.index && std::ptr::eq(l.file.data, file.data));
            let at = match existing {
                Some(at) => at,
                None => {
                    let Ok(font) = FontRef::from_index(file.data, file.index) else {
                        continue;
                    };
                    let units_per_em = font
                        .head()
                        .map(|h| f32::from(h.units_per_em()))
                        .unwrap_or(1000.0);
                    book.files.push(Loaded {
                        file,
                        charmap: font.charmap(),
                        metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                        units_per_em,
                        font,
                    });
                    book.files.len() - 1
                }
            };
            let entry = &mut book.faces[slot(face)];
            if bold {
                entry.1 = Some(at);
            } else {
                entry.0 = Some(at);
            }
        }
        book
    }

    /// The files `fonts` chose: each face's regular font, and its bold one
    /// where the family has a real bold (else bold is drawn emboldened).
    pub fn from_fonts(fonts: &Fonts) -> FontBook {
        let file = |f: &'static crate::fonts::FontFile| FaceFile {
            data: f.data(),
            index: f.index,
        };
        let mut files = Vec::new();
        for face in FACES {
            if let Some((f, _)) = fonts.file(face, false) {
                files.push((face, false, file(f)));
            }
            if let Some((f, false)) = fonts.file(face, true) {
                files.push((face, true, file(f)));
            }
        }
        FontBook::new(files)
    }

    /// Whether the book has no font at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The fonts for `face`, first to last: its own file (the bold one when
    /// `bold` and there is one), then every other face's regular file, for
    /// characters it lacks; and whether the first is a real bold.
    pub(super) fn chain(&self, face: Face, bold: bool) -> (Vec<usize>, bool) {
        let (regular, bold_file) = self.faces[slot(face)];
        let first = if bold { bold_file.or(regular) } else { regular };
        let mut order: Vec<usize> = first.into_iter().collect();
        for f in FALLBACK_ORDER {
            if let Some(i) = self.faces[slot(f)].0
                && !order.contains(&i)
            {
                order.push(i);
            }
        }
        for i in 0..self.files.len() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
        (order, bold && bold_file.is_some())
    }

    /// The first font of `chain` that has `c`, and its glyph there.
    pub(super) fn glyph(&self, chain: &[usize], c: char) -> Option<(usize, u16)> {
        chain.iter().find_map(|&i| {
            let g = self.files[i].charmap.map(c)?.to_u32();
            (g != 0).then_some((i, u16::try_from(g).ok()?))
        })
    }

    /// The advance of `glyph` in font `i`, in thousandths of an em (the
    /// unit of a PDF font's widths).
    pub(super) fn width(&self, i: usize, glyph: u16) -> f32 {
        let f = &self.files[i];
        f.metrics
            .advance_width(skrifa::GlyphId::new(u32::from(glyph)))
            .map_or(500.0, |a| a * 1000.0 / f.units_per_em)
    }
}
