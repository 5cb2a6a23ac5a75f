//! Which font families stand for each face, in the order they are preferred
//! (docs/layout.md §14), and the file names that may hold them.
//!
//! The official faces come first; then the open CJK faces, in the order
//! `.ci/fonts.conf` gives LibreOffice, so that the layout measures the same
//! faces LibreOffice draws a DOCX with.

use crate::layout::Face;

/// The families of `face`: the official ones first, then the stand-ins.
pub struct Families {
    /// Official names (GB/T 9704, and the names Windows and macOS ship).
    pub official: &'static [&'static str],
    /// Open faces that stand in when no official one is found.
    pub stand_ins: &'static [&'static str],
}

const SERIF: &[&str] = &[
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Serif SC",
    "Songti SC",
    "STSong",
];

/// A 楷 face where one is installed (Debian's fonts-arphic-ukai), else serif.
const KAI: &[&str] = &[
    "AR PL UKai CN",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Serif SC",
];

const SANS: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "Heiti SC",
    "PingFang SC",
];

/// The families of `face`, best first.
pub fn families(face: Face) -> Families {
    match face {
        Face::FangSong => Families {
            official: &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "STFangsong",
                "华文仿宋",
            ],
            stand_ins: SERIF,
        },
        Face::KaiTi => Families {
            official: &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "STKaiti",
                "华文楷体",
                "Kaiti SC",
            ],
            stand_ins: KAI,
        },
        Face::HeiTi => Families {
            official: &["黑体", "SimHei", "STHeiti", "华文黑体"],
            stand_ins: SANS,
        },
        Face::XiaoBiaoSong => Families {
            official: &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
                "小标宋",
            ],
            stand_ins: SERIF,
        },
        Face::SongTi => Families {
            official: &["宋体", "SimSun", "STSong", "华文宋体"],
            stand_ins: SERIF,
        },
    }
}

/// Pieces of file names (lower case, extension dropped) that may hold one of
/// the families above. Only such files are opened in the system's font
/// folders: reading every font's name table would cost more than a report.
/// A `--fonts` folder is read whole.
pub const FILE_HINTS: &[&str] = &[
    // official faces, as Windows, WPS and the 方正 packages name them
    "simfang",
    "simkai",
    "simhei",
    "simsun",
    "fangsong",
    "kaiti",
    "fzxbs",
    "xiaobiaosong",
    "仿宋",
    "楷体",
    "黑体",
    "宋体",
    "小标宋",
    "gb2312",
    "stfangso",
    "stkaiti",
    "stheiti",
    "stsong",
    "songti",
    "heiti",
    // open stand-ins
    "notoserifcjk",
    "notosanscjk",
    "notoserifsc",
    "notosanssc",
    "sourcehanserif",
    "sourcehansans",
    "pingfang",
    "ukai",
];

/// Whether a font file's name (lower case) may hold a face we look for.
pub fn hinted(file_name: &str) -> bool {
    let name = file_name.to_lowercase().replace(['-', '_', ' '], "");
    FILE_HINTS
        .iter()
        .any(|h| name.contains(&h.replace(['-', '_', ' '], "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_of_official_and_open_faces_are_hinted() {
        for name in [
            "simfang.ttf",
            "SIMKAI.TTF",
            "FZXBSJW.TTF",
            "仿宋_GB2312.ttf",
            "NotoSerifCJK-Regular.ttc",
            "NotoSansCJK-Bold.ttc",
            "SourceHanSerifSC-Regular.otf",
            "STFANGSO.TTF",
        ] {
            assert!(hinted(name), "{name}");
        }
        for name in ["DejaVuSans.ttf", "LiberationSerif-Regular.ttf"] {
            assert!(!hinted(name), "{name}");
        }
    }
}
