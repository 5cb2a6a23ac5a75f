//! Default titles (FORM.md §4), used when the form has no 标题.

/// The topic when 主题 is absent.
pub const DEFAULT_TOPIC: &str = "科技创新";

/// What a default title is made of, already resolved (defaults applied,
/// placeholders rendered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleParts {
    /// 地区, e.g. `示例市`.
    pub locality: String,
    /// 单位, e.g. `示例市科学技术局`.
    pub organization: String,
    /// 主题, [`DEFAULT_TOPIC`] unless given.
    pub topic: String,
    /// 时期, e.g. `2024年上半年`.
    pub period: String,
    /// 下一时期, e.g. `下半年`.
    pub next_period: String,
    /// 会议, for the 汇报发言 title; an empty one counts as absent.
    pub meeting: Option<String>,
}

/// The default title of style `style_id` (the ASCII id or the Chinese name).
///
/// A style FORM.md does not list (a user-supplied template) gets the
/// 情况汇报 title, the most general form.
pub fn default_title(style_id: &str, p: &TitleParts) -> String {
    let TitleParts {
        locality: l,
        organization: o,
        topic: t,
        period,
        next_period: next,
        meeting,
    } = p;
    match style_id {
        "diaoyan" | "调研报告" => format!("关于{l}{t}情况的调研报告"),
        "zongjie" | "工作总结" => format!("{o}{period}{t}工作总结及{next}工作思路"),
        "fayan" | "汇报发言" => match meeting.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => format!("在{m}上的汇报发言"),
            _ => format!("{t}工作汇报发言"),
        },
        "yaodian" | "要点汇报" => format!("{l}{t}工作情况汇报"),
        "zongshu" | "工作综述" => format!("{l}{t}工作综述"),
        _ => format!("关于{l}{t}工作情况的汇报"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(meeting: Option<&str>) -> TitleParts {
        TitleParts {
            locality: "示例市".to_string(),
            organization: "示例市科学技术局".to_string(),
            topic: DEFAULT_TOPIC.to_string(),
            period: "2024年上半年".to_string(),
            next_period: "下半年".to_string(),
            meeting: meeting.map(str::to_string),
        }
    }

    #[test]
    fn default_topic() {
        assert_eq!(DEFAULT_TOPIC, "科技创新");
    }

    #[test]
    fn qingkuang() {
        let want = "关于示例市科技创新工作情况的汇报";
        assert_eq!(default_title("qingkuang", &parts(None)), want);
        assert_eq!(default_title("情况汇报", &parts(None)), want);
    }

    #[test]
    fn diaoyan() {
        let want = "关于示例市科技创新情况的调研报告";
        assert_eq!(default_title("diaoyan", &parts(None)), want);
        assert_eq!(default_title("调研报告", &parts(None)), want);
    }

    #[test]
    fn zongjie() {
        let want = "示例市科学技术局2024年上半年科技创新工作总结及下半年工作思路";
        assert_eq!(default_title("zongjie", &parts(None)), want);
        assert_eq!(default_title("工作总结", &parts(None)), want);
    }

    #[test]
    fn fayan_with_meeting() {
        let p = parts(Some("全市科技创新大会"));
        assert_eq!(default_title("fayan", &p), "在全市科技创新大会上的汇报发言");
        assert_eq!(
            default_title("汇报发言", &p),
            "在全市科技创新大会上的汇报发言"
        );
    }

    #[test]
    fn fayan_without_meeting() {
        assert_eq!(default_title("fayan", &parts(None)), "科技创新工作汇报发言");
        assert_eq!(
            default_title("fayan", &parts(Some(" "))),
            "科技创新工作汇报发言"
        );
    }

    #[test]
    fn yaodian() {
        assert_eq!(
            default_title("yaodian", &parts(None)),
            "示例市科技创新工作情况汇报"
        );
        assert_eq!(
            default_title("要点汇报", &parts(None)),
            "示例市科技创新工作情况汇报"
        );
    }

    #[test]
    fn zongshu() {
        assert_eq!(
            default_title("zongshu", &parts(None)),
            "示例市科技创新工作综述"
        );
        assert_eq!(
            default_title("工作综述", &parts(None)),
            "示例市科技创新工作综述"
        );
    }

    #[test]
    fn topic_is_used_when_given() {
        let mut p = parts(None);
        p.topic = "知识产权".to_string();
        assert_eq!(default_title("zongshu", &p), "示例市知识产权工作综述");
    }

    #[test]
    fn unknown_style_gets_the_general_title() {
        assert_eq!(
            default_title("mine", &parts(None)),
            "关于示例市科技创新工作情况的汇报"
        );
    }
}
