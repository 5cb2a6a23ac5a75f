//! Checks on values that parse but cannot be reported on: impossible numbers,
//! contradictions, lists too long to number in Chinese (docs/form.md §3.6).

use crate::error::{Error, ErrorKind};

use super::model::{Form, Indicator, Rank};
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
    first.map_or(Ok(()), Err)
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

/// The numbers of one figure, in the order of docs/form.md §1.
fn check_indicator(path: &str, ind: &Indicator) -> Option<Error> {
    let given = |f: &Option<Field<Number>>| f.as_ref().and_then(|f| f.given()).map(|n| n.value);
    let place = match &ind.rank {
        Some(Rank::Place { place, .. }) => place.given().map(|n| n.value),
        _ => None,
    };
    let numbers = [
        ("数值", ind.value.given().map(|n| n.value), true),
        ("上期", given(&ind.previous), true),
        ("增速", given(&ind.growth), false),
        ("排名.位次", place, true),
        ("目标", given(&ind.target), true),
    ];
    for (key, value, non_negative) in numbers {
        let Some(v) = value else { continue };
        let at = format!("{path}.{key}");
        if !v.is_finite() {
            return Some(invalid(&at, "不是有效的数字(.nan、.inf 之类不能用作数值)"));
        }
        if v.abs() > MAX_ABS_VALUE {
            return Some(invalid(
                &at,
                "数值过大,绝对值不能超过 1000000000000000(一千万亿)",
            ));
        }
        if non_negative && v < 0.0 {
            let hint = if key == "数值" || key == "上期" {
                ";下降请写成上期和本期的数值,或写负的增速"
            } else {
                ""
            };
            return Some(invalid(&at, format!("不能是负数{hint}")));
        }
        if key == "排名.位次" && (v < 1.0 || v.fract() != 0.0) {
            return Some(invalid(&at, "位次应为 1 或更大的整数,如 2 表示第2位"));
        }
    }
    if given(&ind.previous) == Some(0.0) && given(&ind.growth).is_some() {
        return Some(invalid(
            &format!("{path}.增速"),
            "上期为 0 时无法计算增速,却又填了增速,二者矛盾;请删去其中之一",
        ));
    }
    None
}
