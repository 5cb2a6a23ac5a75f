//! The font files the PDF draws with, opened once per process: which file
//! sets each face, and the glyph and advance of a character in it.

use krilla::Data;
use krilla::text::{Font, GlyphId};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

use crate::fonts::{FACES, Fonts};
use crate::layout::Face;

/// One font file (or one face of a collection) as found on the machine.
#[derive(Clone)]
pub struct FaceFile {
    /// The file's bytes (mapped or read).
    pub data: Data,
    /// The face's index in a collection (`.ttc`); 0 for a single font.
    pub index: u32,
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
#[derive(Clone, Default)]
pub struct FontBook {
    files: Vec<(FaceFile, Font)>,
    /// Per face (in [`FALLBACK_ORDER`]): the regular file and the bold one,
    /// as indices into `files`.
    faces: [(Option<usize>, Option<usize>); 5],
}

/// The fonts a run tries, first to last, borrowed from a [`FontBook`].
pub(super) struct Chain<'a> {
    /// krilla's handle of each font.
    pub list: Vec<Font>,
    /// Whether the first font is a real bold face.
    pub bold: bool,
    maps: Vec<(
        skrifa::charmap::Charmap<'a>,
        GlyphMetrics<'a>,
        f32,
        FontRef<'a>,
    )>,
}

fn slot(face: Face) -> usize {
    FALLBACK_ORDER
        .iter()
        .position(|f| *f == face)
        .expect("every face is in the order")
}

impl FontBook {
    /// A book of `files`, each the regular or bold file of a face. A file
    /// that cannot be read as a font is left out.
    pub fn new(files: impl IntoIterator<Item = (Face, bool, FaceFile)>) -> FontBook {
        let mut book = FontBook::default();
        for (face, bold, file) in files {
            let Some(font) = Font::new(file.data.clone(), file.index) else {
                continue;
            };
            let at = book
                .files
                .iter()
                .position(|(f, _)| f.index == file.index && same_data(&f.data, &file.data))
                .unwrap_or_else(|| {
                    book.files.push((file, font));
                    book.files.len() - 1
                });
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
            data: Data::from(f.data()),
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

    /// The fonts for `face`: its own file (the bold one when `bold` and there
    /// is one), then every other face's regular file, for characters it lacks.
    pub(super) fn fonts(&self, face: Face, bold: bool) -> Chain<'_> {
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
        let mut fonts = Chain {
            list: Vec::with_capacity(order.len()),
            bold: bold && bold_file.is_some(),
            maps: Vec::with_capacity(order.len()),
        };
        for i in order {
            let (file, font) = &self.files[i];
            let Ok(font_ref) = FontRef::from_index(file.data.as_ref(), file.index) else {
                continue;
            };
            let upem = font_ref
                .head()
                .map(|h| f32::from(h.units_per_em()))
                .unwrap_or(1000.0);
            let metrics = font_ref.glyph_metrics(Size::unscaled(), LocationRef::default());
            fonts.list.push(font.clone());
            fonts
                .maps
                .push((font_ref.charmap(), metrics, upem, font_ref));
        }
        fonts
    }

    /// The first font of `fonts` that has `c`, and its glyph there.
    pub(super) fn glyph(&self, fonts: &Chain<'_>, c: char) -> Option<(usize, GlyphId)> {
        fonts.maps.iter().enumerate().find_map(|(i, (cmap, ..))| {
            cmap.map(c)
                .filter(|g| g.to_u32() != 0)
                .map(|g| (i, GlyphId::new(g.to_u32())))
        })
    }

    /// The advance of `glyph` in font `i` of `fonts`, in em.
    pub(super) fn advance(&self, fonts: &Chain<'_>, i: usize, glyph: GlyphId) -> f32 {
        let Some((_, metrics, upem, _)) = fonts.maps.get(i) else {
            return 0.5;
        };
        metrics
            .advance_width(skrifa::GlyphId::new(glyph.to_u32()))
            .map_or(0.5, |a| a / upem)
    }
}

/// Whether two `Data` are the same bytes object (cheap: by address).
fn same_data(a: &Data, b: &Data) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
}
