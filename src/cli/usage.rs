//! clap's usage errors in Chinese (exit code 2), built from the structured
//! context clap attaches to each error rather than from its English text.

use clap::error::{ContextKind, ContextValue, ErrorKind as K};

use crate::error::Error;

/// What a failed `Cli::try_parse` means: `Ok(text)` for `--help` and
/// `--version` (to print on standard output, exit 0), else a usage error.
pub fn from_clap(e: &clap::Error) -> Result<String, Error> {
    let get = |kind| e.get(kind).map(value).unwrap_or_default();
    let arg = [ContextKind::InvalidArg, ContextKind::InvalidSubcommand]
        .into_iter()
        .map(get)
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    let value_of = get(ContextKind::InvalidValue);
    let mut message = match e.kind() {
        K::DisplayHelp | K::DisplayVersion => return Ok(e.render().to_string()),
        K::DisplayHelpOnMissingArgumentOrSubcommand | K::MissingSubcommand => {
            format!("缺少子命令;可用的子命令有 {}", subcommands())
        }
        K::InvalidValue if value_of.is_empty() => format!("参数 {arg} 缺少取值"),
        K::InvalidValue | K::ValueValidation => {
            let valid = get(ContextKind::ValidValue);
            let mut m = format!("参数 {arg} 的取值“{value_of}”无效");
            if !valid.is_empty() {
                m.push_str(&format!(";可选:{valid}"));
            }
            m
        }
        K::UnknownArgument => format!("无法识别的参数“{arg}”"),
        K::InvalidSubcommand => {
            format!("未知的子命令“{arg}”;可用的子命令有 {}", subcommands())
        }
        K::NoEquals => format!("参数 {arg} 的取值要用“=”连写"),
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            format!("参数 {arg} 的取值个数不对")
        }
        K::ArgumentConflict => format!("参数 {arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        K::MissingRequiredArgument => format!("缺少必需的参数:{}", names(&arg)),
        K::InvalidUtf8 => "参数中有无效的文字编码(不是 UTF-8)".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(get)
        .find(|s| !s.is_empty());
    // A suggestion is a question: the next hint follows it without a `;`.
    let mut sep = ";";
    if let Some(s) = suggested {
        message.push_str(&format!(";是否想写“{s}”?"));
        sep = "";
    }
    if !get(ContextKind::TrailingArg).is_empty()
        || e.kind() == K::UnknownArgument && arg.starts_with('-')
    {
        message.push_str(sep);
        message.push_str("以“-”开头的文件名请写在“--”之后");
        sep = ";";
    }
    message.push_str(sep);
    message.push_str("运行 huibao --help 查看用法");
    Err(Error::usage(message))
}

/// The subcommands as the command line defines them, `init、render、…`.
fn subcommands() -> String {
    use clap::CommandFactory;
    let cmd = crate::cli::Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    names.join("、")
}

/// A context value as text; lists joined with `、`.
fn value(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// clap's placeholders (`<FORMS>...`) in words.
fn names(args: &str) -> String {
    args.split('、')
        .map(|a| match a.trim_matches(|c| matches!(c, '<' | '>' | '.')) {
            "FORMS" => "表单文件(FORM…)".to_string(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn usage(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).unwrap_err();
        from_clap(&e).unwrap_err().message
    }

    // No English from clap reaches the clerk; the message says what to fix.
    #[test]
    fn usage_errors_are_chinese() {
        let cases: [(&[&str], &str); 6] = [
            (&["huibao"], "缺少子命令"),
            (&["huibao", "rendr"], "未知的子命令“rendr”;可用的子命令有"),
            (&["huibao", "render"], "缺少必需的参数:表单文件"),
            (
                &["huibao", "render", "a.yaml", "--bogus"],
                "无法识别的参数“--bogus”",
            ),
            (
                &["huibao", "render", "a.yaml", "-f", "odt"],
                "取值“odt”无效;可选:md、docx、html、pdf",
            ),
            (&["huibao", "schema", "x"], "无法识别的参数“x”"),
        ];
        for (args, want) in cases {
            let m = usage(args);
            assert!(m.contains(want), "{args:?}: {m}");
            for english in ["error", "Usage", "unexpected", "required", "found"] {
                assert!(!m.contains(english), "{args:?}: {m}");
            }
        }
        assert!(usage(&["huibao", "rendr"]).contains("是否想写“render”"));
        // Every subcommand is offered, serve included.
        assert!(
            usage(&["huibao", "rendr"])
                .contains("init、render、check、styles、schema、import、next、serve"),
            "{}",
            usage(&["huibao", "rendr"])
        );
        assert!(usage(&["huibao"]).contains("serve"));
    }

    #[test]
    fn help_and_version_are_not_errors() {
        for args in [&["huibao", "--help"][..], &["huibao", "--version"]] {
            let e = Cli::try_parse_from(args).unwrap_err();
            assert!(from_clap(&e).is_ok(), "{args:?}");
        }
    }
}
