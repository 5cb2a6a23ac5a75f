//! The clerk's path of issue 19: `huibao serve new.yaml` with the file
//! absent; 地区, 单位 and 时期 typed; two figures pasted from the clipboard as
//! cells copied from a spreadsheet; one achievement card and one plan; each
//! seen in the preview; saved; exported as DOCX — and the YAML view never
//! opened. The saved file passes `huibao check` and the CLI renders the same
//! DOCX from it.

use std::process::Command;

use super::Browser;
use super::http::Server;

const HUIBAO: &str = env!("CARGO_BIN_EXE_huibao");

pub(super) fn first_report(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("new.yaml");
    let server = Server::start(dir.path(), &["new.yaml"]);
    b.open(&server);
    assert!(!form.exists());

    // 地区 typed through a Chinese input method: nothing of the pinyin
    // reaches the form while it is being composed.
    b.fill("地区", "");
    let during = b.compose("shilixian", "示例县");
    assert!(during.contains("\n地区: 某某县"), "{during}");
    assert!(!during.contains("shilixian"));
    b.fill("单位", "示例县科学技术局");
    b.fill("时期", "2025年上半年");
    b.idle();
    let shown = b.preview_text();
    assert!(
        shown.contains("关于示例县科技创新工作情况的汇报"),
        "{shown}"
    );
    assert!(shown.contains("示例县科学技术局"), "{shown}");

    // Two rows copied from a spreadsheet (no header row: columns in the
    // grid's order 名称, 数值, 单位, 上期), pasted into the figures grid.
    b.fill("主要指标[0].名称", "");
    b.paste(
        &server,
        "高新技术企业\t86\t家\t64\r\n技术合同成交额\t12.5\t亿元\t9.8\r\n",
    );
    b.wait_js(
        "the pasted figures in the grid",
        "return document.querySelector('[data-path=\"主要指标[1].名称\"]');",
    );
    b.idle();
    assert_eq!(b.field("主要指标[0].数值"), "86");
    assert_eq!(b.field("主要指标[1].名称"), "技术合同成交额");
    let shown = b.preview_text();
    assert!(shown.contains("高新技术企业86家"), "{shown}");
    assert!(shown.contains("技术合同成交额12.5亿元"), "{shown}");

    // One achievement card: its 标题, 成效, 概述 and first point; the
    // template's second point removed.
    b.fill("工作成效[0].标题", "深化科技体制改革");
    b.fill("工作成效[0].成效", "政策体系日趋完善");
    b.fill("工作成效[0].概述", "全县出台支持科技创新的政策文件8件");
    b.fill("工作成效[0].要点[0].标题", "强化政策供给");
    b.fill("工作成效[0].要点[0].内容", "设立科技创新专项资金");
    b.press(".item[data-path=\"工作成效[0].要点[1]\"] button[title=\"删除这条要点\"]");
    b.wait_js(
        "the second point removed",
        "return !document.querySelector('[data-path=\"工作成效[0].要点[1]\"]');",
    );
    // One plan.
    b.fill("下一步打算[0].内容", "加快建设概念验证中心");
    b.idle();
    let shown = b.preview_text();
    for text in [
        "深化科技体制改革",
        "政策体系日趋完善",
        "全县出台支持科技创新的政策文件8件",
        "强化政策供给",
        "设立科技创新专项资金",
        "加快建设概念验证中心",
    ] {
        assert!(shown.contains(text), "{text} not in the preview: {shown}");
    }

    // Saved, never having opened the YAML view.
    b.click("#save");
    b.wait_js(
        "the form saved",
        "return document.getElementById('status').textContent.startsWith('已保存');",
    );
    assert_eq!(
        b.script(
            "return window.huibaoEditor === undefined && !document.querySelector('.cm-editor');"
        ),
        serde_json::json!(true),
        "the YAML view was opened"
    );
    let saved = std::fs::read_to_string(&form).unwrap();
    assert_eq!(saved, b.form_text());
    let check = Command::new(HUIBAO)
        .args(["check", "new.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "huibao check: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    // The DOCX the page exports is the one the command line writes.
    let downloads = dir.path().join("downloads");
    b.downloads_to(&downloads);
    b.click("#export-docx");
    let docx = b.downloaded(&downloads, "docx");
    let cli = Command::new(HUIBAO)
        .args(["render", "new.yaml", "-o", "cli.docx"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .status()
        .unwrap();
    assert!(cli.success());
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        std::fs::read(dir.path().join("cli.docx")).unwrap(),
        "the exported DOCX differs from the CLI's"
    );
}

/// A statistics table uploaded as a file (a CSV in GBK, as Excel on Chinese
/// Windows saves it, with its header row) fills 主要指标 by the header's
/// names; the change can be undone.
pub(super) fn table_file_upload(b: &Browser) {
    use huibao::form::encoding::{Encoding, encode};
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("表单.yaml");
    std::fs::copy(crate::common::example("示例市"), &form).unwrap();
    let original = std::fs::read_to_string(&form).unwrap();
    let csv = dir.path().join("指标.csv");
    let table =
        "指标名称,本年,计量单位,上年\r\n高新技术企业,300,家,251\r\n新兴产业产值,88.5,亿元,70.2\r\n";
    std::fs::write(&csv, encode(table, Encoding::Gbk, false).unwrap()).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);

    let input = b.element("#upload");
    b.cmd(
        "POST",
        &format!("element/{input}/value"),
        serde_json::json!({"text": csv.display().to_string()}),
    );
    let said = b.wait_js(
        "the import's summary",
        "const t = document.getElementById('toast'); return !t.hidden && t.textContent.includes('已导入') && t.textContent;",
    );
    let said = said.as_str().unwrap();
    assert!(
        said.contains("新增1项") && said.contains("更新1项"),
        "{said}"
    );
    assert!(said.contains("GBK"), "the encoding is said: {said}");
    b.idle();
    assert_eq!(b.field("主要指标[2].数值"), "300");
    assert_eq!(b.field("主要指标[4].名称"), "新兴产业产值");
    assert!(b.preview_text().contains("新兴产业产值88.5亿元"));
    // 撤销 brings the form back as it was.
    b.click("#undo");
    b.idle();
    assert_eq!(b.form_text(), original);
    assert_eq!(b.field("主要指标[2].数值"), "251");
}
