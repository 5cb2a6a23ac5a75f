//! The subset draws every glyph exactly as the original font does.

use super::*;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider, Tag};

const SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const SANS: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// The Noto CJK SC face in the collection at `path`, or `None` on a machine
/// without fonts-noto-cjk (CI installs it: .ci/libreoffice.sh).
fn noto(path: &str) -> Option<(Vec<u8>, u32)> {
    let data = std::fs::read(path).ok()?;
    let index = (0..16).find(|&i| {
        FontRef::from_index(&data, i).is_ok_and(|f| {
            f.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .english_or_first()
                .is_some_and(|s| s.chars().collect::<String>().ends_with("CJK SC"))
        })
    })?;
    Some((data, index))
}

/// A minimal OpenType font around a CFF table, so skrifa can draw it.
fn wrap(cff: &[u8], num_glyphs: u16) -> Vec<u8> {
    let mut maxp = vec![0, 0, 0x50, 0];
    maxp.extend_from_slice(&num_glyphs.to_be_bytes());
    let mut head = vec![0u8; 54];
    head[0..4].copy_from_slice(&[0, 1, 0, 0]);
    head[12..16].copy_from_slice(&0x5F0F3CF5u32.to_be_bytes());
    head[18..20].copy_from_slice(&1000u16.to_be_bytes());
    let mut hhea = vec![0u8; 36];
    hhea[0..4].copy_from_slice(&[0, 1, 0, 0]);
    hhea[34..36].copy_from_slice(&1u16.to_be_bytes());
    let hmtx = [3u8, 232, 0, 0];
    let tables: [(&[u8; 4], &[u8]); 5] = [
        (b"CFF ", cff),
        (b"head", &head),
        (b"hhea", &hhea),
        (b"hmtx", &hmtx),
        (b"maxp", &maxp),
    ];
    let mut out = Vec::new();
    out.extend_from_slice(b"OTTO");
    out.extend_from_slice(&(tables.len() as u16).to_be_bytes());
    out.extend_from_slice(&[0, 32, 0, 1, 0, 16]);
    let mut at = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    out
}

/// Every drawing command of a glyph.
#[derive(Default, PartialEq, Debug)]
struct Record(Vec<(char, [i32; 6])>);

impl OutlinePen for Record {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(('M', [x as i32, y as i32, 0, 0, 0, 0]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(('L', [x as i32, y as i32, 0, 0, 0, 0]));
    }
    fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
        self.0
            .push(('Q', [a as i32, b as i32, x as i32, y as i32, 0, 0]));
    }
    fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
        self.0.push((
            'C',
            [a as i32, b as i32, c as i32, d as i32, x as i32, y as i32],
        ));
    }
    fn close(&mut self) {
        self.0.push(('Z', [0; 6]));
    }
}

fn draw(font: &FontRef, gid: u16) -> Record {
    let mut pen = Record::default();
    let glyph = font
        .outline_glyphs()
        .get(GlyphId::new(gid.into()))
        .expect("glyph");
    glyph
        .draw(
            DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
            &mut pen,
        )
        .expect("draws");
    pen
}

/// Subsets `text`'s glyphs (plus every 97th glyph of the font, for
/// variety) and compares each glyph's outline with the original's.
fn check(path: &str, text: &str) {
    let Some((data, index)) = noto(path) else {
        assert!(std::env::var_os("CI").is_none(), "{path} missing on CI");
        return;
    };
    let font = FontRef::from_index(&data, index).unwrap();
    let cmap = font.charmap();
    let mut glyphs: Vec<u16> = text
        .chars()
        .filter_map(|c| cmap.map(c))
        .map(|g| g.to_u32() as u16)
        .chain((0..65535).step_by(97))
        .chain([0])
        .collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    let table = font.data_for_tag(Tag::new(b"CFF ")).unwrap();
    let sub = subset(table.as_bytes(), &glyphs).expect("fast path takes Noto CJK");
    assert!(
        sub.len() < table.len() / 20,
        "{} of {}",
        sub.len(),
        table.len()
    );
    let wrapped = wrap(&sub, glyphs.len() as u16);
    let small = FontRef::new(&wrapped).unwrap();
    for (new, &old) in glyphs.iter().enumerate() {
        assert_eq!(draw(&small, new as u16), draw(&font, old), "glyph {old}");
    }
}

const TEXT: &str = "关于示例市科技创新工作情况的汇报 一、主要工作及成效（一）深化科技体制改革，\
    政策体系日趋完善。全社会研发投入15.55亿元，较上年增长17.8%，增幅居全省第3位；\
    “揭榜挂帅”《若干措施》——【待补充：导语】ABCabc0123456789—…、；：？！";

#[test]
fn serif_subset_draws_the_same_glyphs() {
    check(SERIF, TEXT);
}

#[test]
fn sans_subset_draws_the_same_glyphs() {
    check(SANS, TEXT);
}

#[test]
fn index_round_trip() {
    let items: Vec<Vec<u8>> = vec![vec![1, 2, 3], vec![], vec![9; 300]];
    let bytes = write_index(&items).unwrap();
    assert_eq!(bytes.len(), index_len(&[3, 0, 300]));
    let (read, end) = index(&bytes, 0).unwrap();
    assert_eq!(end, bytes.len());
    assert_eq!(read, items.iter().map(Vec::as_slice).collect::<Vec<_>>());
    assert_eq!(write_index::<Vec<u8>>(&[]).unwrap(), vec![0, 0]);
}

#[test]
fn charstring_integers_in_their_shortest_form() {
    for (v, len) in [
        (0, 1),
        (107, 1),
        (-107, 1),
        (108, 2),
        (1131, 2),
        (-1131, 2),
        (1132, 3),
        (-32768, 3),
    ] {
        let mut out = Vec::new();
        encode_charstring_int(v, &mut out);
        assert_eq!(out.len(), len, "{v}");
        let mut walk_stack = Vec::new();
        // Read back through the DICT operand reader, which shares the encodings.
        walk_stack.extend(operands(&out));
        assert_eq!(walk_stack, vec![v], "{v}");
    }
}
