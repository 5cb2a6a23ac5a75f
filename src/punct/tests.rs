//! Tests of §8 punctuation normalization. Full-width characters are escapes.

use super::*;
use crate::document::{Heading, InlineStyle};

fn n(s: &str) -> String {
    normalize(s)
}

fn bold(s: &str) -> Inline {
    Inline {
        text: s.into(),
        style: InlineStyle::Bold,
    }
}

#[test]
fn converts_marks_touching_chinese() {
    assert_eq!(
        n("尊敬的各位领导,同志们:"),
        "尊敬的各位领导\u{ff0c}同志们\u{ff1a}"
    );
    assert_eq!(n("现将有关情况汇报如下:"), "现将有关情况汇报如下\u{ff1a}");
    assert_eq!(n("谢谢大家!"), "谢谢大家\u{ff01}");
    assert_eq!(n("为什么?"), "为什么\u{ff1f}");
    assert_eq!(n("一是加强;二是完善"), "一是加强\u{ff1b}二是完善");
    assert_eq!(
        n("高新技术企业251家,较上期净增76家,同比增长43.4%,居全省第2位"),
        "高新技术企业251家\u{ff0c}较上期净增76家\u{ff0c}同比增长43.4%\u{ff0c}居全省第2位"
    );
}

#[test]
fn chinese_on_one_side_is_enough() {
    // Right neighbour Chinese, left a digit or `%`.
    assert_eq!(n("增长20%,居"), "增长20%\u{ff0c}居");
    assert_eq!(n("2024,示例"), "2024\u{ff0c}示例");
    // Left neighbour full-width punctuation, right Latin.
    assert_eq!(n("\u{3002},AI"), "\u{3002}\u{ff0c}AI");
}

#[test]
fn keeps_ascii_between_digits_and_latin() {
    for s in [
        "1,000",
        "10:30",
        "Hello, world!",
        "a;b",
        "Why?",
        "x(1)",
        "(R&D)",
    ] {
        assert_eq!(n(s), s);
    }
    assert_eq!(n("共1,000家"), "共1,000家");
    assert_eq!(n("上午10:30召开"), "上午10:30召开");
    assert_eq!(n("网址http://example.cn发布"), "网址http://example.cn发布");
}

#[test]
fn parentheses_follow_their_content() {
    assert_eq!(n("(一)"), "\u{ff08}一\u{ff09}");
    assert_eq!(n("(一)深化改革"), "\u{ff08}一\u{ff09}深化改革");
    assert_eq!(n("研发(R&D)投入"), "研发(R&D)投入");
    assert_eq!(n("研发(R&D, AI)投入"), "研发(R&D, AI)投入");
    assert_eq!(n("(2024年)"), "\u{ff08}2024年\u{ff09}");
    assert_eq!(n("GDP(国内生产总值)"), "GDP\u{ff08}国内生产总值\u{ff09}");
    // Digits only: decided by the outer neighbours.
    assert_eq!(n("措施(1)加强"), "措施\u{ff08}1\u{ff09}加强");
    assert_eq!(n("f(1) = 2"), "f(1) = 2");
    // A half-converted pair is made consistent.
    assert_eq!(n("(一\u{ff09}"), "\u{ff08}一\u{ff09}");
    assert_eq!(n("\u{ff08}R&D)"), "\u{ff08}R&D\u{ff09}");
    // Nested: the inner Chinese makes the outer pair Chinese too.
    assert_eq!(
        n("(见附件(一))"),
        "\u{ff08}见附件\u{ff08}一\u{ff09}\u{ff09}"
    );
    // Unmatched parentheses fall back to the neighbour rule.
    assert_eq!(n("示例市)"), "示例市\u{ff09}");
    assert_eq!(n("a)"), "a)");
}

#[test]
fn quotes_around_chinese_are_curled() {
    assert_eq!(n("\"十四五\"以来"), "\u{201c}十四五\u{201d}以来");
    assert_eq!(n("say \"hi\" now"), "say \"hi\" now");
    assert_eq!(n("\"ok\"与\"示例\""), "\"ok\"与\u{201c}示例\u{201d}");
    // An odd quote is left alone.
    assert_eq!(n("\"示例"), "\"示例");
    // After curling, a comma next to the closing quote is Chinese context.
    assert_eq!(n("\"十四五\",ok"), "\u{201c}十四五\u{201d}\u{ff0c}ok");
}

#[test]
fn decimal_point_between_digits() {
    assert_eq!(n("增长17\u{3002}2%"), "增长17.2%");
    assert_eq!(n("增长17\u{ff0e}2%"), "增长17.2%");
    // A real full stop after a number stays.
    assert_eq!(n("共17\u{3002}"), "共17\u{3002}");
    assert_eq!(n("17\u{3002}二"), "17\u{3002}二");
}

#[test]
fn drops_spaces_next_to_converted_marks() {
    assert_eq!(n("示例市 , 科技"), "示例市\u{ff0c}科技");
    assert_eq!(n("示例市 ( 一 ) 科技"), "示例市\u{ff08}一\u{ff09}科技");
    assert_eq!(n("他说 \"好\" 吧"), "他说\u{201c}好\u{201d}吧");
    // Spaces by an unconverted ASCII mark stay; by a full-width mark they go.
    assert_eq!(n("1, 2"), "1, 2");
    assert_eq!(n("示例\u{ff0c} 科技"), "示例\u{ff0c}科技");
}

#[test]
fn chains_through_converted_marks() {
    assert_eq!(n("abc,(一)"), "abc\u{ff0c}\u{ff08}一\u{ff09}");
    assert_eq!(n("真的吗?!"), "真的吗\u{ff1f}\u{ff01}");
    assert_eq!(n("AI?!吗"), "AI\u{ff1f}\u{ff01}吗");
}

#[test]
fn placeholder_colon_is_converted() {
    assert_eq!(
        n("\u{3010}待补充:主要指标[2].数值\u{3011}"),
        "\u{3010}待补充\u{ff1a}主要指标[2].数值\u{3011}"
    );
}

#[test]
fn already_normal_text_is_untouched() {
    let s = "尊敬的各位领导\u{ff0c}同志们\u{ff1a}\u{201c}十四五\u{201d}以来\u{ff08}一\u{ff09}";
    assert_eq!(n(s), s);
    assert_eq!(n(""), "");
}

#[test]
fn runs_share_context_and_keep_styles() {
    let mut runs = vec![
        bold("一是加强领导"),
        Inline::plain(",完善机制:"),
        bold("AI"),
    ];
    normalize_runs(&mut runs);
    assert_eq!(
        runs,
        vec![
            bold("一是加强领导"),
            Inline::plain("\u{ff0c}完善机制\u{ff1a}"),
            bold("AI"),
        ]
    );

    // A quote pair spanning runs; a run holding only a dropped space vanishes.
    let mut runs = vec![
        Inline::plain("示例\""),
        bold("十四五"),
        Inline::plain("\""),
        Inline::plain(" "),
        Inline::plain(",科技"),
    ];
    normalize_runs(&mut runs);
    assert_eq!(
        runs,
        vec![
            Inline::plain("示例\u{201c}"),
            bold("十四五"),
            Inline::plain("\u{201d}"),
            Inline::plain("\u{ff0c}科技"),
        ]
    );
}

#[test]
fn document_headings_are_one_paragraph() {
    let mut doc = Document {
        title: "关于示例市(科技)工作的汇报".into(),
        author: "示例市科学技术局".into(),
        blocks: vec![
            Block::Heading(Heading {
                level: 2,
                label: "(一)".into(),
                text: vec![bold("深化改革"), Inline::plain(",成效显著\u{3002}")],
                run_in: vec![Inline::plain("一是:"), Inline::plain("AI")],
            }),
            Block::Attachments(vec![vec![Inline::plain("名单(2024年)")]]),
            Block::Salutation(vec![Inline::plain("尊敬的各位领导,同志们:")]),
        ],
    };
    normalize_document(&mut doc);
    assert_eq!(doc.title, "关于示例市\u{ff08}科技\u{ff09}工作的汇报");
    assert_eq!(doc.author, "示例市科学技术局");
    let Block::Heading(h) = &doc.blocks[0] else {
        panic!("heading expected")
    };
    assert_eq!(h.label, "\u{ff08}一\u{ff09}");
    assert_eq!(
        h.text,
        vec![bold("深化改革"), Inline::plain("\u{ff0c}成效显著\u{3002}")]
    );
    assert_eq!(
        h.run_in,
        vec![Inline::plain("一是\u{ff1a}"), Inline::plain("AI")]
    );
    assert_eq!(
        doc.blocks[1],
        Block::Attachments(vec![vec![Inline::plain("名单\u{ff08}2024年\u{ff09}")]])
    );
    assert_eq!(
        doc.blocks[2],
        Block::Salutation(vec![Inline::plain("尊敬的各位领导\u{ff0c}同志们\u{ff1a}")])
    );
}

/// Deterministic pseudo-random strings over the characters the rules react
/// to: normalization must not panic, must be idempotent, and splitting the
/// text into runs anywhere must not change the result.
#[test]
fn generated_strings_are_stable() {
    const ALPHABET: &[char] = &[
        ',',
        ':',
        ';',
        '!',
        '?',
        '(',
        ')',
        '"',
        ' ',
        '.',
        '1',
        '7',
        'a',
        'Z',
        '&',
        '示',
        '例',
        '\u{3002}',
        '\u{ff0e}',
        '\u{ff0c}',
        '\u{ff08}',
        '\u{ff09}',
        '\u{201c}',
        '\u{201d}',
        '\u{3000}',
        '\n',
        '\u{20000}',
        '\u{3010}',
        '\u{3011}',
    ];
    let mut seed: u64 = 0x2024_0715;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..3000 {
        let len = next() % 16;
        let s: String = (0..len)
            .map(|_| ALPHABET[next() % ALPHABET.len()])
            .collect();
        let once = normalize(&s);
        assert_eq!(normalize(&once), once, "not idempotent on {s:?}");
        assert!(once.chars().count() <= s.chars().count());

        let cut = s.char_indices().map(|(i, _)| i).nth(next() % (len + 1));
        let (a, b) = s.split_at(cut.unwrap_or(s.len()));
        let mut runs = vec![Inline::plain(a), bold(b)];
        normalize_runs(&mut runs);
        assert_eq!(
            crate::document::plain_text(&runs),
            once,
            "runs differ on {s:?}"
        );
        assert!(runs.iter().all(|r| !r.text.is_empty()));
    }
}

// The fast path skips only texts the rules leave as they are: every text
// below that `may_change` lets through is unchanged by a full pass.
#[test]
fn skipped_texts_are_those_a_pass_leaves_alone() {
    let samples = [
        "\u{ff08}一\u{ff09}加强领导",
        "增长3\u{3002}5个百分点",
        "增长3\u{ff0e}5",
        "第3\u{3002}",
        "\u{3002}5",
        "GDP 增长 5% ",
        "\u{ff08}a\u{ff09}与 (b)",
        "甲,乙",
        "\"创新\"",
        "a!b",
        "  前后空格  ",
        "",
    ];
    let mut skipped = 0;
    for s in samples {
        let chars: Vec<char> = s.chars().collect();
        if !may_change(s.chars()) {
            skipped += 1;
            assert_eq!(pass(&chars), None, "{s}");
        }
    }
    assert_eq!(skipped, 6);
}

// Spaces beside full-width marks go, as YAML folding leaves them after 、 or 。.
#[test]
fn drops_spaces_beside_full_width_marks() {
    assert_eq!(
        normalize("研发、 成果转化。 下一步"),
        "研发\u{3001}成果转化\u{3002}下一步"
    );
    assert_eq!(
        normalize("研发\u{ff0c} 转化 \u{201c}双创\u{201d} 活动"),
        "研发\u{ff0c}转化\u{201c}双创\u{201d}活动"
    );
    assert_eq!(normalize("R&D 投入 2024年"), "R&D 投入 2024年");
}

/// [`normalize_tagged`] without its early stop: passes until one changes nothing.
fn every_pass(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    while let Some(edit) = pass(&chars) {
        chars = edit.into_iter().flatten().collect();
    }
    chars.into_iter().collect()
}

/// Every text of one to five characters drawn from `alphabet`.
pub(crate) fn short_texts(alphabet: &[char]) -> Vec<String> {
    let mut all = Vec::new();
    let mut texts = vec![String::new()];
    for _ in 0..5 {
        texts = texts
            .iter()
            .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
            .collect();
        all.extend(texts.iter().cloned());
    }
    all
}

// Stopping once `may_change` sees nothing left gives what passing to the end
// gives, on every text of up to five characters that set the rules off.
#[test]
fn stopping_early_changes_nothing() {
    let alphabet = [
        '中', 'a', '1', ',', ' ', '(', ')', '"', '\u{3002}', '\u{ff0c}',
    ];
    for t in &short_texts(&alphabet) {
        assert_eq!(normalize(t), every_pass(t), "{t:?}");
    }
}

// The one-pass rule for common text gives what the general rules give, on
// every text of up to five characters (those with an ASCII parenthesis take
// the general rules), and split into three runs.
#[test]
fn the_simple_case_agrees_with_the_general_rules() {
    let alphabet = [
        '中', 'a', '1', ',', ':', ' ', '\u{3002}', '\u{ff0e}', '\u{ff0c}', '\u{ff08}', '(',
    ];
    let mut simple = 0;
    for t in &short_texts(&alphabet) {
        if let Some(edits) = simple_edits(t) {
            simple += 1;
            assert_eq!(apply(t, &edits, 0), every_pass(t), "{t:?}");
        }
        let cut = |k: usize| t.char_indices().nth(k).map_or(t.len(), |(i, _)| i);
        let n = t.chars().count();
        let (a, b) = (cut(n / 3), cut(2 * n / 3));
        let mut runs = vec![
            Inline::plain(&t[..a]),
            bold(&t[a..b]),
            Inline::plain(&t[b..]),
        ];
        normalize_runs(&mut runs);
        let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, every_pass(t), "{t:?} cut at {a}, {b}");
    }
    // Most texts take the one-pass rule; `。` between digits and `(` do not.
    assert!(simple > 100_000, "{simple}");
}

// Longer texts than the exhaustive test reaches (several groups of marks,
// spaces and stops in one paragraph): 20,000 of them, drawn by a fixed
// pseudo-random sequence, agree with the general rules too.
#[test]
fn long_texts_agree_with_the_general_rules() {
    let alphabet = [
        '中', '文', 'a', '1', ',', ':', ';', '!', '?', ' ', '\u{3002}', '\u{ff0e}', '\u{ff0c}',
        '\u{3001}', '\u{ff08}',
    ];
    let mut seed: u64 = 0x2024_1124;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for _ in 0..20_000 {
        let len = 6 + next(35);
        let t: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let cut = t.char_indices().nth(len / 2).map_or(t.len(), |(i, _)| i);
        let mut runs = vec![Inline::plain(&t[..cut]), bold(&t[cut..])];
        normalize_runs(&mut runs);
        let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, every_pass(&t), "{t:?}");
    }
}
