use super::*;

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
