//! `huibao import` (docs/form.md §11.1–11.2): tables written by the tests
//! themselves (CSV in four encodings, .xlsx and .ods with number formats),
//! header variants, title rows, percent and empty cells, merging into a
//! form with comments, and every error with its cell and the form unchanged.

use std::path::Path;
use std::process::Command;

use huibao::form::encoding::{Encoding, encode};
use serde_json::Value;

use crate::sheets::{C, ods, s, texts, xlsx};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn huibao(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The form's figures as the engine reads them.
fn figures(text: &str) -> Vec<Value> {
    let tree = huibao::form::edit::Source::parse(text).unwrap().tree();
    tree["主要指标"].as_array().cloned().unwrap_or_default()
}

fn figure<'a>(figures: &'a [Value], name: &str) -> &'a Value {
    figures
        .iter()
        .find(|f| f["名称"] == name)
        .unwrap_or_else(|| panic!("no figure {name} in {figures:?}"))
}

const CSV: &str = "2024年示例市科技创新主要指标\n\
指标名称,计量单位,本期数,上年同期,增长率(%),全省排名,备注\n\
高新技术企业,家,\"1,268\",1100,,2,\n\
研发投入强度,%,2.45,2.31,,,\n\
技术合同成交额,亿元,42.8,—,,,创历史新高\n\
科技型中小企业,家,,512,,-,\n";

/// Imports `table` (its name and bytes) into a new form; the form's text.
fn import_new(name: &str, bytes: &[u8], extra: &[&str]) -> (String, Run) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut args = vec!["import", name, "-o", "new.yaml"];
    args.extend_from_slice(extra);
    let run = huibao(dir.path(), &args);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(dir.path().join("new.yaml")).unwrap();
    // The new form reads, and checks with its placeholders.
    let check = huibao(dir.path(), &["check", "new.yaml"]);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
    (text, run)
}

// A CSV with a title row above the header, every header a variant, a
// thousands separator, a percent unit, `—` and `-` for no value, and an
// empty 本期数 that becomes a placeholder; the same in four encodings.
#[test]
fn csv_in_four_encodings_with_header_variants() {
    let utf8 = CSV.as_bytes().to_vec();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(CSV.as_bytes());
    let gbk_crlf = encode(&CSV.replace('\n', "\r\n"), Encoding::Gbk, false).unwrap();
    let utf16 = encode(CSV, Encoding::Utf16Le, true).unwrap();
    let mut texts_seen = Vec::new();
    for (bytes, said) in [
        (utf8, None),
        (bom, None),
        (gbk_crlf, Some("已按 GBK 读取")),
        (utf16, Some("已按 UTF-16LE 读取")),
    ] {
        let (text, run) = import_new("指标.csv", &bytes, &[]);
        match said {
            Some(note) => assert!(run.stdout.contains(note), "{}", run.stdout),
            None => assert!(!run.stdout.contains("已按"), "{}", run.stdout),
        }
        texts_seen.push(text);
    }
    assert!(texts_seen.windows(2).all(|w| w[0] == w[1]));
    let f = figures(&texts_seen[0]);
    assert_eq!(f.len(), 4, "{f:?}");
    let high_tech = figure(&f, "高新技术企业");
    assert_eq!(high_tech["数值"], "1268");
    assert_eq!(high_tech["上期"], "1100");
    assert_eq!(high_tech["单位"], "家");
    assert_eq!(
        high_tech["排名"],
        serde_json::json!({"范围": "全省", "位次": "2"})
    );
    let contracts = figure(&f, "技术合同成交额");
    assert!(
        contracts.get("上期").is_none(),
        "— is no value: {contracts}"
    );
    assert_eq!(contracts["说明"], "创历史新高");
    assert_eq!(figure(&f, "研发投入强度")["单位"], "%");
    let smes = figure(&f, "科技型中小企业");
    assert_eq!(smes["数值"], "xx", "an empty cell is a placeholder");
    assert!(smes.get("排名").is_none());
    // The blank form's help comments stay under the first figure.
    assert!(texts_seen[0].contains("# 增速: 12.5"), "{}", texts_seen[0]);
    assert!(!texts_seen[0].contains("名称: 高新技术企业\n    数值: xx"));
}

// Percent cells are read as the sheet shows them: 0.184 formatted 0.0% is
// 18.4; a value column formatted as percent gives the unit %; an .ods
// percentage the same. The title row is a merged-looking row above.
#[test]
fn workbooks_read_numbers_as_the_sheet_shows_them() {
    let rows = vec![
        vec![s("示例市2024年主要科技指标"), C::E, C::E, C::E],
        vec![C::E],
        texts("指标,本年,上年,同比增长"),
        vec![
            s("全社会研发投入"),
            C::F(155500.0, "#,##0"),
            C::N(132000.0),
            C::F(0.178, "0.0%"),
        ],
        vec![
            s("研发投入强度"),
            C::F(0.0245, "0.00%"),
            C::F(0.0231, "0.00%"),
            C::E,
        ],
        vec![
            s("技术合同成交额"),
            C::F(42.8049, "0.00"),
            C::N(18.6),
            C::F(1.301, "0.0%"),
        ],
    ];
    for (name, bytes) in [
        ("指标.xlsx", xlsx(&[("主要指标", rows.clone())])),
        ("指标.ods", ods(&[("主要指标", rows.clone())])),
    ] {
        let (text, run) = import_new(name, &bytes, &[]);
        assert!(run.stdout.contains("主要指标"), "{}", run.stdout);
        let f = figures(&text);
        let rd = figure(&f, "全社会研发投入");
        assert_eq!(
            (rd["数值"].as_str(), rd["增速"].as_str()),
            (Some("155500"), Some("17.8")),
            "{name}"
        );
        let share = figure(&f, "研发投入强度");
        assert_eq!(share["数值"], "2.45", "{name}");
        assert_eq!(share["上期"], "2.31", "{name}");
        assert_eq!(share["单位"], "%", "{name}");
        let c = figure(&f, "技术合同成交额");
        assert_eq!(
            (c["数值"].as_str(), c["增速"].as_str()),
            (Some("42.8"), Some("130.1")),
            "{name}"
        );
    }
}

// --sheet picks a sheet by name; an unknown one is named with the others.
#[test]
fn a_sheet_is_chosen_by_name() {
    let book = xlsx(&[
        ("说明", vec![texts("本表说明")]),
        (
            "主要指标",
            vec![texts("名称,数值"), vec![s("专利授权量"), C::N(118.0)]],
        ),
    ]);
    let (text, _) = import_new("指标.xlsx", &book, &["--sheet", "主要指标"]);
    assert_eq!(figure(&figures(&text), "专利授权量")["数值"], "118");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("指标.xlsx"), &book).unwrap();
    let run = huibao(
        dir.path(),
        &["import", "指标.xlsx", "-o", "new.yaml", "--sheet", "附表"],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("没有名为“附表”的工作表") && run.stderr.contains("说明、主要指标"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("new.yaml").exists());
}

// Merging into a form: a figure there is updated in place (its other keys
// and every comment stay), a new one is appended like its neighbours, the
// rest are left alone and listed; only the changed lines differ.
#[test]
fn merging_keeps_the_form_and_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let form = std::fs::read_to_string(crate::common::example("示例市")).unwrap();
    let form = form.replace("    数值: 251\n", "    数值: 251   # 年报口径\n");
    std::fs::write(dir.path().join("表单.yaml"), &form).unwrap();
    std::fs::write(
        dir.path().join("指标.csv"),
        "名称,数值,上期,单位\n高新技术企业,260,251,家\n专利授权量,118,125,件\n研发投入强度,2.45,2.31,%\n",
    )
    .unwrap();
    let run = huibao(dir.path(), &["import", "指标.csv", "--into", "表单.yaml"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let out = std::fs::read_to_string(dir.path().join("表单.yaml")).unwrap();
    // Two values changed where they stand, one figure appended after the
    // last one; not another byte differs.
    let want = form
        .replace(
            "    数值: 251   # 年报口径\n    单位: 家\n    上期: 175\n",
            "    数值: 260   # 年报口径\n    单位: 家\n    上期: 251\n",
        )
        .replace(
            "工作成效:\n",
            "  - 名称: 专利授权量\n    数值: 118\n    单位: 件\n    上期: 125\n工作成效:\n",
        );
    assert_eq!(out, want);
    let said = &run.stdout;
    assert!(said.contains("新增1项\u{ff1a}专利授权量"), "{said}");
    assert!(
        said.contains(
            "更新1项\u{ff1a}高新技术企业\u{ff08}数值 251→260\u{ff0c}上期 175→251\u{ff09}"
        ),
        "{said}"
    );
    assert!(
        said.contains("未改动3项\u{ff1a}研发投入强度、全社会研发投入、高新技术产业增加值"),
        "{said}"
    );
    // The same table again changes nothing and writes nothing.
    let again = huibao(dir.path(), &["import", "指标.csv", "--into", "表单.yaml"]);
    assert!(again.stdout.contains("表单没有变化"), "{}", again.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("表单.yaml")).unwrap(),
        out
    );
}

// A GBK form stays GBK; a value GBK lacks is refused by name, form unchanged.
#[test]
fn a_gbk_form_stays_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let form = std::fs::read_to_string(crate::common::example("示例市")).unwrap();
    let gbk = encode(&form, Encoding::Gbk, false).unwrap();
    std::fs::write(dir.path().join("表单.yaml"), &gbk).unwrap();
    std::fs::write(dir.path().join("a.csv"), "名称,数值\n高新技术企业,260\n").unwrap();
    let run = huibao(dir.path(), &["import", "a.csv", "--into", "表单.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(dir.path().join("表单.yaml")).unwrap();
    assert_eq!(
        bytes,
        encode(
            &form.replace("数值: 251", "数值: 260"),
            Encoding::Gbk,
            false
        )
        .unwrap()
    );
    std::fs::write(
        dir.path().join("b.csv"),
        "名称,数值,说明\n高新技术企业,270,😀\n",
    )
    .unwrap();
    let run = huibao(dir.path(), &["import", "b.csv", "--into", "表单.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("“😀”(U+1F600)无法用 GBK 编码保存"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(dir.path().join("表单.yaml")).unwrap(), bytes);
}

// Every error names its place (the cell where there is one), exits 1 and
// leaves the form byte for byte as it was.
#[test]
fn errors_name_the_cell_and_leave_the_form_untouched() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "指标.xlsx",
            xlsx(&[(
                "主要指标",
                vec![
                    texts("名称,数值,上期"),
                    vec![s("甲"), C::N(1.0), C::N(2.0)],
                    vec![s("乙"), C::N(3.0), C::N(4.0)],
                    vec![s("丙"), C::N(5.0), C::N(6.0)],
                    vec![s("丁"), C::N(5.0), C::N(6.0)],
                    vec![s("戊"), C::N(5.0), C::N(6.0)],
                    vec![s("己"), s("约三成"), C::N(6.0)],
                ],
            )]),
            "指标.xlsx 主要指标!B7\u{ff1a}“约三成”不是数字",
        ),
        (
            "指标.csv",
            "单位,数值,上期\n家,1,2\n".as_bytes().to_vec(),
            "指标.csv A1\u{ff1a}表头中没有名称列",
        ),
        (
            "指标.csv",
            "甲,1\n乙,2\n".as_bytes().to_vec(),
            "指标.csv\u{ff1a}找不到表头",
        ),
        (
            "指标.csv",
            "名称,数值\n甲,1\n甲,2\n".as_bytes().to_vec(),
            "指标.csv A3\u{ff1a}“甲”在第2行已经出现过",
        ),
        (
            "指标.xlsx",
            b"PK\x03\x04 not really a workbook".to_vec(),
            "指标.xlsx\u{ff1a}无法读取这个表格文件",
        ),
        (
            "指标.csv",
            "名称,数值,单位,增速\n研发投入强度,2.45,%,12\n"
                .as_bytes()
                .to_vec(),
            "指标.csv D2\u{ff1a}导入后",
        ),
        (
            "指标.csv",
            "名称,全省排名\n甲,第二\n".as_bytes().to_vec(),
            "指标.csv B2\u{ff1a}“第二”不是位次",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let form = std::fs::read(crate::common::example("示例市")).unwrap();
    for (name, bytes, said) in cases {
        std::fs::write(dir.path().join("表单.yaml"), &form).unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let run = huibao(dir.path(), &["import", name, "--into", "表单.yaml"]);
        assert_eq!(run.code, Some(1), "{said}: {}", run.stderr);
        assert!(
            run.stderr.contains(said),
            "want “{said}” in: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read(dir.path().join("表单.yaml")).unwrap(),
            form,
            "{said}"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "{said}: files left behind");
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
}

// Unknown columns are listed, not guessed; note rows and headings skipped and said.
#[test]
fn what_is_not_imported_is_said() {
    let table = "名称,数值,来源,\n一、创新投入,,,\n研发投入,5.2,统计局,x\n注:数据为快报数,,,\n";
    let (text, run) = import_new("指标.csv", table.as_bytes(), &[]);
    assert_eq!(figures(&text).len(), 1);
    for note in [
        "未导入的列\u{ff1a}C列“来源”",
        "D列没有表头",
        "第2行“一、创新投入”不是指标",
        "第4行“注\u{ff1a}数据为快报数”不是指标",
    ] {
        assert!(run.stdout.contains(note), "want {note} in {}", run.stdout);
    }
}

// An existing file is never replaced by -o; an existing form needs --into.
#[test]
fn a_new_form_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.csv"), "名称,数值\n甲,1\n").unwrap();
    std::fs::write(dir.path().join("new.yaml"), "旧内容\n").unwrap();
    let run = huibao(dir.path(), &["import", "a.csv", "-o", "new.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--into"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.yaml")).unwrap(),
        "旧内容\n"
    );
    let run = huibao(dir.path(), &["import", "a.csv"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

/// POST /api/import's answer to a request.
fn api(request: Value) -> (u16, Value) {
    let (status, v) = huibao::serve::import::handle(request.to_string().as_bytes());
    (status.as_u16(), v)
}

fn example_text() -> String {
    std::fs::read_to_string(crate::common::example("示例市")).unwrap()
}

// The page's paste: tab-separated cells, without a header by position
// (名称 数值 单位 上期 增速 排名 说明), with one by its names; the same merge
// as --into.
#[test]
fn pasted_cells_by_position_or_by_header() {
    let form = example_text();
    let (status, v) = api(serde_json::json!({
        "text": form,
        "table": {"name": "粘贴", "text": "高新技术企业\t260\t家\t251\n专利授权量\t118\t件\t125\t\t全省第3位\t\n"},
        "sheet": null,
    }));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["added"], serde_json::json!(["专利授权量"]));
    assert_eq!(v["changed"][0]["name"], "高新技术企业");
    assert_eq!(
        v["changed"][0]["fields"],
        serde_json::json!([{"key": "数值", "from": "251", "to": "260"}, {"key": "上期", "from": "175", "to": "251"}])
    );
    let f = figures(v["text"].as_str().unwrap());
    assert_eq!(figure(&f, "专利授权量")["排名"], "全省第3位");
    assert_eq!(figure(&f, "专利授权量")["单位"], "件");
    // With a header, columns go by name whatever their order.
    let (status, v) = api(serde_json::json!({
        "text": form,
        "table": {"name": "粘贴", "text": "上年\t指标\t本年\n251\t高新技术企业\t260\n"},
    }));
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        figure(&figures(v["text"].as_str().unwrap()), "高新技术企业")["数值"],
        "260"
    );
}

// An uploaded workbook (base64), and errors as the page shows them: the cell
// first, as the spreadsheet names it; the form not returned.
#[test]
fn uploaded_workbooks_and_errors() {
    use base64::Engine;
    let book = xlsx(&[(
        "主要指标",
        vec![
            texts("名称,数值,增速"),
            vec![s("全社会研发投入"), C::N(160000.0), C::F(0.203, "0.0%")],
        ],
    )]);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&book);
    let (status, v) = api(serde_json::json!({
        "text": example_text(),
        "table": {"name": "指标.xlsx", "base64": encoded},
        "sheet": "主要指标",
    }));
    assert_eq!(status, 422, "{v}");
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("指标.xlsx 主要指标!C2\u{ff1a}导入后增速20.3%与数值、上期算出的21.2%不符"),
        "{message}"
    );
    let (status, v) = api(serde_json::json!({
        "text": example_text(),
        "table": {"name": "指标.csv", "base64": base64::engine::general_purpose::STANDARD.encode(
            encode("名称,数值\n高新技术企业,260\n", Encoding::Gbk, false).unwrap())},
    }));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["encoding"], "GBK");
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("已按 GBK 读取")),
        "{v}"
    );
    let (status, _) =
        api(serde_json::json!({"text": "x", "table": {"name": "a.xlsx", "base64": "!!"}}));
    assert_eq!(status, 400);
}

// The route is served, behind the same guards as the other routes.
#[test]
fn the_server_answers_post_api_import() {
    let dir = tempfile::tempdir().unwrap();
    let s = crate::serve::http::Server::start(dir.path(), &[]);
    let body = serde_json::json!({
        "text": example_text(),
        "table": {"name": "粘贴", "text": "名称\t数值\n高新技术企业\t260\n"},
    });
    let r = s.post("/api/import", body.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["changed"][0]["name"], "高新技术企业");
    let foreign = s.request(
        "POST",
        "/api/import",
        &[("Origin", "http://attacker.example")],
        body.to_string().as_bytes(),
    );
    assert_eq!(foreign.status, 403);
}

// An .xls file (tests/integration/fixtures/指标.xls, written once with
// Python's xlwt: a title row, 增长率 1.301 formatted 0.0%): its number
// formats are read from the BIFF records, as for .xlsx.
#[test]
fn xls_files_read_their_number_formats() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/fixtures/指标.xls");
    let (text, run) = import_new("指标.xls", &std::fs::read(fixture).unwrap(), &[]);
    assert!(!run.stdout.contains(".xlsx"), "{}", run.stdout);
    let f = figures(&text);
    let c = figure(&f, "技术合同成交额");
    assert_eq!(
        (c["数值"].as_str(), c["上期"].as_str(), c["增速"].as_str()),
        (Some("42.8"), Some("18.6"), Some("130.1"))
    );
    assert_eq!(figure(&f, "研发投入强度")["单位"], "%");
    assert_eq!(figure(&f, "高新技术企业")["数值"], "251");
}

// Cut and damaged workbooks are refused or read, never a panic.
#[test]
fn damaged_workbooks_never_panic() {
    let rows = vec![
        texts("名称,数值,增速"),
        vec![s("甲"), C::N(1.0), C::F(0.2, "0.0%")],
    ];
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/fixtures/指标.xls");
    for (name, bytes) in [
        ("a.xlsx", xlsx(&[("表", rows.clone())])),
        ("a.ods", ods(&[("表", rows.clone())])),
        ("a.xls", std::fs::read(fixture).unwrap()),
    ] {
        for cut in (0..bytes.len()).step_by(97) {
            let _ = huibao::table::read(name, &bytes[..cut], None);
        }
        for at in (0..bytes.len()).step_by(53) {
            let mut b = bytes.clone();
            b[at] = b[at].wrapping_add(0x55);
            let _ = huibao::table::read(name, &b, None);
        }
    }
}
