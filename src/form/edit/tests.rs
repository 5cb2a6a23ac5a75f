//! The engine on small texts: exact bytes after each edit.

use super::*;
use serde_json::json;

fn edit(text: &str, e: Value) -> String {
    let mut s = Source::parse(text).unwrap();
    let e: Edit = serde_json::from_value(e).unwrap();
    s.apply(&e).unwrap_or_else(|err| panic!("{err}"));
    s.text().to_string()
}

fn refused(text: &str, e: Value) -> Error {
    let mut s = Source::parse(text).unwrap();
    let e: Edit = serde_json::from_value(e).unwrap();
    let err = s.apply(&e).unwrap_err();
    assert_eq!(s.text(), text);
    err
}

#[test]
fn tree_has_canonical_keys_in_order() {
    let s = Source::parse(
        "# 注释\nlocality: 示例市\n主要工作:\n  - title: 甲\n    points: [一, '二']\nindicators:\n  - {name: 乙, value: 15.50, rank: {scope: 全省, place: 2}}\n日期:\n",
    )
    .unwrap();
    assert_eq!(
        s.tree(),
        json!({"地区": "示例市", "工作成效": [{"标题": "甲", "要点": ["一", "二"]}],
               "主要指标": [{"名称": "乙", "数值": "15.50", "排名": {"范围": "全省", "位次": "2"}}],
               "日期": ""})
    );
    let tree = s.tree();
    let keys: Vec<&String> = tree.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["地区", "工作成效", "主要指标", "日期"]);
}

#[test]
fn set_changes_only_the_value() {
    let t = "地区: 示例市   # 必填\n单位: '局'\n";
    assert_eq!(
        edit(t, json!({"op": "set", "path": ["地区"], "value": "某某县"})),
        "地区: 某某县   # 必填\n单位: '局'\n"
    );
    assert_eq!(
        edit(t, json!({"op": "set", "path": ["单位"], "value": "15.50"})),
        "地区: 示例市   # 必填\n单位: \"15.50\"\n"
    );
    // The same value: not a byte changes, quotes included.
    assert_eq!(
        edit(t, json!({"op": "set", "path": ["单位"], "value": "局"})),
        t
    );
}

#[test]
fn set_in_a_flow_mapping() {
    let t = "主要指标:\n  - {名称: 甲, 数值: 1, 单位: 家}\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "数值"], "value": "1,268"})
        ),
        "主要指标:\n  - {名称: 甲, 数值: \"1,268\", 单位: 家}\n"
    );
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "上期"], "value": "9"})
        ),
        "主要指标:\n  - {名称: 甲, 数值: 1, 单位: 家, 上期: 9}\n"
    );
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "单位"], "value": null})
        ),
        "主要指标:\n  - {名称: 甲, 数值: 1}\n"
    );
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "名称"], "value": null})
        ),
        "主要指标:\n  - {数值: 1, 单位: 家}\n"
    );
}

#[test]
fn new_keys_go_in_the_blank_forms_order() {
    let t = "主要指标:\n  - 名称: 甲\n    数值: 1   # 本期\n    上期: 2\n# 尾注\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "单位"], "value": "家"})
        ),
        "主要指标:\n  - 名称: 甲\n    数值: 1   # 本期\n    单位: 家\n    上期: 2\n# 尾注\n"
    );
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "排名", "范围"], "value": "全省"})
        ),
        "主要指标:\n  - 名称: 甲\n    数值: 1   # 本期\n    上期: 2\n    排名: {范围: 全省}\n# 尾注\n"
    );
}

#[test]
fn multi_line_text_is_a_literal_block() {
    let t = "导语: xx   # 开头段落\n结语: 好\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["导语"], "value": "第一段\n\n第二段"})
        ),
        "导语: |-   # 开头段落\n  第一段\n\n  第二段\n结语: 好\n"
    );
    let t2 = "导语: >-\n  第一行\n  第二行\n\n结语: 好\n";
    assert_eq!(
        edit(t2, json!({"op": "set", "path": ["导语"], "value": "一句"})),
        "导语: 一句\n\n结语: 好\n"
    );
}

#[test]
fn insert_remove_and_move_items() {
    let t = "存在问题:   # 问题\n  - 甲\n  - 乙\n结语: 好\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "insert", "path": ["存在问题"], "index": 1, "value": "丙"})
        ),
        "存在问题:   # 问题\n  - 甲\n  - 丙\n  - 乙\n结语: 好\n"
    );
    assert_eq!(
        edit(
            t,
            json!({"op": "insert", "path": ["存在问题"], "value": {"内容": "丁", "标题": "丙"}})
        ),
        "存在问题:   # 问题\n  - 甲\n  - 乙\n  - 标题: 丙\n    内容: 丁\n结语: 好\n"
    );
    assert_eq!(
        edit(t, json!({"op": "remove", "path": ["存在问题", 0]})),
        "存在问题:   # 问题\n  - 乙\n结语: 好\n"
    );
    assert_eq!(
        edit(t, json!({"op": "move", "path": ["存在问题", 1], "to": 0})),
        "存在问题:   # 问题\n  - 乙\n  - 甲\n结语: 好\n"
    );
    let one = "存在问题:   # 问题\n  - 甲\n结语: 好\n";
    assert_eq!(
        edit(one, json!({"op": "remove", "path": ["存在问题", 0]})),
        "存在问题: []   # 问题\n结语: 好\n"
    );
}

#[test]
fn lists_are_created_where_missing() {
    let t = "地区: 甲\n要点:\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "insert", "path": ["附件"], "value": "清单"})
        ),
        "地区: 甲\n附件:\n  - 清单\n要点:\n"
    );
    assert_eq!(
        edit(
            "地区: 甲\n附件:   # 名称\n",
            json!({"op": "insert", "path": ["附件"], "value": "清单"})
        ),
        "地区: 甲\n附件:   # 名称\n  - 清单\n"
    );
    assert_eq!(
        edit(
            "地区: 甲\n附件: []\n",
            json!({"op": "insert", "path": ["附件"], "value": "清单"})
        ),
        "地区: 甲\n附件:\n  - 清单\n"
    );
    assert_eq!(
        edit("", json!({"op": "set", "path": ["地区"], "value": "甲"})),
        "地区: 甲\n"
    );
}

#[test]
fn english_forms_stay_english() {
    let t = "indicators:\n  - name: 甲\n    value: 1\n";
    assert_eq!(
        edit(
            t,
            json!({"op": "set", "path": ["主要指标", 0, "单位"], "value": "家"})
        ),
        "indicators:\n  - name: 甲\n    value: 1\n    unit: 家\n"
    );
}

#[test]
fn crlf_files_keep_crlf() {
    let t = "地区: 甲\r\n附件:\r\n  - 一\r\n";
    assert_eq!(
        edit(t, json!({"op": "insert", "path": ["附件"], "value": "二"})),
        "地区: 甲\r\n附件:\r\n  - 一\r\n  - 二\r\n"
    );
}

#[test]
fn anchors_and_tags_are_refused() {
    let t = "地区: &a 甲\n单位: *a\n主题: !!str 乙\n";
    for path in [json!(["地区"]), json!(["单位"]), json!(["主题"])] {
        let e = refused(t, json!({"op": "set", "path": path, "value": "丙"}));
        assert!(e.message.contains("锚点"), "{e}");
    }
    let e = refused(
        t,
        json!({"op": "set", "path": ["主要指标", 3, "数值"], "value": "1"}),
    );
    assert_eq!(e.path.as_deref(), Some("主要指标[3]"));
    assert!(e.message.contains("不是列表"), "{e}");
}

#[test]
fn syntax_errors_have_a_place() {
    let e = Source::parse("地区: 甲\n单位: '乙\n").unwrap_err();
    assert!(e.line.is_some(), "{e}");
    assert!(e.message.contains("格式错误"), "{e}");
}

#[test]
fn old_mac_line_ends_are_refused() {
    let t = "地区: 甲\r单位: 乙\r";
    let e = refused(t, json!({"op": "set", "path": ["地区"], "value": "丙"}));
    assert!(e.message.contains("CR"), "{e}");
    // Nothing to change is no error.
    assert_eq!(
        edit(t, json!({"op": "set", "path": ["地区"], "value": "甲"})),
        t
    );
}
