//! `check` teaches version 2 (docs/form.md §9.15): a figure that says in
//! words what a version-2 key says better (a rank typed into 说明, 其中
//! written as figures of their own, a time span in the name) gets a
//! suggestion naming that key, so the tool words it and the clerk stops
//! editing it by hand.

use super::model::{Form, Indicator};
use super::paths::{Node, Warning, walk};
use super::value::Field;

/// Where a scope of a rank starts (`全省第2位`).
const SCOPES: [&str; 8] = [
    "全国",
    "全省",
    "全市",
    "全区",
    "全县",
    "全州",
    "同类市",
    "同类县",
];

/// Levels a part of a figure is named by (`国家级创新平台`).
const LEVELS: [&str; 5] = ["国家级", "省级", "市级", "县级", "区级"];

/// What a rank of something else names (`增幅居全省第2位`).
const OBJECTS: [&str; 4] = ["增幅", "增速", "总量", "规模"];

/// Suggestions for every figure of the form, in document order.
pub(super) fn suggestions(form: &Form) -> Vec<Warning> {
    let mut out = Vec::new();
    walk(form, &mut |path, node| {
        if let Node::Indicator(ind) = node {
            figure(path, ind, &mut out);
        }
    });
    lists(form, &mut out);
    out
}

fn text(f: &Option<Field<String>>) -> Option<&str> {
    f.as_ref().and_then(given)
}

fn given(f: &Field<String>) -> Option<&str> {
    f.given().map(|s| s.trim())
}

fn say(out: &mut Vec<Warning>, path: String, message: String) {
    out.push(Warning { path, message });
}

/// What one figure's 说明 and 名称 say that a key says better.
fn figure(path: &str, ind: &Indicator, out: &mut Vec<Warning>) {
    if let Some(note) = text(&ind.note) {
        let at = || format!("{path}.说明");
        if let Some((object, scope, place)) = rank_in(note) {
            let object = object.map(|o| format!("、对象 {o}")).unwrap_or_default();
            say(
                out,
                at(),
                format!(
                    "说明里写了排名;版本2请写在“排名”中(范围 {scope}、位次 {place}{object}),措辞由工具统一"
                ),
            );
        }
        if note
            .trim_start_matches(['\u{ff0c}', ','])
            .starts_with("其中")
        {
            say(
                out,
                at(),
                "说明里写了“其中…”;版本2可把各部分写成“其中”的指标列表(印在括号里的写“含”),单位和措辞由工具统一".to_string(),
            );
        }
        if ["增长", "下降", "提高", "降低", "增加", "减少", "净增"]
            .iter()
            .any(|w| note.contains(w))
            && note.chars().any(|c| c.is_ascii_digit())
        {
            say(
                out,
                at(),
                "说明里写了变化;版本2可填“上期”“增速”或“变化”,由工具写出比较用语和增幅(与别的时期比较时用“基期”)".to_string(),
            );
        }
        if note.contains("比重") || note.contains("占比") {
            say(
                out,
                at(),
                "说明里写了比重;版本2可写在“占比”中(对象、数值、变化)".to_string(),
            );
        }
        // `超过该数`, `以上`: a qualifier of the value, not a remark.
        let bare = note
            .trim_end_matches(['\u{3002}', '.'])
            .replace("该数", "")
            .replace("此数", "");
        if ["超过", "超", "以上", "近", "约", "余", "多", "左右"].contains(&bare.as_str())
        {
            say(
                out,
                at(),
                "说明里写了限定词;版本2可写在数值里,如 数值 写作 超5、近300、1200余、300以上"
                    .to_string(),
            );
        }
    }
    if let Some(name) = given(&ind.name) {
        let at = || format!("{path}.名称");
        if let Some(span) = span_in(name) {
            say(
                out,
                at(),
                format!("名称以时段“{span}”开头;版本2可写在“时段”中,印在名称之前并接逗号"),
            );
        }
        for verb in ["已达到", "达到", "突破", "超过"] {
            if name.ends_with(verb) && name.chars().count() > verb.chars().count() {
                say(
                    out,
                    at(),
                    format!("名称以“{verb}”结尾;版本2可写在“动词”中:动词: {verb}"),
                );
                break;
            }
        }
    }
}

/// A rank in a text: (what is ranked, scope, place), e.g. `增幅居全省第2位`
/// → (Some(增幅), 全省, 2).
fn rank_in(note: &str) -> Option<(Option<&'static str>, &'static str, String)> {
    let (at, scope) = SCOPES
        .iter()
        .filter_map(|s| note.find(s).map(|i| (i, *s)))
        .min_by_key(|(i, _)| *i)?;
    let rest = note[at + scope.len()..]
        .strip_prefix("排名")
        .unwrap_or(&note[at + scope.len()..]);
    let rest = rest.strip_prefix('第')?;
    let place: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let place = if place.is_empty() {
        let cn: String = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect();
        (1..=99)
            .find(|&n| crate::facts::numeral::cn_numeral(n).as_deref() == Some(cn.as_str()))?
            .to_string()
    } else {
        place
    };
    let object = OBJECTS.iter().copied().find(|o| note[..at].contains(o));
    Some((object, scope, place))
}

/// A time span at the start of a name: `1—6月`, `1-6月`, `1至6月`.
fn span_in(name: &str) -> Option<&str> {
    let end = name.find('月')?;
    let head = &name[..end];
    let digits = head.chars().filter(char::is_ascii_digit).count();
    let ok = digits > 0
        && head
            .chars()
            .all(|c| c.is_ascii_digit() || "-\u{2014}\u{2013}~\u{ff5e}\u{81f3}".contains(c))
        && head.chars().any(|c| !c.is_ascii_digit());
    (ok && name.len() > end + '月'.len_utf8()).then(|| &name[..end + '月'.len_utf8()])
}

/// Parts written as figures of their own: a figure named `其中…`, or
/// `国家级…`/`省级…` after the figure they are part of.
fn lists(form: &Form, out: &mut Vec<Warning>) {
    let mut visit = |path: &str, list: &[Indicator]| {
        for (i, pair) in list.windows(2).enumerate() {
            let (Some(whole), Some(part)) = (given(&pair[0].name), given(&pair[1].name)) else {
                continue;
            };
            // `国家级创新平台` after `创新平台` (or `各类创新平台`), not
            // `市级工作站` after its sibling `省级工作站`.
            let whole_is_level = LEVELS.iter().any(|l| whole.starts_with(l));
            let named_part = part.starts_with("其中")
                || LEVELS.iter().any(|level| {
                    part.strip_prefix(level).is_some_and(|rest| {
                        !rest.is_empty() && whole.ends_with(rest) && !whole_is_level
                    })
                });
            if named_part {
                say(
                    out,
                    format!("{path}[{}].名称", i + 1),
                    format!(
                        "“{part}”像是“{whole}”的一部分;版本2可写在“{whole}”的“其中”里(印在括号里的写“含”),印作“{whole}…,其中{part}…”"
                    ),
                );
            }
        }
    };
    visit("主要指标", &form.indicators);
    for (i, s) in form.achievements.iter().enumerate() {
        visit(&format!("工作成效[{i}].指标"), &s.indicators);
        for (j, p) in s.points.iter().enumerate() {
            visit(&format!("工作成效[{i}].要点[{j}].指标"), &p.indicators);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_in_notes() {
        assert_eq!(
            rank_in("增幅居全省第2位"),
            Some((Some("增幅"), "全省", "2".to_string()))
        );
        assert_eq!(
            rank_in("全市排名第三"),
            Some((None, "全市", "3".to_string()))
        );
        assert_eq!(rank_in("同比增长5%"), None);
    }

    #[test]
    fn spans_in_names() {
        assert_eq!(span_in("1—6月规上工业企业研发费用"), Some("1—6月"));
        assert_eq!(span_in("1-6月研发费用"), Some("1-6月"));
        assert_eq!(span_in("6月份"), None);
        assert_eq!(span_in("研发费用"), None);
    }
}
