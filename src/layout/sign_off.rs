//! Where the signature and the date go (GB/T 9704 7.3.5.2; docs/layout.md §6):
//! positions computed from both lengths, digits counted half-width.

use super::geometry::{CHAR_SPACING_TW, CHAR_TW as CHAR, TYPE_WIDTH_TW as TYPE_WIDTH};

/// Width of `text` in 3号 at the tightened spacing: full-width characters one
/// character, digits and Latin letters half of one (`digit` in twentieths of
/// a character, so that the fit can be judged with a wider digit).
fn text_width(text: &str, digit: i32) -> i32 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                CHAR * digit / 20 + CHAR_SPACING_TW
            } else {
                CHAR + CHAR_SPACING_TW
            }
        })
        .sum()
}

/// Left indents of the signature and the date (GB/T 9704 7.3.5.2; see
/// docs/layout.md §6): the signature two characters from the right edge, the
/// date's first character two characters right of the signature's; when the
/// date would then not keep its own right space (it is the longer), the date
/// gets the two characters and the signature moves left to keep the offset.
/// Both are set as left indents, so the offset holds whatever the digits'
/// real width; digits count half a character.
pub fn sign_off_indents(signature: &str, date: Option<&str>) -> (i32, Option<i32>) {
    let two = 2 * CHAR;
    let sig = text_width(signature, 10);
    let Some(date) = date else {
        return ((TYPE_WIDTH - two - sig).max(0), None);
    };
    let sig_left = TYPE_WIDTH - two - sig;
    // Judged with digits at three quarters of a character: in a face whose
    // digits are wider than half (LibreOffice's stand-ins for 仿宋_GB2312 set
    // them at about 0.7), a date as long as the signature would otherwise
    // run into the margin and wrap.
    let fits = sig_left + two + text_width(date, 15) <= TYPE_WIDTH;
    let date_left = if fits {
        sig_left + two
    } else {
        TYPE_WIDTH - two - text_width(date, 10)
    };
    let sig_left = date_left - two;
    (sig_left.max(0), Some(date_left.max(two)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 8 characters: two characters of right space, the date two further right.
    #[test]
    fn signature_longer_than_the_date() {
        let (sig, date) = sign_off_indents("某某县科学技术局", Some("2025年7月1日"));
        assert_eq!(sig, TYPE_WIDTH - 2 * CHAR - 8 * 315);
        assert_eq!(date, Some(sig + 2 * CHAR));
    }

    // A date longer than the signature keeps two characters of right space
    // and the signature moves left to keep the offset.
    #[test]
    fn date_longer_than_the_signature() {
        let (sig, date) = sign_off_indents("某某局", Some("2025年10月12日"));
        let date = date.unwrap();
        assert_eq!(date, TYPE_WIDTH - 2 * CHAR - (3 * 315 + 8 * 155));
        assert_eq!(sig, date - 2 * CHAR);
    }

    #[test]
    fn digits_are_half_width() {
        assert_eq!(text_width("2025年", 10), 4 * 155 + 315);
    }
}
