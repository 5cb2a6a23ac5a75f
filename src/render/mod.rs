//! Templates → document: one minijinja environment per process, built-in templates
//! embedded, a user directory layered on top, and the block language of [`markup`].

pub mod header;
pub mod markup;
pub mod styles;

use std::path::{Component, Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::context::Report;
use crate::document::{Block, Document};
use crate::error::{Error, ErrorKind, Result};
use crate::facts::numeral::cn_numeral;
pub use styles::{Origin, Style};

/// Template run-time budget: generous for any real report, finite for an endless loop.
const FUEL: u64 = 20_000_000;
/// Macro and include nesting, far below what would exhaust the stack.
const RECURSION_LIMIT: usize = 64;
/// Largest template output: a report from the largest form, its references
/// expanded, is a few MiB; a loop printing a long text over and over would
/// otherwise fill the memory long before the fuel runs out. Kept within a
/// form's memory share (`crate::memory::reservation`) with room to spare,
/// so this limit, which names the template, is the one that stops it.
const MAX_OUTPUT: usize = 16 << 20;
/// Largest string a template may build with a filter such as `replace` or
/// `join` (minijinja itself caps `*` at 100 MB): far above any report, far
/// below what would exhaust memory. What no filter builds (`~`) is bounded by
/// the process-wide limit of [`crate::memory`].
pub const MAX_STRING: usize = 16 << 20;

/// A problem of the report's own data found inside a template run, told
/// apart from template errors by its type rather than its words.
#[derive(Debug)]
enum Cause {
    /// `cn` past 九十九: the form is too long for the style's numbering.
    NumberingOverflow(usize),
    /// A template file (by name) that cannot be read, and why in Chinese.
    Unreadable(String, String),
    /// A string past [`MAX_STRING`] built by the named filter.
    TooLong(&'static str),
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::NumberingOverflow(n) => write!(f, "编号{n}超出一至九十九的范围"),
            Cause::Unreadable(_, m) => f.write_str(m),
            Cause::TooLong(filter) => write!(
                f,
                "模板用 {filter} 生成的文字过长(超过 {} MiB),可能在不断放大文字",
                MAX_STRING >> 20
            ),
        }
    }
}

impl std::error::Error for Cause {}

/// A minijinja error carrying `cause`, so [`Renderer::template_error`] finds it by type.
fn caused(kind: minijinja::ErrorKind, cause: Cause) -> minijinja::Error {
    minijinja::Error::new(kind, cause.to_string()).with_source(cause)
}

/// Renders reports; build once, use for many forms (also across threads).
pub struct Renderer {
    env: Environment<'static>,
    styles: Vec<Style>,
    user_dir: Option<PathBuf>,
}

impl Renderer {
    /// A renderer with the built-in styles, overridden or extended by `user_dir`.
    pub fn new(user_dir: Option<&Path>) -> Result<Self> {
        if let Some(dir) = user_dir
            && !dir.is_dir()
        {
            return Err(Error::new(ErrorKind::Io, "模板目录不存在或不是目录")
                .in_file(dir.display().to_string()));
        }
        let styles = styles::discover(user_dir)?;
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(RECURSION_LIMIT);
        // Block tags on their own lines leave no blank lines behind, so the
        // block language's blank-line structure stays what the template shows.
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| Error::new(ErrorKind::Template, e.to_string()))?;
        env.set_syntax(syntax);
        env.set_auto_escape_callback(|_| AutoEscape::Custom("huibao".into()));
        env.set_formatter(format_value);
        env.add_filter("cn", cn_filter);
        env.add_filter("replace", capped_replace);
        env.add_filter("join", capped_join);
        env.add_filter("sentence", crate::context::sentence);
        let dir = match user_dir {
            Some(d) => Some(d.canonicalize().map_err(|e| {
                Error::new(ErrorKind::Io, format!("无法读取模板目录:{e}"))
                    .in_file(d.display().to_string())
            })?),
            None => None,
        };
        let loader_dir = dir.clone();
        env.set_loader(move |name| load_template(loader_dir.as_deref(), name));
        Ok(Renderer {
            env,
            styles,
            user_dir: dir,
        })
    }

    /// Every style, built-in first, with user overrides applied.
    pub fn styles(&self) -> &[Style] {
        &self.styles
    }

    /// Compiles every style's template now rather than at its first use:
    /// a `huibao serve` worker does this while it waits for its request.
    pub fn prepare(&self) {
        for s in &self.styles {
            let _ = self.env.get_template(&s.template);
        }
    }

    /// The style named by id or Chinese name.
    pub fn style(&self, wanted: &str) -> Result<&Style> {
        styles::find(&self.styles, wanted)
    }

    /// Renders `report` in `style` into a document.
    pub fn render(&self, style: &Style, mut report: Report) -> Result<Document> {
        let author = report.organization.clone();
        let tables = std::mem::take(&mut report.attachment_tables);
        let text = self.render_text(style, report)?;
        self.refuse_control_chars(&text, &style.template)?;
        // Named as the user knows it only on failure: that costs a file check.
        let blocks = markup::parse(&text, &style.template).map_err(|mut e| {
            e.file = Some(self.template_file(&style.template));
            e
        })?;
        let mut doc = markup::document(blocks, &author);
        // 落款: 无 in the header: no sign-off, whatever the template prints.
        if !style.signature {
            doc.blocks
                .retain(|b| !matches!(b, Block::Signature(_) | Block::Date(_)));
        }
        markup::attach_tables(&mut doc, tables);
        crate::punct::normalize_document(&mut doc);
        crate::prose::collapse_document(&mut doc);
        Ok(doc)
    }

    /// The template's raw output (the block language), for debugging templates.
    pub fn render_text(&self, style: &Style, report: Report) -> Result<String> {
        let error = |e: minijinja::Error| self.template_error(&e, &style.template);
        let template = self.env.get_template(&style.template).map_err(error)?;
        // A report is a few KiB to tens of KiB of block text.
        let mut out = Capped(Vec::with_capacity(16 << 10));
        let sink = &mut out;
        // Bounded in memory too when the binary counts it (crate::memory).
        crate::memory::limited(crate::memory::LIMIT, move || {
            let report_value = Value::from(minijinja::value::Serde(&report));
            // The template sees the report as its own values: the Rust one
            // goes first, so the two are never held at once.
            drop(report);
            template.render_captured_to(minijinja::context! { report => report_value }, sink)
        })
        .map_err(error)?;
        Ok(out.into_string())
    }

    /// A template printing a character XML cannot carry (`"\x01"`) would
    /// give a Word file that does not open: a template error, before any write.
    fn refuse_control_chars(&self, text: &str, template: &str) -> Result<()> {
        let Some((at, c)) = crate::form::chars::first_forbidden(text) else {
            return Ok(());
        };
        let line = text[..at].matches('\n').count() + 1;
        Err(Error::new(
            ErrorKind::Template,
            format!(
                "模板输出的第 {line} 行含有控制字符 {}(Word 文件无法保存),请修改模板",
                crate::form::chars::describe(c)
            ),
        )
        .in_file(self.template_file(template)))
    }

    /// How a template is named in messages: the user's file path, or `内置模板 x.jinja`.
    fn template_file(&self, name: &str) -> String {
        match &self.user_dir {
            Some(dir) if dir.join(name).is_file() => dir.join(name).display().to_string(),
            _ => format!("内置模板 {name}"),
        }
    }

    /// A template error in Chinese, named after the template where it
    /// happened (`fallback` when minijinja does not say).
    fn template_error(&self, e: &minijinja::Error, fallback: &str) -> Error {
        // An error inside an include, import or macro call comes wrapped
        // ("error in …"): the innermost one says what went wrong and where.
        let mut e = e;
        while let Some(inner) =
            std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            e = inner;
        }
        let detail = e.detail().unwrap_or("").to_string();
        let cause = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Cause>());
        let name = match cause {
            Some(Cause::Unreadable(file, _)) => file.as_str(),
            _ => e.name().filter(|n| !n.is_empty()).unwrap_or(fallback),
        };
        let message = match cause {
            // A problem of the form (named by the caller), not of the template.
            Some(Cause::NumberingOverflow(n)) => {
                return Error::new(
                    ErrorKind::Form,
                    format!(
                        "编号{n}超出一至九十九的范围;这一文种把条目连续编号,最多到九十九,请合并或删减条目,或换用其他文种"
                    ),
                );
            }
            Some(cause) => cause.to_string(),
            None => self.kind_message(e, &detail),
        };
        let mut err = Error::new(ErrorKind::Template, message).in_file(self.template_file(name));
        if let Some(line) = e.line() {
            err.line = Some(line);
        }
        err
    }

    /// The Chinese message for a minijinja error of no cause of ours.
    fn kind_message(&self, e: &minijinja::Error, detail: &str) -> String {
        use minijinja::ErrorKind as K;
        match e.kind() {
            K::SyntaxError => syntax_message(detail),
            K::UndefinedError => match detail.split('`').nth(1) {
                Some(name) => format!("模板使用了未定义的变量或属性“{name}”"),
                None => format!("模板使用了未定义的变量或属性({detail})"),
            },
            K::OutOfFuel => "模板运行超出限制,可能含有死循环".to_string(),
            K::WriteFailure => {
                format!("模板输出过大(超过 {} MiB),可能含有死循环", MAX_OUTPUT >> 20)
            }
            K::TemplateNotFound => {
                let name = detail.split('\'').nth(1).map(|n| format!("“{n}”"));
                format!(
                    "找不到模板{};模板只能引用同一目录中的文件,不能使用“../”或绝对路径",
                    name.unwrap_or_else(|| format!("({detail})"))
                )
            }
            K::InvalidOperation if detail.contains("recursion") => "模板嵌套或递归过深".to_string(),
            K::InvalidOperation if detail.contains("too many elements") => {
                "模板中 range 的范围过大(最多 100000 项)".to_string()
            }
            K::InvalidOperation if detail.contains("too large") => {
                "模板中重复的文字或列表过长".to_string()
            }
            _ => format!("模板出错({detail})"),
        }
    }
}

/// minijinja's syntax errors in Chinese; the known ones by their fixed text,
/// any other quoted after a Chinese lead.
fn syntax_message(detail: &str) -> String {
    let known: [(&str, &str); 10] = [
        (
            "template exceeds maximum recursion limits",
            "模板嵌套过深(括号、表达式或语句层层嵌套)",
        ),
        (
            "unexpected end of input",
            "模板意外结束:有未闭合的 {% %} 块(如缺少 endif、endfor)或括号",
        ),
        ("unexpected end of string", "模板中的引号没有配对"),
        (
            "unexpected end of comment",
            "模板中的注释 {# 没有以 #} 结束",
        ),
        (
            "unexpected end of raw block",
            "模板中的 raw 块没有以 endraw 结束",
        ),
        ("unexpected character", "模板中有无法识别的字符"),
        ("unknown statement", "模板中有未知的语句"),
        (
            "unexpected input after end of variable block",
            "模板中 {{ }} 之后有多余的内容",
        ),
        (
            "block tags in macros are not allowed",
            "宏(macro)中不能使用 block",
        ),
        ("unexpected", "模板中这里有意外的内容"),
    ];
    match known.iter().find(|(en, _)| detail.starts_with(en)) {
        Some((_, zh)) => format!("模板语法错误:{zh}"),
        None => format!("模板语法错误({detail})"),
    }
}

/// Template output, refused past [`MAX_OUTPUT`] bytes.
struct Capped(Vec<u8>);

impl Capped {
    /// The output as text, taken without a copy or a second validation.
    fn into_string(self) -> String {
        debug_assert!(std::str::from_utf8(&self.0).is_ok());
        // SAFETY: minijinja writes to an `io::Write` only through its
        // `fmt::Write` adapter, that is whole `str`s, and `write` below
        // appends a buffer whole or not at all, so the bytes are UTF-8.
        unsafe { String::from_utf8_unchecked(self.0) }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT {
            return Err(std::io::Error::other("template output too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Loads a template by name: the user directory first, then the built-ins.
/// Names are plain file names: no directories, no `..`, no absolute paths, so a
/// template can read nothing outside its directory.
fn load_template(
    dir: Option<&Path>,
    name: &str,
) -> std::result::Result<Option<String>, minijinja::Error> {
    let mut parts = Path::new(name).components();
    let plain = matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none();
    if !plain || name.contains(['\\', ':']) {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::TemplateNotFound,
            format!("“{name}”不在模板目录中"),
        ));
    }
    if let Some(dir) = dir {
        let path = dir.join(name);
        if path.is_file() {
            // A symbolic link could still point elsewhere: resolve and re-check.
            let real = path.canonicalize().ok().filter(|p| p.starts_with(dir));
            let Some(real) = real else {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::TemplateNotFound,
                    format!("“{name}”指向模板目录以外"),
                ));
            };
            // Capped and in Chinese (styles::read_template); not "not found",
            // which an include would take for a missing file.
            return styles::read_template(&real).map(Some).map_err(|m| {
                caused(
                    minijinja::ErrorKind::InvalidOperation,
                    Cause::Unreadable(name.to_string(), m),
                )
            });
        }
    }
    Ok(styles::built_in_source(name).map(str::to_string))
}

/// `{{ n | cn }}`: 1 → 一 … 99 → 九十九; beyond that an error, never a wrong numeral.
fn cn_filter(n: usize) -> std::result::Result<String, minijinja::Error> {
    cn_numeral(n).ok_or_else(|| {
        caused(
            minijinja::ErrorKind::InvalidOperation,
            Cause::NumberingOverflow(n),
        )
    })
}

/// `replace`, refusing a result past [`MAX_STRING`] before building it.
fn capped_replace(
    value: String,
    from: Value,
    to: Value,
) -> std::result::Result<String, minijinja::Error> {
    let (from, to) = (from.to_string(), to.to_string());
    let hits = if from.is_empty() {
        value.chars().count() + 1
    } else {
        value.matches(from.as_str()).count()
    };
    let longer = to.len().saturating_sub(from.len()).saturating_mul(hits);
    if value.len().saturating_add(longer) > MAX_STRING {
        return Err(caused(
            minijinja::ErrorKind::InvalidOperation,
            Cause::TooLong("replace"),
        ));
    }
    Ok(value.replace(&from, &to))
}

/// `join`, refusing a result past [`MAX_STRING`] before building it.
fn capped_join(value: Value, sep: Option<String>) -> std::result::Result<String, minijinja::Error> {
    let sep = sep.unwrap_or_default();
    let mut out = String::new();
    let items = value.try_iter()?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match item.as_str() {
            Some(s) => out.push_str(s),
            None => out.push_str(&item.to_string()),
        }
        if out.len() > MAX_STRING {
            return Err(caused(
                minijinja::ErrorKind::InvalidOperation,
                Cause::TooLong("join"),
            ));
        }
    }
    Ok(out)
}

/// Prints values into the block language: escapes what would be markup
/// (`*`, `\`, `@`), and refuses `none`, which would print the word "none".
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    if value.is_none() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "输出了空值(该项未填写),请先用 {% if … %} 判断",
        ));
    }
    if value.is_safe() || matches!(state.auto_escape(), AutoEscape::None) {
        return write!(out, "{value}").map_err(minijinja::Error::from);
    }
    let text = match value.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(value.to_string()),
    };
    // Text between the marks is written whole; most text has none. The
    // marks are ASCII, so a byte search finds them at character boundaries.
    let mut rest = text.as_ref();
    while let Some(i) = memchr::memchr3(b'*', b'\\', b'@', rest.as_bytes()) {
        out.write_str(&rest[..i])?;
        out.write_str("\\")?;
        out.write_str(&rest[i..=i])?;
        rest = &rest[i + 1..];
    }
    out.write_str(rest).map_err(minijinja::Error::from)
}
