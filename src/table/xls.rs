//! Number formats of `.xls` cells (BIFF8 in a compound file), which calamine
//! reads but does not expose: the compound file's streams, then the
//! workbook's FORMAT and XF records and each number cell's XF index.
//! Anything unexpected gives no formats (the values calamine reads stand).

use std::collections::HashMap;

use super::cell::Format;
use super::formats::Formats;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// Chain ends and free sectors in a compound file's allocation table.
const END: u32 = 0xFFFF_FFFE;

/// A compound file (OLE2), enough to read one stream by name.
struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn new(bytes: &'a [u8]) -> Option<Compound<'a>> {
        if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return None;
        }
        let shift = u16_at(bytes, 0x1E)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sector = 1usize << shift;
        let mut c = Compound {
            bytes,
            sector,
            fat: Vec::new(),
        };
        // The allocation table's sectors: 109 listed in the header, more in
        // a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|s| *s < END - 2)
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let per = sector / 4 - 1;
        let mut hops = 0;
        while difat < END - 2 && hops < 1 << 16 {
            let data = c.sector_bytes(difat)?;
            fat_sectors.extend(
                (0..per)
                    .filter_map(|i| u32_at(data, 4 * i))
                    .filter(|s| *s < END - 2),
            );
            difat = u32_at(data, 4 * per)?;
            hops += 1;
        }
        for s in fat_sectors {
            let data = c.sector_bytes(s)?;
            c.fat
                .extend((0..sector / 4).filter_map(|i| u32_at(data, 4 * i)));
        }
        Some(c)
    }

    fn sector_bytes(&self, n: u32) -> Option<&'a [u8]> {
        let start = (n as usize + 1).checked_mul(self.sector)?;
        self.bytes.get(start..start + self.sector)
    }

    /// The sectors of a chain, joined; a loop or a chain off the file ends it.
    fn chain(
        &self,
        mut n: u32,
        fat: &[u32],
        unit: usize,
        read: impl Fn(u32) -> Option<&'a [u8]>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut left = fat.len() + 1;
        while n < END - 2 && left > 0 {
            match read(n) {
                Some(d) => out.extend_from_slice(&d[..unit.min(d.len())]),
                None => break,
            }
            n = fat.get(n as usize).copied().unwrap_or(END);
            left -= 1;
        }
        out
    }

    /// The stream named `name` (or the first of `names` found).
    fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let dir_start = u32_at(self.bytes, 0x30)?;
        let dir = self.chain(dir_start, &self.fat, self.sector, |n| self.sector_bytes(n));
        let entry = |i: usize| dir.get(i * 128..i * 128 + 128);
        let root = entry(0)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        for i in 0..dir.len() / 128 {
            let e = entry(i)?;
            let len = (u16_at(e, 0x40)? as usize).min(64);
            let units: Vec<u16> = (0..len / 2)
                .filter_map(|k| u16_at(e, 2 * k))
                .take_while(|u| *u != 0)
                .collect();
            let name = String::from_utf16_lossy(&units);
            if e[0x42] != 2 || !names.contains(&name.as_str()) {
                continue;
            }
            let start = u32_at(e, 0x74)?;
            let size = u32_at(e, 0x78)? as usize;
            let mut data = if size < cutoff {
                // In the mini stream: 64-byte sectors inside the root's stream.
                let mini_shift = u16_at(self.bytes, 0x20)?;
                let mini = 1usize << mini_shift.min(12);
                let mini_fat_bytes =
                    self.chain(u32_at(self.bytes, 0x3C)?, &self.fat, self.sector, |n| {
                        self.sector_bytes(n)
                    });
                let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
                    .filter_map(|k| u32_at(&mini_fat_bytes, 4 * k))
                    .collect();
                let ministream = self.chain(u32_at(root, 0x74)?, &self.fat, self.sector, |n| {
                    self.sector_bytes(n)
                });
                let mut out = Vec::new();
                let mut n = start;
                let mut left = mini_fat.len() + 1;
                while n < END - 2 && left > 0 {
                    let at = n as usize * mini;
                    let Some(d) = ministream.get(at..at + mini) else {
                        break;
                    };
                    out.extend_from_slice(d);
                    n = mini_fat.get(n as usize).copied().unwrap_or(END);
                    left -= 1;
                }
                out
            } else {
                self.chain(start, &self.fat, self.sector, |n| self.sector_bytes(n))
            };
            data.truncate(size);
            return Some(data);
        }
        None
    }
}

/// The BIFF records from `at`: (type, data).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// An XLUnicodeString at `i` (a 16-bit length, then 8- or 16-bit characters).
fn unicode_string(b: &[u8], i: usize, len: usize) -> Option<String> {
    let flags = *b.get(i)?;
    let body = i + 1;
    if flags & 1 == 0 {
        Some(
            b.get(body..body + len)?
                .iter()
                .map(|&c| char::from(c))
                .collect(),
        )
    } else {
        let units: Vec<u16> = (0..len).filter_map(|k| u16_at(b, body + 2 * k)).collect();
        Some(String::from_utf16_lossy(&units))
    }
}

/// The formats of sheet `sheet`'s number cells in an `.xls` file.
pub fn formats(bytes: &[u8], sheet: &str) -> Formats {
    read(bytes, sheet).unwrap_or_default()
}

fn read(bytes: &[u8], sheet: &str) -> Option<Formats> {
    let stream = Compound::new(bytes)?.stream(&["Workbook", "Book"])?;
    let mut codes: HashMap<u16, String> = HashMap::new();
    let mut xfs: Vec<u16> = Vec::new();
    let mut sheet_at = None;
    for (kind, data) in records(&stream, 0) {
        match kind {
            // BOF: BIFF8 only (version 0x0600).
            0x0809 if u16_at(data, 0)? != 0x0600 => return None,
            0x041E => {
                let id = u16_at(data, 0)?;
                let len = u16_at(data, 2)? as usize;
                if let Some(code) = unicode_string(data, 4, len) {
                    codes.insert(id, code);
                }
            }
            0x00E0 => xfs.push(u16_at(data, 2)?),
            0x0085 => {
                let at = u32_at(data, 0)? as usize;
                let len = *data.get(6)? as usize;
                if unicode_string(data, 7, len).as_deref() == Some(sheet) {
                    sheet_at = Some(at);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let format_of = |xf: u16| -> Option<Format> {
        let id = *xfs.get(xf as usize)?;
        Some(match codes.get(&id) {
            Some(code) => Format::from_code(code),
            None => Format::builtin(u32::from(id)),
        })
    };
    let mut out = Formats::new();
    let mut put = |row: u16, col: u16, xf: u16| {
        if let Some(f) = format_of(xf) {
            out.insert((u32::from(row), u32::from(col)), f);
        }
    };
    for (kind, data) in records(&stream, sheet_at?).skip(1) {
        match kind {
            0x0203 | 0x027E | 0x0006 => put(u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?),
            0x00BD => {
                let row = u16_at(data, 0)?;
                let first = u16_at(data, 2)?;
                let n = data.len().saturating_sub(6) / 6;
                for k in 0..n {
                    put(row, first + k as u16, u16_at(data, 4 + 6 * k)?);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/integration/fixtures/指标.xls"
        );
        std::fs::read(p).unwrap()
    }

    #[test]
    fn the_percent_cell_of_the_fixture() {
        let f = formats(&fixture(), "主要指标");
        let growth = f.get(&(5, 4)).copied().unwrap();
        assert_eq!((growth.percent, growth.decimals), (true, Some(1)));
        assert!(formats(&fixture(), "别的表").is_empty());
    }

    // Cut or damaged files give fewer formats, never a panic or a hang.
    #[test]
    fn damaged_files_are_survived() {
        let bytes = fixture();
        for cut in (0..bytes.len()).step_by(61) {
            let _ = formats(&bytes[..cut], "主要指标");
        }
        for at in (0..bytes.len()).step_by(37) {
            let mut b = bytes.clone();
            b[at] ^= 0xFF;
            let _ = formats(&b, "主要指标");
        }
    }
}
