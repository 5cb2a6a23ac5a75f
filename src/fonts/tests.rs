use super::*;
use crate::layout::Face;

// Whatever the machine has, every face measures something sensible.
#[test]
fn system_fonts_measure_cjk_at_one_em() {
    let fonts = Fonts::system();
    for face in FACES {
        let w = fonts.advance(face, false, '\u{5b57}');
        assert!((w - 1.0).abs() < 0.01, "{face:?}: {w}");
        let d = fonts.advance(face, false, '2');
        assert!(d > 0.2 && d < 0.8, "{face:?}: {d}");
    }
}

// Without fonts every face measures as FixedMetrics does.
#[test]
fn no_fonts_measure_fixed_widths() {
    let none = Fonts::default();
    for c in ['字', '2', '\u{ff0c}', 'A'] {
        assert_eq!(
            none.advance(Face::FangSong, false, c),
            FixedMetrics.advance(Face::FangSong, false, c)
        );
    }
    assert_eq!(none.stand_ins().len(), FACES.len());
    assert!(
        none.notes()[0].contains("也没有可代替的中文字体"),
        "{:?}",
        none.notes()
    );
}

// A --fonts folder is read whole (whatever its files are called) and
// preferred to the same family in the system's folders.
#[cfg(unix)]
#[test]
fn a_fonts_folder_is_preferred() {
    let Some((system, _)) = Fonts::system().file(Face::HeiTi, false) else {
        return; // no CJK sans face on this machine to copy
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("任意名称.ttc");
    std::os::unix::fs::symlink(&system.path, &link).expect("link");
    let fonts = Fonts::discover(Some(dir.path()));
    let (chosen, _) = fonts.file(Face::HeiTi, false).expect("a face");
    assert_eq!(chosen.path, link);
    assert_eq!(chosen.family, system.family);
}
