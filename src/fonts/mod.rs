//! The faces on this machine: finds a font file for each face of the layout
//! (docs/layout.md §14), maps it, and measures characters in it.
//!
//! The official faces (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体) are
//! looked for by family name; where one is missing an open CJK face stands in
//! (Noto Serif/Sans CJK SC, Source Han …), in the order `.ci/fonts.conf` gives
//! LibreOffice, and [`Fonts::notes`] says which. Collections (`.ttc`) are read
//! by index; files are memory-mapped, never read whole, and only files whose
//! names may hold one of the faces are opened (`names::FILE_HINTS`), except in
//! a `--fonts` folder, which is read whole.
//!
//! The PDF writer embeds [`FontFile::data`]; the layout measures through the
//! [`Metrics`] implementation of [`Fonts`].

mod names;
mod scan;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use skrifa::MetadataProvider;
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::raw::{FileRef, FontRef, TableProvider};
use skrifa::string::StringId;

use crate::layout::{Face, FixedMetrics, Metrics};

/// One font chosen for a face: where it is and what it is.
#[derive(Debug)]
pub struct FontFile {
    /// The file.
    pub path: PathBuf,
    /// The font's index in a collection (`.ttc`); 0 for a single font.
    pub index: u32,
    /// The family name that matched (as [`names`] spells it).
    pub family: &'static str,
    /// The font's weight class (400 regular, 700 bold).
    pub weight: u16,
    data: &'static [u8],
    /// The mapping `data` lies in, held here so that it stays reachable
    /// (a leak checker sees the process-long mapping as kept, not lost).
    _map: &'static Arc<memmap2::Mmap>,
}

impl FontFile {
    /// The whole file's bytes (a collection holds several fonts: see
    /// [`FontFile::index`]). Mapped for the life of the process.
    pub fn data(&self) -> &'static [u8] {
        self.data
    }
}

/// How one face (regular or bold) is set.
struct Slot {
    file: &'static FontFile,
    /// No bold font of the family: the reader emboldens the regular one.
    synthetic_bold: bool,
    charmap: Charmap<'static>,
    /// Advances in font units (skrifa's scaled metrics round through
    /// 16.16 fixed point: 1000 units would come out 0.99992 em).
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

/// The faces found on this machine.
#[derive(Default)]
pub struct Fonts {
    /// Index `face as usize * 2 + bold`.
    slots: Vec<Option<Slot>>,
}

/// Every face, in the order of [`Face`]'s variants.
pub const FACES: [Face; 5] = [
    Face::XiaoBiaoSong,
    Face::FangSong,
    Face::HeiTi,
    Face::KaiTi,
    Face::SongTi,
];

/// A face that an open face stands in for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandIn {
    /// The face wanted.
    pub face: Face,
    /// Its official name, e.g. `仿宋_GB2312`.
    pub wanted: &'static str,
    /// The family used instead, e.g. `Noto Serif CJK SC`; `None` when no
    /// font at all was found for the face.
    pub used: Option<&'static str>,
}

/// The `--fonts` folder of this process, if one was given.
static FOLDER: OnceLock<PathBuf> = OnceLock::new();

/// Prefers the fonts in `dir` (the command line's `--fonts DIR`) for the
/// rest of the process. Call before the first [`Fonts::system`]; `false`
/// when a folder was already set or the fonts were already read.
pub fn use_folder(dir: PathBuf) -> bool {
    SYSTEM.get().is_none() && FOLDER.set(dir).is_ok()
}

/// The folder [`use_folder`] set, if any (`huibao serve` hands it to its
/// workers, which are processes of their own).
pub fn folder() -> Option<&'static Path> {
    FOLDER.get().map(PathBuf::as_path)
}

static SYSTEM: OnceLock<Fonts> = OnceLock::new();

impl Fonts {
    /// The faces of this process: those of the `--fonts` folder (see
    /// [`use_folder`]) and of the system's font folders, found once.
    pub fn system() -> &'static Fonts {
        SYSTEM.get_or_init(|| Fonts::discover(FOLDER.get().map(PathBuf::as_path)))
    }

    /// The faces in `extra` (a `--fonts` folder, read whole and preferred)
    /// and in the system's font folders.
    pub fn discover(extra: Option<&Path>) -> Fonts {
        let mut candidates = Vec::new();
        if let Some(dir) = extra {
            for path in scan::font_files(dir) {
                read_candidates(&path, true, &mut candidates);
            }
        }
        for dir in scan::system_dirs() {
            for path in scan::font_files(&dir) {
                let hinted = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(names::hinted);
                if hinted {
                    read_candidates(&path, false, &mut candidates);
                }
            }
        }
        Fonts::choose(candidates)
    }

    /// For each face, the best family among `candidates`, and in it the
    /// regular and the bold font.
    fn choose(candidates: Vec<Candidate>) -> Fonts {
        let mut slots = Vec::with_capacity(FACES.len() * 2);
        let mut kept: Vec<&'static FontFile> = Vec::new();
        for face in FACES {
            let fams = names::families(face);
            let family = fams
                .official
                .iter()
                .chain(fams.stand_ins)
                .find(|f| candidates.iter().any(|c| c.families.contains(f)));
            let Some(family) = family else {
                slots.push(None);
                slots.push(None);
                continue;
            };
            let of_family: Vec<&Candidate> = candidates
                .iter()
                .filter(|c| c.families.contains(family))
                .collect();
            // The user's folder first, then the weight nearest the wanted one.
            let pick = |want: u16| {
                of_family
                    .iter()
                    .min_by_key(|c| (!c.extra, c.weight.abs_diff(want)))
                    .copied()
            };
            let regular = pick(400);
            let bold = pick(700).filter(|c| c.weight >= 600);
            for (candidate, synthetic) in [(regular, false), (bold.or(regular), bold.is_none())] {
                let slot = candidate.and_then(|c| {
                    let file = kept
                        .iter()
                        .find(|f| f.path == c.path && f.index == c.index)
                        .copied()
                        .unwrap_or_else(|| {
                            // Kept mapped for the life of the process, so
                            // the faces can be measured and embedded freely.
                            let map: &'static Arc<memmap2::Mmap> =
                                Box::leak(Box::new(Arc::clone(&c.map)));
                            let file: &'static FontFile = Box::leak(Box::new(FontFile {
                                path: c.path.clone(),
                                index: c.index,
                                family,
                                weight: c.weight,
                                data: &map[..],
                                _map: map,
                            }));
                            kept.push(file);
                            file
                        });
                    Slot::new(file, synthetic)
                });
                slots.push(slot);
            }
        }
        Fonts { slots }
    }

    /// The family `face` is measured in (regular), e.g. `Noto Serif CJK SC`.
    pub fn family(&self, face: Face) -> Option<&'static str> {
        self.slot(face, false).map(|s| s.file.family)
    }

    fn slot(&self, face: Face, bold: bool) -> Option<&Slot> {
        self.slots
            .get(face as usize * 2 + usize::from(bold))
            .and_then(Option::as_ref)
    }

    /// The font `face` is set in (`bold` or not), and whether its bold is
    /// synthetic (no bold font of the family: embolden the regular one).
    /// `None` when no font at all was found for the face.
    pub fn file(&self, face: Face, bold: bool) -> Option<(&'static FontFile, bool)> {
        self.slot(face, bold).map(|s| (s.file, s.synthetic_bold))
    }

    /// The faces an open face stands in for, or that have no font at all.
    pub fn stand_ins(&self) -> Vec<StandIn> {
        FACES
            .iter()
            .filter_map(|&face| {
                let wanted = names::families(face).official[0];
                match self.slot(face, false) {
                    None => Some(StandIn {
                        face,
                        wanted,
                        used: None,
                    }),
                    Some(s) if !names::families(face).official.contains(&s.file.family) => {
                        Some(StandIn {
                            face,
                            wanted,
                            used: Some(s.file.family),
                        })
                    }
                    Some(_) => None,
                }
            })
            .collect()
    }

    /// One Chinese sentence per face that is not the official one:
    /// `本机没有仿宋_GB2312，以 Noto Serif CJK SC 代替`.
    pub fn notes(&self) -> Vec<String> {
        self.stand_ins()
            .iter()
            .map(|s| match s.used {
                Some(used) => format!("本机没有{}\u{ff0c}以 {used} 代替", s.wanted),
                None => format!("本机没有{}\u{ff0c}也没有可代替的中文字体", s.wanted),
            })
            .collect()
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for slot in self.slots.iter().flatten() {
            list.entry(&(&slot.file.path, slot.file.index, slot.synthetic_bold));
        }
        list.finish()
    }
}

impl Slot {
    fn new(file: &'static FontFile, synthetic_bold: bool) -> Option<Slot> {
        let font = FontRef::from_index(file.data, file.index).ok()?;
        let units_per_em = f32::from(font.head().ok()?.units_per_em());
        Some(Slot {
            file,
            synthetic_bold,
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }
}

impl Metrics for Fonts {
    fn advance(&self, face: Face, bold: bool, c: char) -> f32 {
        let measured = self.slot(face, bold).and_then(|s| {
            let glyph = s.charmap.map(c)?;
            s.metrics.advance_width(glyph).map(|a| a / s.units_per_em)
        });
        // A character the face lacks is drawn from another font by every
        // reader; its width there is what FixedMetrics guesses.
        measured.unwrap_or_else(|| FixedMetrics.advance(face, bold, c))
    }
}

/// One font of a file whose family is one we look for.
struct Candidate {
    path: PathBuf,
    index: u32,
    families: Vec<&'static str>,
    weight: u16,
    /// From the `--fonts` folder.
    extra: bool,
    /// The file, mapped; dropped (unmapped) unless a face is set in it.
    map: Arc<memmap2::Mmap>,
}

/// Every family name of every face, spelt as [`names`] spells it.
fn wanted_families() -> impl Iterator<Item = &'static str> {
    FACES.iter().flat_map(|&f| {
        let fams = names::families(f);
        fams.official.iter().chain(fams.stand_ins).copied()
    })
}

/// The fonts in the file at `path` whose family we look for, added to `out`.
/// The file stays mapped only when it holds one.
fn read_candidates(path: &Path, extra: bool, out: &mut Vec<Candidate>) {
    let Ok(file) = std::fs::File::open(path) else {
        return;
    };
    // SAFETY: the map is read-only; a font file changed under a running
    // report is the same hazard every program that maps fonts accepts.
    let Ok(map) = (unsafe { memmap2::Mmap::map(&file) }) else {
        return;
    };
    let fonts: Vec<(u32, FontRef)> = match FileRef::new(&map) {
        Ok(FileRef::Font(f)) => vec![(0, f)],
        Ok(FileRef::Collection(c)) => (0..c.len())
            .filter_map(|i| c.get(i).ok().map(|f| (i, f)))
            .collect(),
        Err(_) => return,
    };
    let mut found = Vec::new();
    for (index, font) in fonts {
        let families: Vec<&'static str> =
            [StringId::FAMILY_NAME, StringId::TYPOGRAPHIC_FAMILY_NAME]
                .into_iter()
                .flat_map(|id| font.localized_strings(id))
                .filter_map(|s| {
                    let name: String = s.chars().collect();
                    wanted_families().find(|w| *w == name)
                })
                .collect();
        if families.is_empty() {
            continue;
        }
        let weight = font.os2().map(|t| t.us_weight_class()).unwrap_or(400);
        found.push((index, families, weight));
    }
    let map = Arc::new(map);
    for (index, families, weight) in found {
        out.push(Candidate {
            path: path.to_path_buf(),
            index,
            families,
            weight,
            extra,
            map: Arc::clone(&map),
        });
    }
}

#[cfg(test)]
mod tests;
