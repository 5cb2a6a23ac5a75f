//! A table (the 主要指标 of an attached page) laid out as LibreOffice sets
//! the DOCX `w:tbl` (docs/layout.md §16, measured): half-point rules centred
//! on the column edges, the first at the type area's left edge plus half a
//! rule; cell text in a box a cell margin inside them (and 0.15 pt more);
//! rows as tall as their longest cell (lines of 22 pt) plus one rule, text
//! centred vertically; a row never split, the header row repeated on each
//! page the table runs onto.

use super::geometry::{AREA_LEFT, CELL_MARGIN_TW, TABLE_LINE_TW, TABLE_RULE, pt};
use super::lines::{Frame, break_in};
use super::resolve::{Cell, Para, Role, Table, styled};
use super::{Line, Metrics, Rule};

/// A laid-out table: where its column rules stand and its rows.
#[derive(Debug, Clone)]
pub struct TableRows {
    /// The x of each column rule (the centre of the stroke), left to right.
    pub rules_x: Vec<f32>,
    /// The header row, then the body rows.
    pub rows: Vec<Row>,
}

/// One laid-out row.
#[derive(Debug, Clone)]
pub struct Row {
    /// From its top rule's centre to its bottom rule's centre.
    pub height: f32,
    /// Its lines, baselines from its top rule's centre.
    pub lines: Vec<Line>,
}

/// How far the text box of a cell stands inside its column rules, points:
/// the cell margin (57 twips) and a little more, as LibreOffice measures it.
pub const CELL_INSET: f32 = pt(CELL_MARGIN_TW) + 0.15;

/// The baseline of an exact line stands four fifths of the line down
/// (LibreOffice's rule for exact spacing).
const BASELINE_IN_LINE: f32 = 0.8;

/// The rows of `t`, each cell broken in its text box.
pub fn lay_out_table(t: &Table, metrics: &dyn Metrics) -> TableRows {
    let mut rules_x = vec![AREA_LEFT + TABLE_RULE / 2.0];
    for w in &t.columns {
        let last = *rules_x.last().expect("one rule at least");
        rules_x.push(last + pt(*w));
    }
    let line = pt(TABLE_LINE_TW);
    let inset = CELL_INSET;
    let rows = t
        .rows
        .iter()
        .map(|cells| {
            let broken: Vec<Vec<Line>> = cells
                .iter()
                .zip(rules_x.windows(2))
                .map(|(cell, edges)| {
                    let frame = Frame {
                        left: edges[0] + inset,
                        width: edges[1] - edges[0] - 2.0 * inset,
                    };
                    break_in(&cell_para(cell, t.size, line), metrics, frame).lines
                })
                .collect();
            let most = broken.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = most as f32 * line + TABLE_RULE;
            let mut lines = Vec::new();
            for cell in broken {
                // Centred vertically in the row.
                let offset = (most - cell.len()) as f32 * line / 2.0;
                for (i, mut l) in cell.into_iter().enumerate() {
                    l.baseline =
                        TABLE_RULE / 2.0 + offset + i as f32 * line + BASELINE_IN_LINE * line;
                    if !l.runs.is_empty() {
                        lines.push(l);
                    }
                }
            }
            Row { height, lines }
        })
        .collect();
    TableRows { rules_x, rows }
}

/// A cell's text as a paragraph of its own.
fn cell_para(cell: &Cell, size: f32, line: f32) -> Para {
    let mut p = styled(Role::Body);
    p.first = 0;
    p.size = size;
    p.align = cell.align;
    p.on_grid = false;
    p.line_height = line;
    p.segments = cell.segments.clone();
    p
}

impl TableRows {
    /// The rules of rows `rows` placed from `top` (the first row's top rule's
    /// centre) down: a rule above each row and below the last, and the
    /// column rules through them.
    pub fn rules(&self, rows: &[&Row], top: f32) -> Vec<Rule> {
        let left = self.rules_x[0] - TABLE_RULE / 2.0;
        let right = self.rules_x[self.rules_x.len() - 1] + TABLE_RULE / 2.0;
        let mut out = Vec::new();
        let mut y = top;
        let mut ys = vec![y];
        for r in rows {
            y += r.height;
            ys.push(y);
        }
        for y in &ys {
            out.push(Rule {
                x1: left,
                y1: *y,
                x2: right,
                y2: *y,
                width: TABLE_RULE,
            });
        }
        for x in &self.rules_x {
            out.push(Rule {
                x1: *x,
                y1: top - TABLE_RULE / 2.0,
                x2: *x,
                y2: y + TABLE_RULE / 2.0,
                width: TABLE_RULE,
            });
        }
        out
    }
}
