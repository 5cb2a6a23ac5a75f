//! Data cross-checks for `check` (docs/form.md §9.3, issue 11): figures that
//! parse and word fine but probably say something wrong. Warnings, not
//! errors: parts may overlap, a date may be planned ahead.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::facts::number::{clean, shortest};

use super::model::{Form, Indicator};
use super::paths::{Node, Warning, walk};
use super::value::Field;

/// Every cross-check warning of `form`, in document order of the fields
/// they name: parts adding up to more than the whole, one 名称 given two
/// values, one 名称 twice in one list, a share above 100%, a 成文日期
/// before the end of 时期.
pub fn crosscheck(form: &Form) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, (String, String, f64)> = BTreeMap::new();
    let mut listed: BTreeMap<(String, String), String> = BTreeMap::new();
    walk(form, &mut |path, node| {
        let Node::Indicator(ind) = node else { return };
        parts_sum(path, ind, &mut out);
        share(path, ind, &mut out);
        same_name(path, ind, &mut seen, &mut out);
        twice_in_a_list(path, ind, &mut listed, &mut out);
    });
    if let Some(w) = date_before_period_end(form) {
        out.push(w);
    }
    out
}

fn value(ind: &Indicator) -> Option<f64> {
    ind.value.as_ref().and_then(Field::given).map(|n| n.value)
}

fn unit(ind: &Indicator) -> Option<&str> {
    ind.unit.as_ref().and_then(Field::given).map(|u| u.trim())
}

fn parts_sum(path: &str, ind: &Indicator, out: &mut Vec<Warning>) {
    let Some(whole) = value(ind) else { return };
    // Only parts counted in the whole's unit add up.
    let values: Vec<f64> = ind
        .parts
        .iter()
        .filter(|p| unit(p).is_none() || unit(p) == unit(ind))
        .filter_map(value)
        .collect();
    let sum = clean(values.iter().sum());
    if values.len() >= 2 && sum > clean(whole) {
        out.push(Warning {
            path: format!("{path}.其中"),
            message: format!(
                "“其中”各项合计 {} 大于总数 {};若各项有交叉可忽略,否则请核对",
                shortest(sum),
                shortest(whole)
            ),
        });
    }
}

fn share(path: &str, ind: &Indicator, out: &mut Vec<Warning>) {
    let Some(s) = &ind.share else { return };
    if let Field::Given(n) = &s.value
        && n.value > 100.0
    {
        out.push(Warning {
            path: format!("{path}.占比.数值"),
            message: format!("占比 {}% 超过 100%,请核对", shortest(n.value)),
        });
    }
}

/// One 名称 with the same unit given two different values.
fn same_name(
    path: &str,
    ind: &Indicator,
    seen: &mut BTreeMap<String, (String, String, f64)>,
    out: &mut Vec<Warning>,
) {
    let (Some(name), Some(v)) = (ind.name.given(), value(ind)) else {
        return;
    };
    let name = name.trim().to_string();
    let u = unit(ind).unwrap_or("").to_string();
    // A span (1—6月) makes it another figure.
    let key = match ind.span.as_ref().and_then(Field::given) {
        Some(span) => format!("{span}{name}"),
        None => name.clone(),
    };
    match seen.get(&key) {
        Some((first, first_unit, first_v)) if *first_unit == u && clean(*first_v) != clean(v) => {
            out.push(Warning {
                path: format!("{path}.数值"),
                message: format!(
                    "指标“{name}”在 {first}.数值 为 {}{u},这里却为 {}{u},前后不一致;请核对",
                    shortest(*first_v),
                    shortest(v)
                ),
            });
        }
        Some(_) => {}
        None => {
            seen.insert(key, (path.to_string(), u, v));
        }
    }
}

/// One 名称 twice in the same list of figures: `{名称}` in prose can only
/// ever reach the first (parts of a 其中 are not referenced, so not checked).
fn twice_in_a_list(
    path: &str,
    ind: &Indicator,
    listed: &mut BTreeMap<(String, String), String>,
    out: &mut Vec<Warning>,
) {
    let Some(name) = ind.name.given() else { return };
    let list = path.rfind('[').map_or(path, |i| &path[..i]);
    if list.ends_with("其中") {
        return;
    }
    let name = name.trim();
    let span = ind
        .span
        .as_ref()
        .and_then(Field::given)
        .map_or("", |s| s.trim());
    let key = (list.to_string(), format!("{span}{name}"));
    match listed.get(&key) {
        Some(first) => out.push(Warning {
            path: format!("{path}.名称"),
            message: format!(
                "指标名称“{name}”与 {first} 重复;同一列表中的指标名称应各不相同\
                 (引用 {{{name}}} 时只会用到前一个),请改名或删去一个"
            ),
        }),
        None => {
            listed.insert(key, path.to_string());
        }
    }
}

fn date_before_period_end(form: &Form) -> Option<Warning> {
    let Some(Field::Given(date)) = &form.date else {
        return None;
    };
    let Some(Field::Given(period)) = &form.period else {
        return None;
    };
    let end = period_end(period.trim())?;
    (*date < end).then(|| Warning {
        path: "日期".to_string(),
        message: format!(
            "成文日期 {} 早于时期“{}”的结束日 {};汇报通常在时期结束后成文,请核对 日期 或 时期",
            date.format("%Y-%m-%d"),
            period.trim(),
            end.format("%Y-%m-%d")
        ),
    })
}

/// The last day of a period written `2024年`, `2024年上半年`, `2024年下半年`,
/// `2024年第三季度` / `2024年第3季度` or `2024年1—6月`; `None` for anything else.
pub(crate) fn period_end(period: &str) -> Option<NaiveDate> {
    let (year, rest) = period.split_once('年')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month = match rest {
        "" | "下半年" | "全年" => 12,
        "上半年" => 6,
        _ => {
            if let Some(q) = rest.strip_prefix('第').and_then(|r| r.strip_suffix("季度")) {
                3 * match q {
                    "一" | "1" => 1,
                    "二" | "2" => 2,
                    "三" | "3" => 3,
                    "四" | "4" => 4,
                    _ => return None,
                }
            } else {
                let months = rest.strip_suffix('月')?;
                let last = months
                    .rsplit(['\u{2014}', '-', '\u{2013}', '~', '\u{ff5e}'])
                    .next()?;
                let m: u32 = last.parse().ok()?;
                if !(1..=12).contains(&m) {
                    return None;
                }
                m
            }
        }
    };
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    next.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(yaml: &str) -> Form {
        let text = format!("地区: 示例市\n单位: 局\n工作成效: [{{标题: 甲}}]\n{yaml}");
        crate::form::parse(text.as_bytes(), "f.yaml").unwrap()
    }

    fn warned(yaml: &str) -> Vec<(String, String)> {
        crosscheck(&form(yaml))
            .into_iter()
            .map(|w| (w.path, w.message))
            .collect()
    }

    // The same 名称 twice in one list is named, even with the same value;
    // in different lists (or as parts) it is not.
    #[test]
    fn a_name_twice_in_one_list() {
        let w =
            warned("主要指标: [{名称: 甲, 数值: 1}, {名称: 乙, 数值: 2}, {名称: 甲, 数值: 1}]\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "主要指标[2].名称");
        assert!(w[0].1.contains("与 主要指标[0] 重复"), "{}", w[0].1);
        assert!(
            warned("主要指标: [{名称: 甲, 数值: 1, 其中: [{名称: 丙, 数值: 1}]}, {名称: 乙, 数值: 1, 其中: [{名称: 丙, 数值: 1}]}]\n")
                .is_empty()
        );
        let spans =
            "主要指标: [{名称: 甲, 数值: 1, 时段: 1—6月}, {名称: 甲, 数值: 1, 时段: 7—12月}]\n";
        assert!(warned(spans).is_empty());
    }

    #[test]
    fn parts_above_the_whole() {
        let w = warned(
            "主要指标: [{名称: 创新平台, 数值: 80, 单位: 个, 其中: [{名称: 国家级, 数值: 12}, {名称: 省级, 数值: 74}]}]\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "主要指标[0].其中");
        assert!(w[0].1.contains("合计 86 大于总数 80"), "{}", w[0].1);
        assert!(
            warned("主要指标: [{名称: 平台, 数值: 86, 单位: 个, 其中: [{名称: 甲, 数值: 12}, {名称: 乙, 数值: 74}]}]\n")
                .is_empty()
        );
    }

    #[test]
    fn one_name_two_values() {
        let w = warned(
            "主要指标: [{名称: 高新技术企业, 数值: 251, 单位: 家}]\n\
             下一步打算: [{内容: 甲, 指标: [{名称: 高新技术企业, 数值: 250, 单位: 家}]}]\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "下一步打算[0].指标[0].数值");
        assert!(w[0].1.contains("主要指标[0].数值 为 251家"), "{}", w[0].1);
    }

    #[test]
    fn share_above_100_percent() {
        let w = warned("主要指标: [{名称: 甲, 占比: {对象: 乙, 数值: 120}}]\n");
        assert_eq!(w[0].0, "主要指标[0].占比.数值");
        assert!(w[0].1.contains("超过 100%"));
    }

    #[test]
    fn date_before_the_end_of_the_period() {
        let w = warned("时期: 2024年\n日期: 2024-07-15\n");
        assert_eq!(w[0].0, "日期");
        assert!(w[0].1.contains("2024-12-31"), "{}", w[0].1);
        assert!(warned("时期: 2024年上半年\n日期: 2024-07-15\n").is_empty());
    }

    #[test]
    fn period_ends() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(period_end("2024年"), d(2024, 12, 31));
        assert_eq!(period_end("2024年上半年"), d(2024, 6, 30));
        assert_eq!(period_end("2024年第三季度"), d(2024, 9, 30));
        assert_eq!(period_end("2024年1\u{2014}5月"), d(2024, 5, 31));
        assert_eq!(period_end("\u{201c}十四五\u{201d}以来"), None);
    }
}
