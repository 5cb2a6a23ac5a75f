//! Chinese numerals for 一、, (一) and 一是 (docs/form.md §3.6).

const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `n` in Chinese numerals for 1..=99 (`一` … `十`, `十一` … `十九`, `二十`,
/// `二十一` … `九十九`); `None` for 0 and beyond 99, which the caller reports
/// as an error.
pub fn cn_numeral(n: usize) -> Option<String> {
    match n {
        1..=9 => Some(DIGITS[n].to_string()),
        10..=19 => Some(format!("十{}", DIGITS[n % 10])),
        20..=99 => Some(format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(n: usize) -> String {
        cn_numeral(n).unwrap()
    }

    #[test]
    fn one_to_ten() {
        let all: Vec<String> = (1..=10).map(cn).collect();
        assert_eq!(
            all,
            ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        );
    }

    #[test]
    fn teens_have_no_leading_one() {
        assert_eq!(cn(11), "十一");
        assert_eq!(cn(12), "十二");
        assert_eq!(cn(19), "十九");
    }

    #[test]
    fn tens_and_units() {
        assert_eq!(cn(20), "二十");
        assert_eq!(cn(21), "二十一");
        assert_eq!(cn(35), "三十五");
        assert_eq!(cn(90), "九十");
        assert_eq!(cn(99), "九十九");
    }

    #[test]
    fn zero_and_beyond_99_are_none() {
        assert_eq!(cn_numeral(0), None);
        assert_eq!(cn_numeral(100), None);
        assert_eq!(cn_numeral(1000), None);
    }
}
