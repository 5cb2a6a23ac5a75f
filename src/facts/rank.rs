//! Ranks (docs/form.md §3.3, §9.3): `居全省第2位`, the rank of something
//! else (`增幅居全省第2位`) and its movement (`较上年提升68位`).

use super::change::{DEFAULT_BASIS, flat};
use super::number::{number_text, round_text};
use super::placeholder_text;
use crate::form::{Field, Rank};

const COMMA: &str = "\u{ff0c}";

/// A rank as printed with the version-1 comparison word (see [`rank_with_basis`]).
pub fn rank_text(rank: &Rank) -> String {
    rank_with_basis(rank, DEFAULT_BASIS)
}

/// A rank as printed (§3.3, §9.3): `居全省第2位` from the text `全省第2位` or
/// from `{范围: 全省, 位次: 2}`; `增幅居全省第2位` when something else is
/// ranked (对象, or the text `增幅全省第2位` / `增幅居全省第2位`); with
/// 上期位次 the movement follows: `，较上年提升68位`, `下降N位`, `位次与上年持平`.
pub fn rank_with_basis(rank: &Rank, basis: &str) -> String {
    match rank {
        Rank::Text(Field::Given(s)) => rank_from_text(s.trim()),
        Rank::Text(Field::Placeholder(p)) => format!("居{}", placeholder_text(p)),
        Rank::Place {
            scope,
            place,
            object,
            previous,
        } => {
            let object = object.as_ref().map(field_text).unwrap_or_default();
            let now = match place {
                Field::Given(n) => number_text(n),
                Field::Placeholder(p) => placeholder_text(p),
            };
            let mut out = format!("{object}居{}第{now}位", field_text(scope));
            if let (Some(Field::Given(before)), Field::Given(now)) = (previous, place) {
                let moved = round_text(before.value - now.value, 0);
                out.push_str(COMMA);
                out.push_str(&match moved.strip_prefix('-') {
                    _ if moved == "0" => format!("位次{}", flat(basis)),
                    Some(down) => format!("{basis}下降{down}位"),
                    None => format!("{basis}提升{moved}位"),
                });
            }
            out
        }
    }
}

/// `全省第2位` → `居全省第2位`; `增幅全省第2位` → `增幅居全省第2位`; a text
/// that already says `居` is kept as written.
fn rank_from_text(s: &str) -> String {
    if s.contains('居') {
        return s.to_string();
    }
    // The scope starts at the last `全国`/`全省`/… (`安全指数全省第2位` ranks 安全指数).
    let scope = ["全国", "全省", "全市", "全区", "全县", "全州", "全盟"]
        .iter()
        .filter_map(|w| s.rfind(w))
        .max();
    match scope {
        Some(i) if i > 0 => format!("{}居{}", &s[..i], &s[i..]),
        _ => format!("居{s}"),
    }
}

/// The place of a rank written as text (`全省第0位` → 0), for checks.
pub fn text_place(s: &str) -> Option<i64> {
    let after = s.rsplit_once('第')?.1;
    let digits = after.strip_suffix('位')?;
    digits.trim().parse().ok()
}

fn field_text(f: &Field<String>) -> String {
    match f {
        Field::Given(s) => super::refs::unescape(s.trim()),
        Field::Placeholder(p) => placeholder_text(p),
    }
}
