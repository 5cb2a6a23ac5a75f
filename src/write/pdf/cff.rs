//! Subsetting a CID-keyed CFF font (Noto and Source Han CJK: every glyph of
//! the report, none else) while keeping its subroutines.
//!
//! Why not the `subsetter` crate: it rewrites every glyph without
//! subroutines, and a CJK glyph in these faces averages 330 bytes that call
//! into 60,000 subroutines; for a report's 700 glyphs that decompiling took
//! 38 M instructions, six times the whole DOCX report (docs/layout.md §17).
//! Here the used glyphs' charstrings are copied as they are; only the
//! subroutine numbers they call are rewritten, to the used subroutines
//! renumbered from 0. Anything unexpected (a non-CID font, arithmetic
//! operators, CFF2) returns `None` and the caller takes the crate's path.
//!
//! The format: Adobe Technical Notes #5176 (CFF) and #5177 (Type 2
//! charstrings).

use std::collections::BTreeMap;

use super::FastMap;

/// The subset of `cff` (the `CFF ` table of a CID-keyed font) holding
/// `glyphs` (old glyph ids, ascending, starting with 0 for `.notdef`); new
/// glyph `i` (its CID too) is `glyphs[i]`.
pub fn subset(cff: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
    let font = Font::parse(cff)?;
    let mut used = Used::default();
    let mut calls = Vec::with_capacity(glyphs.len());
    for &gid in glyphs {
        let fd = font.fd_of(gid)?;
        let body = font.char_strings.get(usize::from(gid))?;
        let mut walk = Walk {
            font: &font,
            fd,
            depth: 0,
            literal: None,
            stems: 0,
            used: &mut used,
            nesting: 0,
        };
        let mut sites = Vec::new();
        match walk.run(body, &mut sites)? {
            End::Char | End::Out => {}
            End::Return => return None,
        }
        used.fds.insert(fd, ());
        calls.push((gid, fd, sites));
    }
    font.write(glyphs, &calls, &used)
}

/// What a charstring ended with.
enum End {
    /// `endchar`.
    Char,
    /// `return` (a subroutine).
    Return,
    /// The bytes ran out (allowed at the end of a subroutine or glyph).
    Out,
}

/// A subroutine call in a body: where its number operand is, which INDEX
/// and which subroutine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Site {
    at: usize,
    len: usize,
    global: bool,
    index: usize,
}

/// The subroutines the glyphs use, with their own call sites.
#[derive(Default)]
struct Used {
    global: BTreeMap<usize, Vec<Site>>,
    /// Per font DICT.
    local: BTreeMap<(usize, usize), Vec<Site>>,
    fds: BTreeMap<usize, ()>,
}

struct Walk<'f, 'u> {
    font: &'f Font<'f>,
    fd: usize,
    /// Operands on the stack: only their number matters (stem hints count
    /// pairs of them), and the subroutine number of a call, which must be
    /// the literal right before it in the same body.
    depth: usize,
    /// The last token, when it was a number: value, offset and length.
    literal: Option<(i32, usize, usize)>,
    stems: usize,
    used: &'u mut Used,
    nesting: usize,
}

impl Walk<'_, '_> {
    fn push(&mut self, literal: Option<(i32, usize, usize)>) {
        self.depth += 1;
        self.literal = literal;
    }

    /// An operator that takes every operand.
    fn clear(&mut self) {
        self.depth = 0;
        self.literal = None;
    }

    /// Interprets `body` far enough to find its subroutine calls and the
    /// hint masks' lengths; the calls found go to `sites`.
    fn run(&mut self, body: &[u8], sites: &mut Vec<Site>) -> Option<End> {
        self.nesting += 1;
        if self.nesting > 10 {
            return None;
        }
        let end = self.body(body, sites);
        self.nesting -= 1;
        end
    }

    fn body(&mut self, body: &[u8], sites: &mut Vec<Site>) -> Option<End> {
        let mut i = 0;
        while i < body.len() {
            let b0 = body[i];
            match b0 {
                28 => {
                    let v = i16::from_be_bytes([*body.get(i + 1)?, *body.get(i + 2)?]);
                    self.push(Some((i32::from(v), i, 3)));
                    i += 3;
                }
                32..=246 => {
                    self.push(Some((i32::from(b0) - 139, i, 1)));
                    i += 1;
                }
                247..=250 => {
                    let v = (i32::from(b0) - 247) * 256 + i32::from(*body.get(i + 1)?) + 108;
                    self.push(Some((v, i, 2)));
                    i += 2;
                }
                251..=254 => {
                    let v = -(i32::from(b0) - 251) * 256 - i32::from(*body.get(i + 1)?) - 108;
                    self.push(Some((v, i, 2)));
                    i += 2;
                }
                255 => {
                    // 16.16 fixed: never a subroutine number.
                    body.get(i + 4)?;
                    self.push(None);
                    i += 5;
                }
                1 | 3 | 18 | 23 => {
                    self.stems += self.depth / 2;
                    self.clear();
                    i += 1;
                }
                19 | 20 => {
                    // hintmask/cntrmask: operands left are an implied vstem.
                    self.stems += self.depth / 2;
                    self.clear();
                    i += 1 + self.stems.div_ceil(8);
                }
                10 | 29 => {
                    let global = b0 == 29;
                    let (n, at, len) = self.literal.take()?;
                    self.depth = self.depth.checked_sub(1)?;
                    let subrs = if global {
                        self.font.global_subrs
                    } else {
                        self.font.fds.get(self.fd)?.subrs?
                    };
                    let index = usize::try_from(n + bias(subrs.len())).ok()?;
                    let sub = subrs.get(index)?;
                    sites.push(Site {
                        at,
                        len,
                        global,
                        index,
                    });
                    i += 1;
                    // Walked at every call: the stems and operands it sees
                    // may differ. Its calls must be the same each time.
                    let mut own = Vec::new();
                    let end = self.run(sub, &mut own)?;
                    let known = if global {
                        self.used.global.get(&index)
                    } else {
                        self.used.local.get(&(self.fd, index))
                    };
                    match known {
                        Some(before) if *before != own => return None,
                        Some(_) => {}
                        None if global => {
                            self.used.global.insert(index, own);
                        }
                        None => {
                            self.used.local.insert((self.fd, index), own);
                        }
                    }
                    // Operands the subroutine left are values only.
                    self.literal = None;
                    if let End::Char = end {
                        return Some(End::Char);
                    }
                }
                11 => return Some(End::Return),
                14 => return Some(End::Char),
                12 => {
                    let b1 = *body.get(i + 1)?;
                    // flex, hflex, hflex1, flex1: path operators. The rest
                    // (arithmetic, storage) could compute a subroutine number.
                    if !matches!(b1, 34..=37) {
                        return None;
                    }
                    self.clear();
                    i += 2;
                }
                4..=8 | 21 | 22 | 24..=27 | 30 | 31 => {
                    self.clear();
                    i += 1;
                }
                _ => return None,
            }
        }
        Some(End::Out)
    }
}

/// The bias added to a subroutine number (Type 2 charstrings, 4.7).
fn bias(count: usize) -> i32 {
    if count < 1240 {
        107
    } else if count < 33900 {
        1131
    } else {
        32768
    }
}

/// A parsed CID-keyed CFF font, borrowing the table.
struct Font<'a> {
    header: &'a [u8],
    name_index: &'a [u8],
    /// The Top DICT's entries: operator and the bytes of entry (operands
    /// and operator).
    top: Vec<(u16, &'a [u8])>,
    string_index: &'a [u8],
    global_subrs: Index<'a>,
    char_strings: Index<'a>,
    fds: Vec<FontDict<'a>>,
    fd_select: FdSelect<'a>,
}

struct FontDict<'a> {
    /// Entries of the Font DICT but `Private`.
    entries: Vec<(u16, &'a [u8])>,
    /// Entries of its Private DICT but `Subrs`.
    private: Vec<(u16, &'a [u8])>,
    subrs: Option<Index<'a>>,
}

enum FdSelect<'a> {
    Format0(&'a [u8]),
    /// Ranges (first glyph, font DICT) and the sentinel.
    Format3(Vec<(u16, u8)>, u16),
}

const OP_CHARSET: u16 = 15;
const OP_ENCODING: u16 = 16;
const OP_CHARSTRINGS: u16 = 17;
const OP_PRIVATE: u16 = 18;
const OP_SUBRS: u16 = 19;
const OP_ROS: u16 = 1200 + 30;
const OP_CHARSTRING_TYPE: u16 = 1200 + 6;
const OP_CID_COUNT: u16 = 1200 + 34;
const OP_FD_ARRAY: u16 = 1200 + 36;
const OP_FD_SELECT: u16 = 1200 + 37;

impl<'a> Font<'a> {
    fn parse(cff: &'a [u8]) -> Option<Font<'a>> {
        if cff.first() != Some(&1) {
            return None;
        }
        let header_len = usize::from(*cff.get(2)?);
        let header = cff.get(..header_len)?;
        let (_, after_name) = index(cff, header_len)?;
        let name_index = cff.get(header_len..after_name)?;
        let (tops, after_top) = index(cff, after_name)?;
        let top_bytes = *tops.first()?;
        let (_, after_strings) = index(cff, after_top)?;
        let string_index = cff.get(after_top..after_strings)?;
        let global_subrs = Index::at(cff, after_strings)?;
        let top = dict(top_bytes)?;
        let operand = |op: u16| top.iter().find(|(o, _)| *o == op).map(|(_, e)| operands(e));
        // CID-keyed, Type 2 charstrings, no encoding.
        if operand(OP_ROS).is_none()
            || operand(OP_ENCODING).is_some()
            || operand(OP_CHARSTRING_TYPE).is_some_and(|v| v != [2])
        {
            return None;
        }
        let offset = |op| {
            operand(op)
                .and_then(|v| v.first().copied())
                .and_then(|v| usize::try_from(v).ok())
        };
        let char_strings = Index::at(cff, offset(OP_CHARSTRINGS)?)?;
        let (fd_dicts, _) = index(cff, offset(OP_FD_ARRAY)?)?;
        let mut fds = Vec::with_capacity(fd_dicts.len());
        for d in fd_dicts {
            let entries = dict(d)?;
            let (private_len, private_at) = match entries
                .iter()
                .find(|(o, _)| *o == OP_PRIVATE)
                .map(|(_, e)| operands(e))
                .as_deref()
            {
                Some(&[len, at]) => (usize::try_from(len).ok()?, usize::try_from(at).ok()?),
                _ => return None,
            };
            let private_bytes = cff.get(private_at..private_at.checked_add(private_len)?)?;
            let private = dict(private_bytes)?;
            let subrs_at = private
                .iter()
                .find(|(o, _)| *o == OP_SUBRS)
                .and_then(|(_, e)| operands(e).first().copied());
            let subrs = match subrs_at {
                Some(rel) => Some(Index::at(
                    cff,
                    private_at.checked_add(usize::try_from(rel).ok()?)?,
                )?),
                None => None,
            };
            fds.push(FontDict {
                entries: entries
                    .into_iter()
                    .filter(|(o, _)| *o != OP_PRIVATE)
                    .collect(),
                private: private
                    .into_iter()
                    .filter(|(o, _)| *o != OP_SUBRS)
                    .collect(),
                subrs,
            });
        }
        let select_at = offset(OP_FD_SELECT)?;
        let fd_select = match *cff.get(select_at)? {
            0 => FdSelect::Format0(cff.get(select_at + 1..select_at + 1 + char_strings.len())?),
            3 => {
                let n = usize::from(u16::from_be_bytes([
                    *cff.get(select_at + 1)?,
                    *cff.get(select_at + 2)?,
                ]));
                let mut ranges = Vec::with_capacity(n);
                let mut at = select_at + 3;
                for _ in 0..n {
                    let first = u16::from_be_bytes([*cff.get(at)?, *cff.get(at + 1)?]);
                    ranges.push((first, *cff.get(at + 2)?));
                    at += 3;
                }
                let sentinel = u16::from_be_bytes([*cff.get(at)?, *cff.get(at + 1)?]);
                FdSelect::Format3(ranges, sentinel)
            }
            _ => return None,
        };
        Some(Font {
            header,
            name_index,
            top,
            string_index,
            global_subrs,
            char_strings,
            fds,
            fd_select,
        })
    }

    /// The font DICT of glyph `gid`.
    fn fd_of(&self, gid: u16) -> Option<usize> {
        let fd = match &self.fd_select {
            FdSelect::Format0(fds) => *fds.get(usize::from(gid))?,
            FdSelect::Format3(ranges, sentinel) => {
                if gid >= *sentinel {
                    return None;
                }
                let at = ranges.partition_point(|(first, _)| *first <= gid);
                ranges.get(at.checked_sub(1)?)?.1
            }
        };
        let fd = usize::from(fd);
        (fd < self.fds.len()).then_some(fd)
    }

    /// The new table: the glyphs' charstrings and the subroutines they use,
    /// renumbered; the other structures rebuilt around them.
    fn write(
        &self,
        glyphs: &[u16],
        calls: &[(u16, usize, Vec<Site>)],
        used: &Used,
    ) -> Option<Vec<u8>> {
        // Global subroutines are called from glyphs of any font DICT, but a
        // global subroutine's own calls to local ones are per DICT: refuse
        // a global subroutine that calls a local one.
        if used.global.values().flatten().any(|s| !s.global) {
            return None;
        }
        // New numbers: global subroutines, font DICTs, local subroutines per DICT.
        let mut numbers = Numbers::default();
        for (n, &old) in used.global.keys().enumerate() {
            numbers.global.insert(old, n);
        }
        numbers.global_bias = bias(used.global.len());
        let new_fd: FastMap<usize, usize> =
            used.fds.keys().enumerate().map(|(n, &o)| (o, n)).collect();
        for &(fd, index) in used.local.keys() {
            let n = numbers.local_count.entry(fd).or_default();
            numbers.local.insert((fd, index), *n);
            *n += 1;
        }

        // The rewritten bodies, not yet copied.
        let globals: Vec<Body> = used
            .global
            .iter()
            .map(|(&i, sites)| Some(Body::new(self.global_subrs.get(i)?, sites, 0, &numbers)))
            .collect::<Option<_>>()?;
        let mut locals: BTreeMap<usize, Vec<Body>> = BTreeMap::new();
        for (&(fd, i), sites) in &used.local {
            let body = Body::new(self.fds[fd].subrs?.get(i)?, sites, fd, &numbers);
            locals.entry(fd).or_default().push(body);
        }
        let char_strings: Vec<Body> = calls
            .iter()
            .map(|(gid, fd, sites)| {
                Some(Body::new(
                    self.char_strings.get(usize::from(*gid))?,
                    sites,
                    *fd,
                    &numbers,
                ))
            })
            .collect::<Option<_>>()?;

        // FDSelect, format 3, over the new glyph ids.
        let mut fd_select = vec![3, 0, 0];
        let mut ranges = 0u16;
        let mut last = None;
        for (new_gid, (_, fd, _)) in calls.iter().enumerate() {
            let fd = u8::try_from(new_fd[fd]).ok()?;
            if last != Some(fd) {
                fd_select.extend_from_slice(&u16::try_from(new_gid).ok()?.to_be_bytes());
                fd_select.push(fd);
                ranges += 1;
                last = Some(fd);
            }
        }
        fd_select[1..3].copy_from_slice(&ranges.to_be_bytes());
        fd_select.extend_from_slice(&u16::try_from(glyphs.len()).ok()?.to_be_bytes());
        // charset: CIDs 1..n-1 for the glyphs after .notdef, one range.
        let charset = if glyphs.len() > 1 {
            let mut c = vec![2, 0, 1];
            c.extend_from_slice(&u16::try_from(glyphs.len() - 2).ok()?.to_be_bytes());
            c
        } else {
            vec![0]
        };

        // Sizes, then offsets: every offset is a 5-byte integer, so the
        // DICTs' sizes do not depend on the values.
        let top_keep: Vec<&[u8]> = self
            .top
            .iter()
            .filter(|(o, _)| {
                !matches!(
                    *o,
                    OP_CHARSET
                        | OP_CHARSTRINGS
                        | OP_FD_ARRAY
                        | OP_FD_SELECT
                        | OP_CID_COUNT
                        | OP_PRIVATE
                )
            })
            .map(|(_, e)| *e)
            .collect();
        // Four offsets (5 bytes, operators of 1, 1, 2 and 2 bytes), CIDCount.
        let top_len = top_keep.iter().map(|e| e.len()).sum::<usize>() + 4 * 5 + 6 + 5 + 2;
        let fds: Vec<&FontDict> = used.fds.keys().map(|&fd| &self.fds[fd]).collect();
        let fd_dict_lens: Vec<usize> = fds
            .iter()
            .map(|d| d.entries.iter().map(|(_, e)| e.len()).sum::<usize>() + 5 + 5 + 1)
            .collect();

        let mut at = self.header.len() + self.name_index.len() + index_len(&[top_len]);
        at += self.string_index.len() + bodies_len(&globals);
        let charset_at = at;
        at += charset.len();
        let fd_select_at = at;
        at += fd_select.len();
        let char_strings_at = at;
        at += bodies_len(&char_strings);
        let fd_array_at = at;
        at += index_len(&fd_dict_lens);
        // Each DICT's Private DICT, then its local subroutines.
        let mut privates = Vec::with_capacity(fds.len());
        for (&fd, d) in used.fds.keys().zip(&fds) {
            let subrs = locals.remove(&fd).unwrap_or_default();
            let mut private: Vec<u8> = d
                .private
                .iter()
                .flat_map(|(_, e)| e.iter().copied())
                .collect();
            if !subrs.is_empty() {
                let len = private.len() + 5 + 1;
                encode_dict_int(i32::try_from(len).ok()?, &mut private);
                private.push(OP_SUBRS as u8);
            }
            let size = private.len()
                + if subrs.is_empty() {
                    0
                } else {
                    bodies_len(&subrs)
                };
            privates.push((at, private, subrs));
            at += size;
        }

        let mut out = Vec::with_capacity(at);
        out.extend_from_slice(self.header);
        out.extend_from_slice(self.name_index);
        let mut top = Vec::with_capacity(top_len);
        for e in &top_keep {
            top.extend_from_slice(e);
        }
        for (value, op) in [
            (charset_at, OP_CHARSET),
            (char_strings_at, OP_CHARSTRINGS),
            (fd_array_at, OP_FD_ARRAY),
            (fd_select_at, OP_FD_SELECT),
        ] {
            encode_dict_int(i32::try_from(value).ok()?, &mut top);
            push_op(op, &mut top);
        }
        encode_dict_int(i32::try_from(glyphs.len()).ok()?, &mut top);
        push_op(OP_CID_COUNT, &mut top);
        debug_assert_eq!(top.len(), top_len);
        out.extend_from_slice(&write_index(&[top])?);
        out.extend_from_slice(self.string_index);
        write_bodies(&globals, &numbers, &mut out)?;
        out.extend_from_slice(&charset);
        out.extend_from_slice(&fd_select);
        write_bodies(&char_strings, &numbers, &mut out)?;
        let mut fd_dicts = Vec::with_capacity(fds.len());
        for (d, (private_at, private, _)) in fds.iter().zip(&privates) {
            let mut bytes: Vec<u8> = d
                .entries
                .iter()
                .flat_map(|(_, e)| e.iter().copied())
                .collect();
            encode_dict_int(i32::try_from(private.len()).ok()?, &mut bytes);
            encode_dict_int(i32::try_from(*private_at).ok()?, &mut bytes);
            bytes.push(OP_PRIVATE as u8);
            fd_dicts.push(bytes);
        }
        out.extend_from_slice(&write_index(&fd_dicts)?);
        for (_, private, subrs) in &privates {
            out.extend_from_slice(private);
            if !subrs.is_empty() {
                write_bodies(subrs, &numbers, &mut out)?;
            }
        }
        debug_assert_eq!(out.len(), at);
        Some(out)
    }
}

/// The new number of every subroutine kept.
#[derive(Default)]
struct Numbers {
    global: FastMap<usize, usize>,
    global_bias: i32,
    local: FastMap<(usize, usize), usize>,
    local_count: FastMap<usize, usize>,
}

impl Numbers {
    /// The operand a call at `site` in a body of font DICT `fd` now needs.
    fn operand(&self, site: &Site, fd: usize) -> i32 {
        if site.global {
            self.global[&site.index] as i32 - self.global_bias
        } else {
            self.local[&(fd, site.index)] as i32 - bias(self.local_count[&fd])
        }
    }
}

/// A charstring or subroutine with its calls renumbered, not yet copied.
struct Body<'a> {
    bytes: &'a [u8],
    sites: &'a [Site],
    fd: usize,
    len: usize,
}

impl<'a> Body<'a> {
    fn new(bytes: &'a [u8], sites: &'a [Site], fd: usize, numbers: &Numbers) -> Body<'a> {
        let len = sites.iter().fold(bytes.len(), |len, s| {
            len - s.len + charstring_int_len(numbers.operand(s, fd))
        });
        Body {
            bytes,
            sites,
            fd,
            len,
        }
    }

    fn write(&self, numbers: &Numbers, out: &mut Vec<u8>) -> Option<()> {
        let mut from = 0;
        for s in self.sites {
            out.extend_from_slice(self.bytes.get(from..s.at)?);
            encode_charstring_int(numbers.operand(s, self.fd), out);
            from = s.at + s.len;
        }
        out.extend_from_slice(self.bytes.get(from..)?);
        Some(())
    }
}

/// The size of an INDEX of `bodies`.
fn bodies_len(bodies: &[Body]) -> usize {
    let lens: Vec<usize> = bodies.iter().map(|b| b.len).collect();
    index_len(&lens)
}

/// An INDEX of `bodies`, written straight into `out`.
fn write_bodies(bodies: &[Body], numbers: &Numbers, out: &mut Vec<u8>) -> Option<()> {
    out.extend_from_slice(&u16::try_from(bodies.len()).ok()?.to_be_bytes());
    if bodies.is_empty() {
        return Some(());
    }
    let size = off_size(bodies.iter().map(|b| b.len).sum::<usize>() + 1);
    out.push(size as u8);
    let mut offset = 1usize;
    for len in std::iter::once(0).chain(bodies.iter().map(|b| b.len)) {
        offset += len;
        out.extend_from_slice(&offset.to_be_bytes()[std::mem::size_of::<usize>() - size..]);
    }
    for b in bodies {
        let before = out.len();
        b.write(numbers, out)?;
        debug_assert_eq!(out.len() - before, b.len);
    }
    Some(())
}

/// An INDEX read in place: an item is found when asked for, so a table of
/// 65,535 charstrings costs nothing but the ones used.
#[derive(Clone, Copy)]
struct Index<'a> {
    data: &'a [u8],
    count: usize,
    size: usize,
    offsets_at: usize,
    /// Where item data starts, minus one (offsets count from 1).
    base: usize,
}

impl<'a> Index<'a> {
    /// The INDEX at `at`.
    fn at(data: &'a [u8], at: usize) -> Option<Index<'a>> {
        let count = usize::from(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]));
        if count == 0 {
            return Some(Index {
                data,
                count,
                size: 1,
                offsets_at: at + 2,
                base: at + 1,
            });
        }
        let size = usize::from(*data.get(at + 2)?);
        if !(1..=4).contains(&size) {
            return None;
        }
        let offsets_at = at + 3;
        let index = Index {
            data,
            count,
            size,
            offsets_at,
            base: offsets_at + (count + 1) * size - 1,
        };
        // The whole data must be there.
        data.get(..index.end()?)?;
        Some(index)
    }

    fn len(&self) -> usize {
        self.count
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let from = self.offsets_at + i * self.size;
        let bytes = self.data.get(from..from + self.size)?;
        Some(bytes.iter().fold(0usize, |v, b| v << 8 | usize::from(*b)))
    }

    /// Item `i`.
    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (start, end) = (self.offset(i)?, self.offset(i + 1)?);
        self.data.get(self.base + start..self.base + end)
    }

    /// Where the INDEX ends.
    fn end(&self) -> Option<usize> {
        if self.count == 0 {
            return Some(self.offsets_at);
        }
        Some(self.base + self.offset(self.count)?)
    }
}

/// The items of the INDEX at `at`, and where it ends.
fn index(data: &[u8], at: usize) -> Option<(Vec<&[u8]>, usize)> {
    let index = Index::at(data, at)?;
    let items = (0..index.len())
        .map(|i| index.get(i))
        .collect::<Option<_>>()?;
    Some((items, index.end()?))
}

/// The size of an INDEX of items of `lens`.
fn index_len(lens: &[usize]) -> usize {
    if lens.is_empty() {
        return 2;
    }
    let data: usize = lens.iter().sum();
    3 + (lens.len() + 1) * off_size(data + 1) + data
}

fn off_size(max: usize) -> usize {
    match max {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    }
}

/// An INDEX of `items`.
fn write_index<T: AsRef<[u8]>>(items: &[T]) -> Option<Vec<u8>> {
    let lens: Vec<usize> = items.iter().map(|i| i.as_ref().len()).collect();
    let mut out = Vec::with_capacity(index_len(&lens));
    out.extend_from_slice(&u16::try_from(items.len()).ok()?.to_be_bytes());
    if items.is_empty() {
        return Some(out);
    }
    let size = off_size(lens.iter().sum::<usize>() + 1);
    out.push(size as u8);
    let mut offset = 1usize;
    for len in std::iter::once(0).chain(lens.iter().copied()) {
        offset += len;
        out.extend_from_slice(&offset.to_be_bytes()[std::mem::size_of::<usize>() - size..]);
    }
    for item in items {
        out.extend_from_slice(item.as_ref());
    }
    Some(out)
}

/// A DICT's entries: operator (escaped ones as 1200 + second byte) and the
/// entry's bytes, operands included.
fn dict(data: &[u8]) -> Option<Vec<(u16, &[u8])>> {
    let mut entries = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        let b0 = data[i];
        match b0 {
            0..=21 => {
                let (op, len) = if b0 == 12 {
                    (1200 + u16::from(*data.get(i + 1)?), 2)
                } else {
                    (u16::from(b0), 1)
                };
                i += len;
                entries.push((op, &data[start..i]));
                start = i;
            }
            28 => i += 3,
            29 => i += 5,
            30 => {
                // Real number: nibbles until one is 0xf.
                i += 1;
                loop {
                    let b = *data.get(i)?;
                    i += 1;
                    if b >> 4 == 0xf || b & 0xf == 0xf {
                        break;
                    }
                }
            }
            32..=254 => i += if b0 <= 246 { 1 } else { 2 },
            _ => return None,
        }
    }
    (start == data.len()).then_some(entries)
}

/// The integer operands of a DICT entry (reals as `i32::MIN`).
fn operands(entry: &[u8]) -> Vec<i32> {
    let mut values = Vec::new();
    let mut i = 0;
    while i < entry.len() {
        let b0 = entry[i];
        let (v, len) = match b0 {
            28 => (
                i32::from(i16::from_be_bytes([entry[i + 1], entry[i + 2]])),
                3,
            ),
            29 => (
                i32::from_be_bytes([entry[i + 1], entry[i + 2], entry[i + 3], entry[i + 4]]),
                5,
            ),
            30 => {
                let mut j = i + 1;
                while j < entry.len() && entry[j] >> 4 != 0xf && entry[j] & 0xf != 0xf {
                    j += 1;
                }
                (i32::MIN, j + 1 - i)
            }
            32..=246 => (i32::from(b0) - 139, 1),
            247..=250 => (
                (i32::from(b0) - 247) * 256 + i32::from(entry[i + 1]) + 108,
                2,
            ),
            251..=254 => (
                -(i32::from(b0) - 251) * 256 - i32::from(entry[i + 1]) - 108,
                2,
            ),
            _ => break, // the operator
        };
        values.push(v);
        i += len;
    }
    values
}

/// A DICT operand as a 5-byte integer, whatever its value.
fn encode_dict_int(v: i32, out: &mut Vec<u8>) {
    out.push(29);
    out.extend_from_slice(&v.to_be_bytes());
}

fn push_op(op: u16, out: &mut Vec<u8>) {
    if op >= 1200 {
        out.extend_from_slice(&[12, (op - 1200) as u8]);
    } else {
        out.push(op as u8);
    }
}

/// The length of [`encode_charstring_int`]'s encoding of `v`.
fn charstring_int_len(v: i32) -> usize {
    match v {
        -107..=107 => 1,
        -1131..=1131 => 2,
        _ => 3,
    }
}

/// A charstring integer operand in its shortest form.
fn encode_charstring_int(v: i32, out: &mut Vec<u8>) {
    match v {
        -107..=107 => out.push((v + 139) as u8),
        108..=1131 => {
            let v = v - 108;
            out.extend_from_slice(&[(v / 256 + 247) as u8, (v % 256) as u8]);
        }
        -1131..=-108 => {
            let v = -v - 108;
            out.extend_from_slice(&[(v / 256 + 251) as u8, (v % 256) as u8]);
        }
        _ => {
            out.push(28);
            out.extend_from_slice(&(v as i16).to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests;
