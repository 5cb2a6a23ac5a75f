//! Checks on values that parse but cannot be reported on: impossible numbers,
//! contradictions, lists too long to number in Chinese (docs/form.md §3.6).

use crate::error::{Error, ErrorKind};

use crate::facts::change::computed_growth;
use crate::facts::figure::text_place;
use crate::facts::number::{clean, percent_text, shortest};

use super::model::{Form, INDICATOR_TABLE, Indicator, Rank};
use super::paths::{Node, walk};
use super::value::{Field, Number};

/// Largest number of entries in one list: Chinese numerals stop at 九十九.
pub const MAX_LIST_ENTRIES: usize = 99;

/// Largest absolute value of a number; beyond it figures lose precision.
pub const MAX_ABS_VALUE: f64 = 1e15;

/// Checks a parsed form; the first problem in document order is returned,
/// with its canonical field path (`主要指标[2].数值`) but no line.
pub fn validate(form: &Form) -> Result<(), Error> {
    if form.achievements.is_empty() {
        return Err(invalid(
            "工作成效",
            "工作成效至少需要一个板块(一项“- 标题: …”)",
        ));
    }
    // An untitled 板块 is a report's whole body (docs/form.md §9.14).
    let single = form.achievements.len() == 1;
    for (i, s) in form.achievements.iter().enumerate() {
        if s.title.is_some() {
            continue;
        }
        let empty = s.summary.is_none()
            && s.points.is_empty()
            && s.indicators.is_empty()
            && s.closing.is_none();
        let why = if !single {
            "只有一个板块时才可不写标题(正文不设标题)"
        } else if s.result.is_some() {
            "成效接在标题之后,写了成效就要写标题"
        } else if empty {
            "板块至少要有标题、概述、要点或指标之一"
        } else {
            continue;
        };
        return Err(invalid(
            &format!("工作成效[{i}].标题"),
            format!("缺少必填项“标题”:{why}"),
        ));
    }
    let mut first: Option<Error> = None;
    walk(form, &mut |path, node| {
        if first.is_some() {
            return;
        }
        first = match node {
            Node::List(len) if len > MAX_LIST_ENTRIES => Some(invalid(
                path,
                format!(
                    "列表最多 {MAX_LIST_ENTRIES} 项(中文序号只排到九十九),这里有 {len} 项;请合并或删减"
                ),
            )),
            Node::Indicator(ind) => check_indicator(path, ind),
            // Every number the walker visits, so one added to the form (a
            // share's 变化, 时长 …) is checked without being listed here.
            Node::Number(Field::Given(n)) => check_finite(path, n.value),
            _ => None,
        };
    });
    if let Some(e) = first {
        return Err(e);
    }
    check_attachment_tables(form)?;
    super::refcheck::check_refs(form)
}

/// An attachment's 表格 names the one table there is (docs/form.md §12).
fn check_attachment_tables(form: &Form) -> Result<(), Error> {
    for (i, a) in form.attachments.iter().enumerate() {
        let ok = match &a.table {
            None => true,
            Some(Field::Given(t)) => matches!(t.trim(), INDICATOR_TABLE | "indicators"),
            Some(Field::Placeholder(_)) => false,
        };
        if !ok {
            return Err(invalid(
                &format!("附件[{i}].表格"),
                format!(
                    "附件的“表格”只能写“{INDICATOR_TABLE}”(附上主要指标表);不附表格就不写这一项"
                ),
            ));
        }
        if a.table.is_some() && form.indicators.is_empty() {
            return Err(invalid(
                &format!("附件[{i}].表格"),
                "附件要附上主要指标表,但表单没有填写“主要指标”",
            ));
        }
    }
    Ok(())
}

/// A number the wording can use: finite and not beyond [`MAX_ABS_VALUE`].
fn check_finite(path: &str, v: f64) -> Option<Error> {
    if !v.is_finite() {
        return Some(invalid(path, "不是有效的数字(.nan、.inf 之类不能用作数值)"));
    }
    (v.abs() > MAX_ABS_VALUE)
        .then(|| invalid(path, "数值过大,绝对值不能超过 1000000000000000(一千万亿)"))
}

fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Form, message).at_path(path)
}

/// The numbers of one figure, in the order of docs/form.md §1, then the
/// rules of §9.3 and §9.6.
fn check_indicator(path: &str, ind: &Indicator) -> Option<Error> {
    let given = |f: &Option<Field<Number>>| f.as_ref().and_then(|f| f.given()).map(|n| n.value);
    let (place, previous_place) = match &ind.rank {
        Some(Rank::Place {
            place, previous, ..
        }) => (place.given().map(|n| n.value), given(previous)),
        _ => (None, None),
    };
    let share = ind
        .share
        .as_ref()
        .and_then(|s| s.value.given())
        .map(|n| n.value);
    let numbers = [
        ("数值", given(&ind.value), true),
        ("上期", given(&ind.previous), true),
        ("增速", given(&ind.growth), false),
        ("变化", given(&ind.change), false),
        ("占比.数值", share, true),
        ("排名.位次", place, true),
        ("排名.上期位次", previous_place, true),
        ("目标", given(&ind.target), true),
    ];
    for (key, value, non_negative) in numbers {
        let Some(v) = value else { continue };
        // The path is made only for an error: most values pass.
        let at = || format!("{path}.{key}");
        if !v.is_finite() {
            return Some(invalid(
                &at(),
                "不是有效的数字(.nan、.inf 之类不能用作数值)",
            ));
        }
        if v.abs() > MAX_ABS_VALUE {
            return Some(invalid(
                &at(),
                "数值过大,绝对值不能超过 1000000000000000(一千万亿)",
            ));
        }
        if key.starts_with("排名.") && (v < 1.0 || v.fract() != 0.0) {
            return Some(invalid(&at(), "位次应为 1 或更大的整数,如 2 表示第2位"));
        }
        if non_negative && v < 0.0 {
            let hint = if key == "数值" || key == "上期" {
                ";下降请写成上期和本期的数值,或写负的增速"
            } else {
                ""
            };
            return Some(invalid(&at(), format!("不能是负数{hint}")));
        }
    }
    if let Some(Rank::Text(Field::Given(t))) = &ind.rank
        && text_place(t).is_some_and(|p| p < 1)
    {
        return Some(invalid(
            &format!("{path}.排名"),
            format!("排名“{}”的位次应为 1 或更大的整数,如 全省第2位", t.trim()),
        ));
    }
    check_figure_rules(path, ind)
}

/// What a figure must give, and what may not contradict (§9.3, §9.6).
fn check_figure_rules(path: &str, ind: &Indicator) -> Option<Error> {
    let given = |f: &Option<Field<Number>>| f.as_ref().and_then(|f| f.given()).map(|n| n.value);
    // 占比 alone (`…占规上工业增加值的比重为45.6%`) says something too.
    let has_any = ind.value.is_some()
        || ind.share.is_some()
        || ind.growth.is_some()
        || ind.change.is_some()
        || ind.rank.is_some()
        || ind.target.is_some();
    if !has_any {
        return Some(invalid(
            &format!("{path}.数值"),
            "缺少必填项“数值”:指标至少要填 数值、增速、变化、排名、目标 之一",
        ));
    }
    let only_target = ind.value.is_none()
        && ind.share.is_none()
        && ind.growth.is_none()
        && ind.change.is_none()
        && ind.rank.is_none();
    let in_plans = path.starts_with("下一步打算");
    if only_target && !in_plans && !path.contains(".其中") {
        return Some(invalid(
            &format!("{path}.数值"),
            "缺少必填项“数值”:只有目标没有数值的指标只能写在 下一步打算 中(印作“力争…达到…”)",
        ));
    }
    if let Some(Field::Given(c)) = &ind.convert
        && super::value::switch_value(c).is_none()
    {
        return Some(invalid(
            &format!("{path}.换算"),
            format!(
                "换算只能写 是 或 否(写 否 则万元不换算为亿元),却是“{}”",
                c.trim()
            ),
        ));
    }
    if matches!(ind.base, Some(Field::Given(_))) && matches!(ind.basis, Some(Field::Given(_))) {
        return Some(invalid(
            &format!("{path}.基期"),
            "基期与比较只能填一项:基期连同上期数值印作“较{基期}{上期}…”,已经说了比较的对象",
        ));
    }
    let unit = ind.unit.as_ref().and_then(|u| u.given()).map(|u| u.trim());
    if unit == Some("%") && ind.growth.is_some() {
        return Some(invalid(
            &format!("{path}.增速"),
            "单位为 % 的指标不能填增速(百分比的增速容易误读);\
             百分点的变化请写在“变化”中,如 变化: 1.25 印作“同比提高1.25个百分点”",
        ));
    }
    if let Some(g) = given(&ind.growth) {
        if g < -100.0 {
            return Some(invalid(
                &format!("{path}.增速"),
                format!("增速{}%低于 -100%,数值不可能降到零以下;请核对", shortest(g)),
            ));
        }
        if given(&ind.previous) == Some(0.0) {
            return Some(invalid(
                &format!("{path}.增速"),
                "上期为 0 时无法计算增速,却又填了增速,二者矛盾;请删去其中之一",
            ));
        }
        if let (Some(v), Some(p)) = (given(&ind.value), given(&ind.previous))
            && let Some(c) = computed_growth(v, p)
            && (clean(g) - c).abs() > 0.1 + 1e-9
        {
            return Some(invalid(
                &format!("{path}.增速"),
                format!(
                    "增速{}%与数值、上期算出的{}%不符;请核对 {path}.数值、{path}.上期 和 {path}.增速,或删去增速由工具计算",
                    shortest(g),
                    percent_text(c)
                ),
            ));
        }
    }
    None
}
