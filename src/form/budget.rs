//! A cap on what deserializing a form may produce, against alias bombs.
//!
//! serde_yaml limits how often aliases are followed (100 per event), not what
//! they copy: an 11 KB form whose anchored 2,000-character text is reached
//! through three levels of 30 aliases expands to 160 MB and renders for
//! minutes. Every [`Field`](super::Field) read is charged its text's length
//! plus a little; a real form, written out, never costs more than twice its
//! size, so a form that does is refused.

use std::cell::Cell;

use serde::de;

thread_local! {
    /// What the current parse may still produce; `None` outside a parse.
    static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The charge of one field beyond its text: keeps many tiny aliased values
/// (an indicator `{名称: a, 数值: 1}` repeated) within the cap as well.
pub(crate) const PER_FIELD: usize = 2;

/// The budget for a form of `source_len` bytes: twice its size (escapes such
/// as `\P` decode to 1.5 times their length) plus room for small forms.
pub(crate) fn for_source(source_len: usize) -> usize {
    2 * source_len + 16 * 1024
}

/// Sets the budget of this thread's deserialization until the guard drops.
pub(crate) fn start(bytes: usize) -> Guard {
    LEFT.with(|l| l.set(Some(bytes)));
    Guard
}

/// Ends the budget when dropped, also on an early return.
pub(crate) struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        LEFT.with(|l| l.set(None));
    }
}

/// Takes `n` from the budget, or fails once it is spent.
pub(crate) fn charge<E: de::Error>(n: usize) -> Result<(), E> {
    LEFT.with(|l| match l.get() {
        None => Ok(()),
        Some(left) if left >= n => {
            l.set(Some(left - n));
            Ok(())
        }
        Some(_) => Err(E::custom(
            "锚点(&)和别名(*)展开后的内容远多于表单本身,疑似恶意构造的表单(“别名炸弹”),已拒绝;\
             请直接写出内容,少用别名",
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_spent_and_only_inside_a_parse() {
        type E = de::value::Error;
        assert!(charge::<E>(usize::MAX).is_ok(), "no budget outside a parse");
        {
            let _g = start(10);
            assert!(charge::<E>(6).is_ok());
            let e = charge::<E>(6).unwrap_err().to_string();
            assert!(e.contains("别名炸弹"), "{e}");
        }
        assert!(charge::<E>(usize::MAX).is_ok(), "the guard ends the budget");
    }
}
