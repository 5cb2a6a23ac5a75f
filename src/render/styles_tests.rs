use super::*;
use crate::facts::title::{TitleParts, default_title};

fn parts() -> TitleParts {
    TitleParts {
        locality: "示例市".to_string(),
        organization: "示例市科学技术局".to_string(),
        topic: "科技创新".to_string(),
        period: "2024年上半年".to_string(),
        next_period: "下半年".to_string(),
        meeting: None,
    }
}

fn user_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

// Every template file is a built-in style: found by its Chinese name and id.
#[test]
fn finds_built_ins_by_name_and_id() {
    let styles = discover(None).unwrap();
    let files = TEMPLATES
        .iter()
        .filter(|(f, _)| style_stem(f).is_some())
        .count();
    assert_eq!(styles.len(), files);
    assert!(files >= 6, "{files}");
    assert_eq!(find(&styles, "调研报告").unwrap().id, "diaoyan");
    assert_eq!(find(&styles, "zongshu").unwrap().name, "工作综述");
    assert!(
        find(&styles, "通知")
            .unwrap_err()
            .message
            .contains("情况汇报")
    );
}

// The built-in titles of docs/form.md §4, read from the templates' headers.
#[test]
fn built_in_titles_come_from_the_headers() {
    let styles = discover(None).unwrap();
    let title = |id: &str, p: &TitleParts| default_title(&find(&styles, id).unwrap().title, p);
    let p = parts();
    assert_eq!(title("情况汇报", &p), "关于示例市科技创新工作情况的汇报");
    assert_eq!(title("调研报告", &p), "关于示例市科技创新情况的调研报告");
    assert_eq!(
        title("工作总结", &p),
        "示例市科学技术局2024年上半年科技创新工作总结及下半年工作思路"
    );
    assert_eq!(title("汇报发言", &p), "科技创新工作汇报发言");
    let mut met = parts();
    met.meeting = Some("全市科技创新大会".to_string());
    assert_eq!(title("fayan", &met), "在全市科技创新大会上的汇报发言");
    assert_eq!(title("要点汇报", &p), "示例市科技创新工作情况汇报");
    assert_eq!(title("工作综述", &p), "示例市科技创新工作综述");
    let fayan = find(&styles, "fayan").unwrap();
    assert!(!fayan.signature && fayan.unused_keys.iter().any(|k| k == "主送"));
    let qingkuang = find(&styles, "qingkuang").unwrap();
    assert!(qingkuang.signature && qingkuang.unused_keys.iter().any(|k| k == "称呼"));
}

// A user style's header: own title; without one, the 情况汇报 title.
#[test]
fn user_styles_read_their_headers() {
    let dir = user_dir(&[
        (
            "jianbao.jinja",
            "{#\n名称: 简报\n说明: 一页纸\n标题: {地区}{主题}简报\n落款: 无\n#}\n@title x\n",
        ),
        ("bare.jinja", "@title x\n"),
        ("_part.jinja", "{# not a style #}"),
    ]);
    let styles = discover(Some(dir.path())).unwrap();
    let jianbao = find(&styles, "简报").unwrap();
    assert_eq!(
        (
            jianbao.id.as_str(),
            jianbao.description.as_str(),
            jianbao.signature
        ),
        ("jianbao", "一页纸", false)
    );
    assert_eq!(
        default_title(&jianbao.title, &parts()),
        "示例市科技创新简报"
    );
    let bare = find(&styles, "bare").unwrap();
    assert_eq!(
        default_title(&bare.title, &parts()),
        "关于示例市科技创新工作情况的汇报"
    );
    assert!(find(&styles, "_part").is_err());
}

// An override keeps the built-in's id and name, and what its header leaves out.
#[test]
fn overrides_by_id_or_name_keep_the_rest() {
    let dir = user_dir(&[
        ("情况汇报.jinja", "{#\n说明: 本单位格式\n#}\n@title x\n"),
        (
            "mine.jinja",
            "{#\n名称: 调研报告\n标题: {地区}调研\n#}\n@title x\n",
        ),
    ]);
    let styles = discover(Some(dir.path())).unwrap();
    assert_eq!(styles.len(), discover(None).unwrap().len());
    let q = find(&styles, "qingkuang").unwrap();
    assert_eq!(q.description, "本单位格式");
    assert_eq!(q.template, "情况汇报.jinja");
    assert_eq!(
        default_title(&q.title, &parts()),
        "关于示例市科技创新工作情况的汇报"
    );
    let d = find(&styles, "diaoyan").unwrap();
    assert_eq!(
        (d.name.as_str(), d.template.as_str()),
        ("调研报告", "mine.jinja")
    );
    assert_eq!(default_title(&d.title, &parts()), "示例市调研");
}

// A bad file is listed with its problem and refused when chosen; the rest work.
#[test]
fn a_bad_file_spoils_only_itself() {
    let dir = user_dir(&[("bad.jinja", "{#\n名称: 坏\n标提: x\n#}\n")]);
    std::fs::create_dir(dir.path().join("dir.jinja")).unwrap();
    let styles = discover(Some(dir.path())).unwrap();
    let e = find(&styles, "bad").unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.file.as_deref().unwrap().ends_with("bad.jinja"), "{e}");
    assert!(e.message.contains("不认识的键“标提”"), "{e}");
    let e = find(&styles, "dir").unwrap_err();
    assert!(e.message.contains("不是普通文件"), "{e}");
    assert!(
        styles
            .iter()
            .any(|s| s.id == "dir" && s.description.contains("无法使用"))
    );
    assert!(find(&styles, "情况汇报").is_ok());
}

// Reading a whole template: capped, and invalid UTF-8 named by line.
#[test]
fn whole_templates_are_capped() {
    let big = vec![b'a'; MAX_TEMPLATE_BYTES as usize + 1];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jinja");
    std::fs::write(&path, &big).unwrap();
    let e = read_template(&path).unwrap_err();
    assert!(e.contains("过大") && e.contains("1 MiB"), "{e}");
    std::fs::write(&path, b"ok\n\xff\n").unwrap();
    let e = read_template(&path).unwrap_err();
    assert!(e.contains("第2行") && e.contains("UTF-8"), "{e}");
    let e = read_header(&path).map(|_| ());
    assert!(e.is_ok(), "the header stops before the bad byte");
}
