//! The cards of the form view: sections of 工作成效 and the items of 存在问题
//! added, moved and removed with their buttons, a removal undone, a
//! one-sentence problem given a lead phrase; each seen in the preview.

use super::Browser;
use super::http::Server;
use crate::common;

/// Where `a` comes before `b` in the preview's text.
fn before(b: &Browser, first: &str, second: &str) -> bool {
    let text = b.preview_text();
    match (text.find(first), text.find(second)) {
        (Some(x), Some(y)) => x < y,
        _ => panic!("{first} or {second} not in the preview: {text}"),
    }
}

fn titles(b: &Browser) -> Vec<String> {
    let v = b.script(
        "return [...document.querySelectorAll('#form-view .card')].map(c => c.querySelector('[data-path$=\"].标题\"]').value);",
    );
    serde_json::from_value(v).unwrap()
}

pub(super) fn cards_added_moved_removed(b: &Browser) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::example("示例市"), dir.path().join("表单.yaml")).unwrap();
    let server = Server::start(dir.path(), &["表单.yaml"]);
    b.open(&server);
    let three = ["深化科技体制改革", "培育创新主体", "加快成果转化"];
    assert_eq!(titles(b), three);

    // A new section: the focus goes to its 标题.
    b.press("#g-工作成效 > button.add");
    b.wait_js(
        "the new section's title focused",
        "return document.activeElement && document.activeElement.dataset.path === '工作成效[3].标题';",
    );
    b.type_keys("推进开放合作");
    b.idle();
    assert!(before(b, "加快成果转化", "推进开放合作"));
    // Moved up one place.
    b.press(".card[data-path=\"工作成效[3]\"] button[title=\"上移板块\"]");
    b.wait_js(
        "the section moved",
        "const e = document.querySelector('[data-path=\"工作成效[2].标题\"]'); return e && e.value === '推进开放合作';",
    );
    b.idle();
    assert!(before(b, "推进开放合作", "加快成果转化"));
    assert_eq!(
        titles(b),
        [
            "深化科技体制改革",
            "培育创新主体",
            "推进开放合作",
            "加快成果转化"
        ]
    );
    // Removed, then the removal undone, then removed again.
    b.press(".card[data-path=\"工作成效[2]\"] button[title=\"删除这个板块\"]");
    b.wait_js(
        "the section removed",
        "return document.querySelectorAll('#form-view .card').length === 3;",
    );
    assert_eq!(titles(b), three);
    b.click("#undo");
    b.wait_js(
        "the removal undone",
        "return document.querySelectorAll('#form-view .card').length === 4;",
    );
    b.idle();
    assert!(b.preview_text().contains("推进开放合作"));

    // 存在问题: a new item, moved to the top, then given a lead phrase.
    b.press("#g-存在问题 .items > button.add");
    b.wait_js(
        "the new problem focused",
        "return document.activeElement && document.activeElement.dataset.path === '存在问题[3].内容';",
    );
    b.type_keys("人才引进渠道不宽");
    b.idle();
    for i in (1..=3).rev() {
        b.press(&format!(
            ".item[data-path=\"存在问题[{i}]\"] button[title=\"上移\"]"
        ));
        b.wait_js(
            "the problem moved",
            &format!(
                "const e = document.querySelector('[data-path=\"存在问题[{}].内容\"]'); return e && e.value === '人才引进渠道不宽';",
                i - 1
            ),
        );
    }
    b.idle();
    assert!(before(b, "人才引进渠道不宽", "研发投入结构不够均衡"));
    b.fill("存在问题[0].标题", "人才短板");
    b.idle();
    assert!(
        b.form_text()
            .contains("  - 标题: 人才短板\n    内容: 人才引进渠道不宽\n"),
        "{}",
        b.form_text()
    );
    assert!(before(b, "人才短板", "人才引进渠道不宽"));
    // What the page wrote is a form the tool reads.
    let loaded = huibao::pipeline::parse(b.form_text().as_bytes(), "表单").unwrap();
    assert_eq!(loaded.form.achievements.len(), 4);
    assert_eq!(loaded.form.problems.items.len(), 4);
    b.script("window.huibao.store.disk = window.huibao.store.text;");
}
