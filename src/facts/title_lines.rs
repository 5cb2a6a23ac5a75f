//! Splitting a long derived title into lines (docs/form.md §9.9; GB/T 9704
//! 7.3.1: 词意完整,排列对称): only between the title's parts, never inside a
//! word, and as evenly as possible.

/// Characters of 2号 type on one line of the 156 mm type area.
pub const LINE_CHARS: usize = 20;

/// Width of `text` in half-characters: Chinese characters and full-width
/// marks count two, ASCII digits and letters one (they are set half-width).
pub fn half_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The lines of a title made of `pieces` (substituted values and literal
/// words, in order). A title of at most [`LINE_CHARS`] characters stays one
/// line; a longer one gets the fewest lines that fit, broken only between
/// pieces, choosing the most even split. A single piece wider than a line
/// cannot be broken and is left to the reader's wrapping.
pub fn title_lines(pieces: &[String]) -> Vec<String> {
    let pieces: Vec<&str> = pieces
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    let full: String = pieces.concat();
    let limit = LINE_CHARS * 2;
    let total = half_width(&full);
    if total <= limit || pieces.len() < 2 {
        return vec![full];
    }
    let widths: Vec<usize> = pieces.iter().map(|p| half_width(p)).collect();
    let min_lines = total.div_ceil(limit).max(2);
    for lines in min_lines..=pieces.len() {
        if let Some(cuts) = best_cuts(&widths, lines, limit) {
            return cut(&pieces, &cuts);
        }
    }
    // No split fits every line: the most even two-line split still reads better.
    let cuts = best_cuts(&widths, 2, usize::MAX).unwrap_or_default();
    cut(&pieces, &cuts)
}

/// The cut positions (piece indices where a new line starts) giving `lines`
/// lines each at most `limit` wide, minimising the widest line, then the
/// spread between lines; ties go to the longer first line.
fn best_cuts(widths: &[usize], lines: usize, limit: usize) -> Option<Vec<usize>> {
    let n = widths.len();
    let mut best: Option<((usize, usize, usize), Vec<usize>)> = None;
    let mut cuts: Vec<usize> = (1..lines).collect();
    if lines > n || lines < 2 {
        return None;
    }
    loop {
        let mut bounds = vec![0];
        bounds.extend(&cuts);
        bounds.push(n);
        let line_widths: Vec<usize> = bounds
            .windows(2)
            .map(|w| widths[w[0]..w[1]].iter().sum())
            .collect();
        let widest = *line_widths.iter().max().unwrap_or(&0);
        let narrowest = *line_widths.iter().min().unwrap_or(&0);
        if widest <= limit {
            // Prefer the longer first line on ties (a "正梯形" title).
            let key = (widest, widest - narrowest, usize::MAX - line_widths[0]);
            if best.as_ref().is_none_or(|(k, _)| key < *k) {
                best = Some((key, cuts.clone()));
            }
        }
        if !next_combination(&mut cuts, n) {
            break;
        }
    }
    best.map(|(_, c)| c)
}

/// Advances `cuts` (strictly increasing, in 1..n) to the next combination.
fn next_combination(cuts: &mut [usize], n: usize) -> bool {
    let k = cuts.len();
    for i in (0..k).rev() {
        if cuts[i] < n - (k - i) {
            cuts[i] += 1;
            for j in i + 1..k {
                cuts[j] = cuts[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

fn cut(pieces: &[&str], cuts: &[usize]) -> Vec<String> {
    let mut bounds = vec![0];
    bounds.extend(cuts);
    bounds.push(pieces.len());
    bounds
        .windows(2)
        .map(|w| pieces[w[0]..w[1]].concat())
        .collect()
}

/// The pieces of a title (as `title::title_pieces` gives them), with each
/// literal piece (one that is not a substituted value) cut after `及`/`和`,
/// where a line may also end.
pub fn split_literals(pieces: Vec<String>, values: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for piece in pieces {
        if values.contains(&piece.as_str()) {
            out.push(piece);
        } else {
            let mut literal = piece;
            push_literal(&mut out, &mut literal);
        }
    }
    out
}

/// Ends a literal piece; `工作总结及` splits after `及` so a line may end there.
fn push_literal(pieces: &mut Vec<String>, literal: &mut String) {
    if literal.is_empty() {
        return;
    }
    let text = std::mem::take(literal);
    match text.find(['\u{53ca}', '\u{548c}']) {
        Some(i) if i > 0 => {
            let after = i + '\u{53ca}'.len_utf8();
            pieces.push(text[..after].to_string());
            if after < text.len() {
                pieces.push(text[after..].to_string());
            }
        }
        _ => pieces.push(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(pieces: &[&str], values: &[&str]) -> Vec<String> {
        let pieces = pieces.iter().map(|p| p.to_string()).collect();
        title_lines(&split_literals(pieces, values))
    }

    // A short title stays one line.
    #[test]
    fn short_title_is_one_line() {
        assert_eq!(
            split(
                &["关于", "示例市", "科技创新", "工作情况的汇报"],
                &["示例市", "科技创新"]
            ),
            ["关于示例市科技创新工作情况的汇报"]
        );
    }

    // A long 工作总结 title breaks between parts, most evenly.
    #[test]
    fn long_title_breaks_between_parts() {
        let lines = split(
            &[
                "示例市科学技术局",
                "2024年上半年",
                "科技创新",
                "工作总结及下半年工作思路",
            ],
            &["示例市科学技术局", "科技创新", "2024年上半年", "下半年"],
        );
        assert_eq!(
            lines,
            [
                "示例市科学技术局2024年上半年",
                "科技创新工作总结及下半年工作思路"
            ]
        );
    }

    // Never `科技创新工` / `作总结`: every line is a run of whole pieces.
    #[test]
    fn never_breaks_inside_a_piece() {
        let pieces: Vec<String> = [
            "某某县科学技术局",
            "2024年",
            "科技创新",
            "工作总结及",
            "2025年",
            "工作思路",
        ]
        .map(String::from)
        .to_vec();
        let lines = title_lines(&pieces);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.concat(), pieces.concat());
        let mut at = 0;
        let bounds: Vec<usize> = pieces
            .iter()
            .map(|p| {
                at += p.len();
                at
            })
            .collect();
        assert!(bounds.contains(&lines[0].len()));
    }

    // A literal word is cut after 及, where a line may end.
    #[test]
    fn literals_are_cut_after_ji() {
        let pieces = vec!["某局".to_string(), "总结及计划".to_string()];
        assert_eq!(
            split_literals(pieces, &["某局"]),
            ["某局", "总结及", "计划"]
        );
    }

    #[test]
    fn counts_digits_half_width() {
        assert_eq!(half_width("2024年"), 6);
    }
}
