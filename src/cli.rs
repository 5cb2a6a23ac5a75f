//! The command line (FORM.md §7): one function per subcommand, each returning
//! the process exit code. Messages are Chinese and pass through the same
//! punctuation normalization as documents.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Error, ErrorKind};
use crate::pipeline::{self, LoadedForm, RenderOptions};
use crate::render::{Origin, Renderer};
use crate::write::Format;
use clap::{Parser, Subcommand, ValueEnum};

mod batch;

/// huibao(汇报):从一份 YAML 表单起草政府工作汇报 / drafts Chinese work reports from a YAML form.
#[derive(Debug, Parser)]
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
    /// 生成报告初稿 / render forms to Markdown or Word
    Render {
        /// 表单文件或目录 / form files or directories of forms
        #[arg(required = true)]
        forms: Vec<PathBuf>,
        /// 文种(中文名或英文 id)/ style name or id
        #[arg(short, long)]
        style: Option<String>,
        /// 输出文件(.md/.docx/.html)、目录,或 - 表示标准输出 / output file, directory or -
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 输出格式(输出为目录或未指定时)/ format when OUT is a directory or absent
        #[arg(short, long, value_enum, default_value_t = FormatArg::Docx)]
        format: FormatArg,
        /// 自定义模板目录 / directory of user templates
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// 有待补充项即报错 / placeholders are errors
        #[arg(long)]
        strict: bool,
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
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Markdown
    Md,
    /// Word
    Docx,
    /// HTML
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => Format::Markdown,
            FormatArg::Docx => Format::Docx,
            FormatArg::Html => Format::Html,
        }
    }
}

/// Parses the arguments and runs; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { file, style, force } => init(&file, style.as_deref(), force),
        Command::Render {
            forms,
            style,
            output,
            format,
            templates,
            strict,
        } => render(
            &forms,
            style,
            output.as_deref(),
            format.into(),
            templates.as_deref(),
            strict,
        ),
        Command::Check {
            forms,
            strict,
            templates,
        } => check(&forms, strict, templates.as_deref()),
        Command::Styles { templates } => styles(templates.as_deref()),
        Command::Serve {
            form,
            port,
            no_open,
        } => crate::serve::run(form, port, !no_open),
        Command::Schema => {
            let schema = crate::form::schema();
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            0
        }
    }
}

/// Prints an error to stderr, punctuation normalized.
pub fn report_error(e: &Error) {
    eprintln!("{}", crate::punct::normalize(&format!("错误:{e}")));
}

fn usage(message: &str) -> i32 {
    eprintln!(
        "{}",
        crate::punct::normalize(&format!("用法错误:{message}"))
    );
    2
}

fn init(file: &Path, style: Option<&str>, force: bool) -> i32 {
    let mut text = crate::render::styles::BLANK_FORM.to_string();
    if let Some(s) = style {
        let styles = match crate::render::styles::discover(None) {
            Ok(s) => s,
            Err(e) => {
                report_error(&e);
                return 1;
            }
        };
        match crate::render::styles::find(&styles, s) {
            Ok(found) => {
                text = text.replacen("文种: 情况汇报", &format!("文种: {}", found.name), 1);
            }
            Err(e) => {
                report_error(&e);
                return 1;
            }
        }
    }
    if file.exists() && !force {
        report_error(
            &Error::new(ErrorKind::Io, "文件已存在,未覆盖;如需覆盖请加 --force")
                .in_file(file.display().to_string()),
        );
        return 1;
    }
    match pipeline::write_atomic(file, text.as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "{}",
                crate::punct::normalize(&format!("已生成表单:{}", file.display()))
            );
            0
        }
        Err(e) => {
            report_error(&e);
            1
        }
    }
}

/// Expands directories into the `.yaml`/`.yml` files they hold, sorted; a
/// form named twice is rendered once.
fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| {
                            f.is_file() && f.extension().is_some_and(|x| x == "yaml" || x == "yml")
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            if found.is_empty() {
                out.push(p.clone()); // reported as "a directory, not a form"
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

/// Where each form's output goes.
enum Target {
    Stdout,
    File(PathBuf, Format),
    Dir(PathBuf, Format),
}

fn target_for(
    forms: &[PathBuf],
    inputs: &[PathBuf],
    output: Option<&Path>,
    format: Format,
) -> Result<Target, String> {
    let many = forms.len() > 1 || inputs.iter().any(|p| p.is_dir());
    match output {
        Some(o) if o == Path::new("-") => {
            if many {
                Err("多份表单不能输出到标准输出(-o -),请给出目录".into())
            } else {
                Ok(Target::Stdout)
            }
        }
        Some(o) if many => Ok(Target::Dir(o.to_path_buf(), format)),
        Some(o) if o.is_dir() || o.as_os_str().to_string_lossy().ends_with(['/', '\\']) => {
            Ok(Target::Dir(o.to_path_buf(), format))
        }
        Some(o) => match Format::from_path(o) {
            Some(f) => Ok(Target::File(o.to_path_buf(), f)),
            None => Err(format!(
                "无法从“{}”的扩展名判断输出格式,请用 .md、.docx 或 .html",
                o.display()
            )),
        },
        None => Ok(Target::Dir(PathBuf::from("."), format)),
    }
}

/// Forms whose output would land on an earlier form's output (`a/x.yaml` and
/// `b/x.yaml` both → `out/x.docx`), each mapped to that earlier form.
fn same_output(
    forms: &[PathBuf],
    dir: &Path,
    format: Format,
) -> std::collections::HashMap<PathBuf, PathBuf> {
    let mut first: std::collections::HashMap<PathBuf, &PathBuf> = Default::default();
    let mut clashes = std::collections::HashMap::new();
    for form in forms {
        let out = output_path(dir, form, format);
        match first.get(&out) {
            Some(earlier) => {
                clashes.insert(form.clone(), (*earlier).clone());
            }
            None => {
                first.insert(out, form);
            }
        }
    }
    clashes
}

fn output_path(dir: &Path, form: &Path, format: Format) -> PathBuf {
    let stem = form.file_stem().unwrap_or_default();
    dir.join(stem).with_extension(format.extension())
}

fn render(
    inputs: &[PathBuf],
    style: Option<String>,
    output: Option<&Path>,
    format: Format,
    templates: Option<&Path>,
    strict: bool,
) -> i32 {
    let started = Instant::now();
    let forms = expand(inputs);
    let target = match target_for(&forms, inputs, output, format) {
        Ok(t) => t,
        Err(m) => return usage(&m),
    };
    let renderer = match Renderer::new(templates) {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return 1;
        }
    };
    let opts = RenderOptions { style, strict };
    let today = pipeline::today();
    let clashes = match &target {
        Target::Dir(dir, f) => same_output(&forms, dir, *f),
        _ => Default::default(),
    };
    let made_dir = std::sync::OnceLock::new();
    let results: Vec<Result<Option<PathBuf>, Error>> = batch::run(&forms, |form| {
        if let Some(first) = clashes.get(form) {
            return Err(Error::new(
                ErrorKind::Io,
                format!(
                    "与“{}”同名,输出会互相覆盖,未生成;请改名后再生成",
                    first.display()
                ),
            )
            .in_file(form.display().to_string()));
        }
        let loaded = pipeline::load(form)?;
        let doc = pipeline::document(&renderer, &loaded, &opts, today)?;
        match &target {
            Target::Stdout => {
                let md = crate::write::markdown::to_markdown(&doc);
                let mut out = std::io::stdout().lock();
                out.write_all(md.as_bytes())
                    .map_err(|e| Error::new(ErrorKind::Io, pipeline::io_message(&e)))?;
                Ok(None)
            }
            Target::File(path, f) => {
                pipeline::check_not_input(form, path)?;
                pipeline::write_atomic(path, &pipeline::encode(&doc, *f)?, true)?;
                Ok(Some(path.clone()))
            }
            Target::Dir(dir, f) => {
                // Made only once a form has rendered: a run where every
                // form fails leaves nothing behind (`-o out.md` on an
                // empty directory of forms used to create a directory).
                made_dir
                    .get_or_init(|| {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            Error::new(
                                ErrorKind::Io,
                                format!("无法创建输出目录:{}", pipeline::io_message(&e)),
                            )
                            .in_file(dir.display().to_string())
                        })
                    })
                    .clone()?;
                let path = output_path(dir, form, *f);
                pipeline::check_not_input(form, &path)?;
                pipeline::write_atomic(&path, &pipeline::encode(&doc, *f)?, true)?;
                Ok(Some(path))
            }
        }
    });
    let mut failed = 0;
    for r in &results {
        match r {
            Ok(Some(path)) if forms.len() == 1 => {
                eprintln!(
                    "{}",
                    crate::punct::normalize(&format!("已生成:{}", path.display()))
                )
            }
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                report_error(e);
            }
        }
    }
    if forms.len() > 1 {
        eprintln!("{}", batch::summary(forms.len(), failed, started.elapsed()));
    }
    i32::from(failed > 0)
}

fn check(inputs: &[PathBuf], strict: bool, templates: Option<&Path>) -> i32 {
    let renderer = match Renderer::new(templates) {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return 1;
        }
    };
    let today = pipeline::today();
    let mut failed = false;
    for form in expand(inputs) {
        let loaded: LoadedForm = match pipeline::load(&form) {
            Ok(l) => l,
            Err(e) => {
                report_error(&e);
                failed = true;
                continue;
            }
        };
        // A full render in memory: a form that checks clean also renders.
        let doc = match pipeline::document(&renderer, &loaded, &RenderOptions::default(), today) {
            Ok(doc) => doc,
            Err(e) => {
                report_error(&e);
                failed = true;
                continue;
            }
        };
        let mut warnings = crate::form::warnings(&loaded.form);
        let prose = pipeline::prose_check(&renderer, &loaded, &doc);
        warnings.extend(prose.warnings);
        let mut out = String::new();
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
        for w in &warnings {
            out.push_str(&format!("  提醒:字段“{}”:{}\n", w.path, w.message));
        }
        print!("{}", crate::punct::normalize(&out));
        if strict && let Some(e) = pipeline::strict_error(&loaded).or(prose.strict_error) {
            report_error(&e);
            failed = true;
        }
    }
    i32::from(failed)
}

fn styles(templates: Option<&Path>) -> i32 {
    let renderer = match Renderer::new(templates) {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return 1;
        }
    };
    let mut out = String::new();
    for s in renderer.styles() {
        let origin = match &s.origin {
            Origin::BuiltIn => "内置".to_string(),
            Origin::User(p) => format!("自定义 {}", p.display()),
        };
        out.push_str(&format!(
            "{}\t{}\t[{}] {}\n",
            s.name, s.id, origin, s.description
        ));
    }
    print!("{}", crate::punct::normalize(&out));
    0
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
