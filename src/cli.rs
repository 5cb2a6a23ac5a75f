//! The command line (docs/form.md §7): one function per subcommand, each
//! returning a [`Result`]; [`main`] alone prints errors and picks the exit
//! code (0 success, 1 invalid input, 2 usage). Messages are Chinese and pass
//! through the same punctuation normalization as documents. Nothing here
//! uses `print!`, which panics when standard output fails.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::pipeline::{self, LoadedForm, RenderOptions};
use crate::render::{Origin, Renderer};
use crate::write::Format;
use clap::{Parser, Subcommand, ValueEnum};

mod batch;
mod import;
mod next;
mod output;
mod render;
mod usage;

use render::{expand, render};

pub use next::next_form;
pub use output::Target;

/// huibao(汇报):从一份 YAML 表单起草政府工作汇报 / drafts Chinese work reports from a YAML form.
#[derive(Debug, Parser)]
#[command(disable_help_subcommand = true)]
#[command(name = "huibao", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成一份带注释的空白表单 / write a blank, commented form
    Init {
        /// 表单文件名 / file to write
        #[arg(default_value = "汇报表单.yaml")]
        file: PathBuf,
        /// 表单中预填的文种 / style to preset in the form
        #[arg(short, long)]
        style: Option<String>,
        /// 覆盖已有文件 / overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// 生成报告初稿 / render forms to Markdown, Word, HTML or PDF
    Render {
        /// 表单文件或目录 / form files or directories of forms
        #[arg(required = true)]
        forms: Vec<PathBuf>,
        /// 文种(中文名或英文 id)/ style name or id
        #[arg(short, long)]
        style: Option<String>,
        /// 输出文件(.md/.docx/.html/.pdf)、目录,或 - 表示标准输出 / output file, directory or -
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 输出格式,优先于扩展名;默认按扩展名,目录为 docx,标准输出为 md
        /// / output format; beats the extension (default: by extension, docx
        /// for a directory, md for -o -); contradicting a .md/.docx extension is an error
        #[arg(short, long, value_enum)]
        format: Option<FormatArg>,
        /// 自定义模板目录 / directory of user templates
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// 有待补充项即报错 / placeholders are errors
        #[arg(long)]
        strict: bool,
        /// 优先使用的字体目录(HTML 与 PDF 按其中的字体排版)/ a folder of fonts
        /// to prefer (the HTML's and the PDF's layout)
        #[arg(long, value_name = "DIR")]
        fonts: Option<PathBuf>,
        /// 生成 PDF/A-2b 存档文件 / write PDF/A-2b (archival)
        #[arg(long)]
        pdfa: bool,
    },
    /// 检查表单,列出待补充项 / validate forms and list placeholders
    Check {
        /// 表单文件或目录 / form files or directories of forms
        #[arg(required = true)]
        forms: Vec<PathBuf>,
        /// 有待补充项即报错 / placeholders are errors
        #[arg(long)]
        strict: bool,
        /// 自定义模板目录 / directory of user templates
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// 列出可用文种 / list styles
    Styles {
        /// 自定义模板目录 / directory of user templates
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// 输出表单的 JSON Schema / print the form's JSON Schema
    Schema,
    /// 从表格(xlsx/xls/ods/csv)导入主要指标 / import figures from a table
    Import {
        /// 表格文件(.xlsx .xls .ods .csv 或制表符分隔的 .txt)/ table file
        table: PathBuf,
        /// 合并进这份表单(按名称更新或追加)/ merge into this form
        #[arg(long, value_name = "FORM", conflicts_with = "output")]
        into: Option<PathBuf>,
        /// 用空白表单新建(文件不能已存在)/ new form from the blank template
        #[arg(short, long, value_name = "NEW")]
        output: Option<PathBuf>,
        /// 工作表名称(默认第一个)/ sheet name (default: the first)
        #[arg(long)]
        sheet: Option<String>,
    },
    /// 生成下一期的表单:上期数值移入上期 / next period's form from this one
    Next {
        /// 本期表单 / this period's form
        form: PathBuf,
        /// 新表单文件 / the new form
        #[arg(short, long, value_name = "NEW")]
        output: PathBuf,
        /// 覆盖已有文件 / overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// 在浏览器中填写表单并预览 / fill the form in a browser with a live preview
    Serve {
        /// 要编辑的表单(不给则从空白表单开始)/ form file to edit
        form: Option<PathBuf>,
        /// 端口(0 表示任选空闲端口)/ port on 127.0.0.1 (0: any free port)
        #[arg(long)]
        port: Option<u16>,
        /// 不自动打开浏览器 / do not open the browser
        #[arg(long)]
        no_open: bool,
        /// 优先使用的字体目录(预览按其中的字体排版)/ a folder of fonts to prefer
        #[arg(long, value_name = "DIR")]
        fonts: Option<PathBuf>,
    },
    /// One request of `huibao serve`, in a worker process of its own (not
    /// for people: the server starts it; see `crate::serve::worker`).
    #[command(name = "__serve-worker", hide = true)]
    ServeWorker,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Markdown
    Md,
    /// Word
    Docx,
    /// HTML
    Html,
    /// PDF
    Pdf,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => Format::Markdown,
            FormatArg::Docx => Format::Docx,
            FormatArg::Html => Format::Html,
            FormatArg::Pdf => Format::Pdf,
        }
    }
}

/// Parses the arguments, runs the command and returns the exit code: the
/// one place where errors are printed and mapped to codes.
pub fn main() -> i32 {
    let run = match Cli::try_parse() {
        Ok(cli) => cli.command.run(),
        Err(e) => match usage::from_clap(&e) {
            Ok(help) => output::stdout(help.as_bytes()).map(|()| Status::Success),
            Err(e) => Err(e),
        },
    };
    match run {
        Ok(Status::Success) => 0,
        Ok(Status::Failed) => 1,
        Err(e) => {
            report_error(&e);
            e.exit_code()
        }
    }
}

/// How a command that reports its own per-form errors ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything done.
    Success,
    /// Some form failed; each was reported (exit code 1).
    Failed,
}

impl Command {
    /// Runs the command.
    fn run(self) -> Result<Status> {
        match self {
            Command::Init { file, style, force } => init(&file, style.as_deref(), force),
            Command::Render {
                forms,
                style,
                output,
                format,
                templates,
                strict,
                fonts,
                pdfa,
            } => use_fonts(fonts.clone()).and_then(|()| {
                render(
                    &forms,
                    style,
                    output.as_deref(),
                    format.map(Format::from),
                    templates.as_deref(),
                    strict,
                    &crate::write::Settings { fonts, pdfa },
                )
            }),
            Command::Check {
                forms,
                strict,
                templates,
            } => check(&forms, strict, templates.as_deref()),
            Command::Styles { templates } => styles(templates.as_deref()),
            // serve reports its own errors (through `report_error`).
            Command::Serve {
                form,
                port,
                no_open,
                fonts,
            } => use_fonts(fonts).map(|()| match crate::serve::run(form, port, !no_open) {
                0 => Status::Success,
                _ => Status::Failed,
            }),
            Command::ServeWorker => Ok(match crate::serve::worker::worker_main() {
                0 => Status::Success,
                _ => Status::Failed,
            }),
            Command::Import {
                table,
                into,
                output,
                sheet,
            } => import::import(&table, into.as_deref(), output.as_deref(), sheet.as_deref()),
            Command::Next {
                form,
                output,
                force,
            } => next::next(&form, &output, force),
            Command::Schema => {
                let schema = crate::form::schema();
                let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
                text.push('\n');
                output::stdout(text.as_bytes())?;
                Ok(Status::Success)
            }
        }
    }
}

/// `--fonts DIR`: the fonts of `dir` are preferred for the rest of the
/// process (docs/layout.md §14).
fn use_fonts(dir: Option<PathBuf>) -> Result<()> {
    let Some(dir) = dir else {
        return Ok(());
    };
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::Io, "字体目录不存在或不是目录")
            .in_file(dir.display().to_string()));
    }
    crate::fonts::use_folder(dir);
    Ok(())
}

/// Prints an error to stderr, punctuation normalized; a closed pipe prints
/// nothing. The file and place are shown as named, not normalized: a file
/// name is what it is, and a table's cell is written `主要指标!C7` as in the
/// spreadsheet.
pub fn report_error(e: &Error) {
    let label = match e.kind {
        ErrorKind::BrokenPipe => return,
        ErrorKind::Usage => "用法错误:",
        _ => "错误:",
    };
    let (place, rest) = match &e.file {
        Some(_) => {
            let place = Error {
                path: None,
                message: String::new(),
                ..e.clone()
            }
            .to_string();
            let rest = Error {
                file: None,
                line: None,
                column: None,
                ..e.clone()
            }
            .to_string();
            let place = place.strip_suffix(':').unwrap_or(&place).to_string();
            (place, format!(":{rest}"))
        }
        None => (String::new(), e.to_string()),
    };
    use std::io::Write;
    let mut line = crate::punct::normalize(label);
    line.push_str(&place);
    line.push_str(&crate::punct::normalize(&rest));
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// A line on stderr, punctuation normalized; never panics.
fn note(text: &str) {
    use std::io::Write;
    let mut line = crate::punct::normalize(text);
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Removes this process's temporary files on Ctrl-C, SIGTERM or SIGHUP
/// before exiting, so an interrupted run leaves nothing behind (SIGKILL
/// cannot be caught: the next run into the directory sweeps those).
fn clean_up_on_signals() {
    pipeline::remove_on_signals();
}

thread_local! {
    /// The form this thread works on, for the memory handler's message.
    static WORKING_ON: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Whether this run uses templates of the user's (`--templates`).
static CUSTOM_TEMPLATES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What the forms of one run may hold at once (docs/form.md §10.4).
static BUDGET: crate::memory::Budget = crate::memory::Budget::new(crate::memory::BATCH_BUDGET);

/// Runs one form's work (reading, rendering, writing) within its memory
/// reservation: a batch waits rather than holding more than
/// [`crate::memory::BATCH_BUDGET`], and a form passing its own share ends
/// the run through [`out_of_memory`] with its name.
fn within_budget<R>(form: &Path, work: impl FnOnce() -> R) -> R {
    let size = std::fs::metadata(form).map_or(0, |m| m.len());
    let custom = CUSTOM_TEMPLATES.load(std::sync::atomic::Ordering::Relaxed);
    let reserved = BUDGET.reserve(crate::memory::reservation(size, custom));
    let name = form.display().to_string();
    WORKING_ON.with(|w| drop(w.replace(name)));
    let result = crate::memory::limited(reserved.bytes(), work);
    if reserved.bytes() > RELEASE_AFTER {
        crate::memory::release_free_memory();
    }
    result
}

/// Reservations past which the memory a form freed is handed back to the
/// system at once: each worker thread's allocator keeps what it freed, so
/// eight threads that each once held a large form held eight of them.
const RELEASE_AFTER: usize = 32 << 20;

/// Ends the process when it passes its memory limit (see
/// [`crate::memory`]): almost always a template building an endless string.
pub fn out_of_memory() -> ! {
    if crate::serve::worker::in_worker() {
        // The server says it, in its answer.
        std::process::exit(crate::serve::worker::OUT_OF_MEMORY);
    }
    let form = WORKING_ON
        .try_with(|w| w.try_borrow().map(|f| f.clone()).unwrap_or_default())
        .unwrap_or_default();
    let form = if form.is_empty() {
        String::new()
    } else {
        format!("{}:", crate::error::printable(&form))
    };
    let why = if CUSTOM_TEMPLATES.load(std::sync::atomic::Ordering::Relaxed) {
        "多半是自定义模板在不断加长文字(如反复用 ~ 连接),请检查 --templates 中的模板"
    } else {
        "表单中的文字或条目过多;请精简表单,或把表单发给维护者"
    };
    note(&format!(
        "错误:{form}生成报告时占用的内存超过 {} MiB,已中止(未写完的文件已删除);{why}",
        crate::memory::active_limit() >> 20
    ));
    pipeline::exit_removing_temp_files(1)
}

fn init(file: &Path, style: Option<&str>, force: bool) -> Result<Status> {
    let mut text = crate::render::styles::BLANK_FORM.to_string();
    if let Some(s) = style {
        let styles = crate::render::styles::discover(None)?;
        let found = crate::render::styles::find(&styles, s)?;
        text = text.replacen("文种: 情况汇报", &format!("文种: {}", found.name), 1);
    }
    if file.exists() && !force {
        return Err(
            Error::new(ErrorKind::Io, "文件已存在,未覆盖;如需覆盖请加 --force")
                .in_file(file.display().to_string()),
        );
    }
    clean_up_on_signals();
    pipeline::write_atomic(file, text.as_bytes(), force)?;
    note(&format!("已生成表单:{}", file.display()));
    Ok(Status::Success)
}

fn check(inputs: &[PathBuf], strict: bool, templates: Option<&Path>) -> Result<Status> {
    let renderer = Renderer::new(templates)?;
    uses_templates(templates);
    let today = pipeline::today();
    let mut failed = false;
    for form in expand(inputs) {
        let checked = within_budget(&form, || {
            let loaded: LoadedForm = pipeline::load(&form)?;
            // A full render in memory: a form that checks clean also renders.
            let (style, doc) =
                pipeline::render(&renderer, &loaded, &RenderOptions::default(), today)?;
            let prose = pipeline::prose_check(&loaded, style, &doc);
            Ok::<_, Error>((loaded, prose))
        });
        let (loaded, prose) = match checked {
            Ok(c) => c,
            Err(e) => {
                report_error(&e);
                failed = true;
                continue;
            }
        };
        let mut warnings = crate::form::warnings(&loaded.form);
        warnings.extend(prose.warnings);
        let mut out = String::new();
        // How the file was read comes first: it explains any odd text below.
        if let Some(n) = loaded.encoding_note() {
            out.push_str(&format!("{}:{n}\n", loaded.file));
        }
        if loaded.placeholders.is_empty() {
            out.push_str(&format!("{}:填写完整\n", loaded.file));
        } else {
            out.push_str(&format!(
                "{}:有{}处待补充\n",
                loaded.file,
                loaded.placeholders.len()
            ));
            for p in &loaded.placeholders {
                out.push_str(&format!("  待补充:{p}\n"));
            }
        }
        if let Some(s) = &prose.speech {
            out.push_str(&format!("  {s}\n"));
        }
        // Each remark names its line too (the form is read again only when
        // there is something to say).
        let text = if warnings.is_empty() {
            String::new()
        } else {
            std::fs::read_to_string(&form).unwrap_or_default()
        };
        for w in &warnings {
            let line = crate::form::line_of(&text, &w.path)
                .map(|(l, _)| format!("(第{l}行)"))
                .unwrap_or_default();
            out.push_str(&format!("  提醒:字段“{}”{line}:{}\n", w.path, w.message));
        }
        let shown: Vec<String> = out.lines().map(crate::error::printable).collect();
        let mut text = crate::punct::normalize(&shown.join("\n"));
        text.push('\n');
        output::stdout(text.as_bytes())?;
        if strict && let Some(e) = pipeline::strict_error(&loaded).or(prose.strict_error) {
            report_error(&e);
            failed = true;
        }
    }
    Ok(if failed {
        Status::Failed
    } else {
        Status::Success
    })
}

/// Records whether the run's templates are the user's, for the memory message.
fn uses_templates(templates: Option<&Path>) {
    CUSTOM_TEMPLATES.store(templates.is_some(), std::sync::atomic::Ordering::Relaxed);
}

fn styles(templates: Option<&Path>) -> Result<Status> {
    let renderer = Renderer::new(templates)?;
    let mut out = String::new();
    for s in renderer.styles() {
        let origin = match &s.origin {
            Origin::BuiltIn => "内置".to_string(),
            Origin::User(p) => format!("自定义 {}", p.display()),
        };
        out.push_str(&crate::error::printable(&format!(
            "{}\t{}\t[{}] {}",
            s.name, s.id, origin, s.description
        )));
        out.push('\n');
    }
    output::stdout(crate::punct::normalize(&out).as_bytes())?;
    Ok(Status::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    // clap's own consistency checks on the argument definitions.
    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
