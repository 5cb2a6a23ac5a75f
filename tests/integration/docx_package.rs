//! What Word reads before any text: the package's parts, the font table it
//! falls back by, the language and spacing defaults of a zh-CN document, and
//! the schema order of property elements (Word drops children out of order).

use crate::fixture::{part, report};

use huibao::write::docx::to_docx;

fn docx() -> Vec<u8> {
    to_docx(&report()).expect("docx")
}

// Theme, font table, settings, styles and both footers are related from the
// document and typed; no empty leftovers (comments, footnotes, numbering).
#[test]
fn package_holds_the_parts_word_expects() {
    let bytes = docx();
    let types = part(&bytes, "[Content_Types].xml");
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    for (name, kind) in [
        ("styles.xml", "styles"),
        ("settings.xml", "settings"),
        ("fontTable.xml", "fontTable"),
        ("theme/theme1.xml", "theme"),
        ("footer1.xml", "footer"),
        ("footer2.xml", "footer"),
    ] {
        assert!(
            rels.contains(&format!("relationships/{kind}\" Target=\"{name}\"")),
            "{name} not related: {rels}"
        );
        assert!(
            types.contains(&format!("PartName=\"/word/{name}\"")),
            "{name} untyped"
        );
        assert!(!part(&bytes, &format!("word/{name}")).is_empty());
    }
    assert!(types.contains("officedocument.theme+xml"));
    assert!(part(&bytes, "word/theme/theme1.xml").contains("<a:clrScheme name=\"Office\">"));
    for gone in ["comments", "footnotes", "numbering", "commentsExtended"] {
        assert!(!types.contains(&format!("/word/{gone}.xml")), "{gone}");
    }
}

// The five faces with charset 86 (GB2312), panose and signature; the GB2312
// faces name what Windows ships (仿宋, 楷体) as their alternates.
#[test]
fn font_table_names_the_five_faces_with_fallbacks() {
    let fonts = part(&docx(), "word/fontTable.xml");
    for (face, alt) in [
        ("方正小标宋简体", "宋体"),
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("黑体", "SimHei"),
        ("宋体", "SimSun"),
    ] {
        let start = fonts
            .find(&format!("<w:font w:name=\"{face}\">"))
            .unwrap_or_else(|| panic!("{face} missing: {fonts}"));
        let entry = &fonts[start..start + fonts[start..].find("</w:font>").unwrap()];
        assert!(
            entry.contains(&format!("<w:altName w:val=\"{alt}\"/><w:panose1 w:val=\"")),
            "{entry}"
        );
        assert!(entry.contains("<w:charset w:val=\"86\"/>"), "{entry}");
        assert!(entry.contains("<w:sig w:usb0=\""), "{entry}");
    }
}

// zh-CN as Word writes it: the East Asian language in the run defaults and
// the theme font language, punctuation not compressed (every mark keeps its
// cell of the 28-character line), and no mark hanging in the margin
// (LibreOffice reads `overflowPunct` 1 as that; docs/layout.md §13, §15).
#[test]
fn zh_cn_language_and_spacing_defaults() {
    let bytes = docx();
    let styles = part(&bytes, "word/styles.xml");
    let defaults = &styles[..styles.find("</w:docDefaults>").expect("docDefaults")];
    assert!(
        defaults.contains("<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\""),
        "{defaults}"
    );
    assert!(defaults.contains("<w:pPr><w:overflowPunct w:val=\"1\" /><w:spacing"));
    assert!(
        !defaults.contains("autoSpace"),
        "LibreOffice ignores it: the space stays on"
    );
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\" />"));
    assert!(settings.contains("<w:characterSpacingControl w:val=\"doNotCompress\" />"));
}

// Faces before sizes in every rPr, the style before the indent and the
// alignment in every pPr, footer references first in the section.
#[test]
fn property_children_come_in_schema_order() {
    let bytes = docx();
    for name in ["word/styles.xml", "word/document.xml", "word/footer1.xml"] {
        let xml = part(&bytes, name);
        for rpr in xml.split("<w:rPr>").skip(1) {
            let rpr = &rpr[..rpr.find("</w:rPr>").expect("closed")];
            if let (Some(fonts), Some(size)) = (rpr.find("<w:rFonts"), rpr.find("<w:sz ")) {
                assert!(fonts < size, "{name}: {rpr}");
            }
        }
        for ppr in xml.split("<w:pPr>").skip(1) {
            let ppr = &ppr[..ppr.find("</w:pPr>").expect("closed")];
            let at = |tag: &str| ppr.find(tag);
            let order = [
                at("<w:pStyle"),
                at("<w:keepNext"),
                at("<w:spacing"),
                at("<w:ind"),
                at("<w:jc"),
            ];
            let present: Vec<usize> = order.into_iter().flatten().collect();
            assert!(present.is_sorted(), "{name}: {ppr}");
        }
    }
    let document = part(&bytes, "word/document.xml");
    assert!(
        document.contains("<w:sectPr><w:footerReference"),
        "sectPr order"
    );
}
