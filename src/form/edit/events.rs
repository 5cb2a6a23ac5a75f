//! libyaml's event stream with byte offsets: the parser the form reader
//! (serde_yaml) runs, driven directly, so that the spans the edit engine
//! works on and the values it reports come from the very tokenizer that reads
//! the form. unsafe-libyaml is already in the tree through serde_yaml.
//!
//! The unsafe code is confined to this file: a boxed parser (libyaml keeps a
//! pointer to it, so it must not move), the input borrowed for its lifetime,
//! and every event deleted after it is copied out.

use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_sys;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

/// One event, with the byte offsets of its start and end in the input.
#[derive(Debug)]
pub(super) enum Event {
    StreamStart,
    DocumentStart,
    DocumentEnd,
    StreamEnd,
    Scalar {
        value: String,
        style: Style,
        anchor: Option<String>,
        tag: bool,
        start: usize,
        end: usize,
    },
    Alias {
        name: String,
        start: usize,
        end: usize,
    },
    SequenceStart {
        flow: bool,
        anchor: Option<String>,
        tag: bool,
        start: usize,
    },
    SequenceEnd {
        end: usize,
    },
    MappingStart {
        flow: bool,
        anchor: Option<String>,
        tag: bool,
        start: usize,
    },
    MappingEnd {
        end: usize,
    },
}

/// A libyaml parser over borrowed UTF-8 text.
pub(super) struct Parser<'t> {
    sys: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    _input: &'t [u8],
    /// Whether yaml_parser_initialize succeeded (and delete is owed).
    initialized: bool,
    failed: bool,
}

impl<'t> Parser<'t> {
    /// A parser over `text` (without a byte-order mark: offsets count from
    /// its first byte).
    pub(super) fn new(text: &'t str) -> Parser<'t> {
        let mut sys = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        let input = text.as_bytes();
        // SAFETY: the parser is initialized before use and lives in a box
        // that never moves; the input outlives it (`'t`).
        let initialized = unsafe {
            let p = sys.as_mut_ptr();
            let ok = !unsafe_sys::yaml_parser_initialize(p).fail;
            if ok {
                unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
                unsafe_sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
            }
            ok
        };
        Parser {
            sys,
            _input: input,
            initialized,
            failed: !initialized,
        }
    }

    /// The next event, or `None` on a syntax error (the caller words it).
    pub(super) fn next(&mut self) -> Option<Event> {
        if self.failed {
            return None;
        }
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized; an event yaml_parser_parse
        // filled in is read, then deleted exactly once.
        unsafe {
            let p = self.sys.as_mut_ptr();
            if unsafe_sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.failed = true;
                return None;
            }
            let e = event.as_mut_ptr();
            let converted = convert(&*e);
            unsafe_sys::yaml_event_delete(e);
            if converted.is_none() {
                self.failed = true;
            }
            converted
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        if self.initialized {
            // SAFETY: initialized in `new`, deleted once.
            unsafe { unsafe_sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
        }
    }
}

/// Copies an event out of libyaml's memory.
///
/// # Safety
/// `e` must be an event yaml_parser_parse produced and not yet deleted.
unsafe fn convert(e: &unsafe_sys::yaml_event_t) -> Option<Event> {
    let start = e.start_mark.index as usize;
    let end = e.end_mark.index as usize;
    Some(match e.type_ {
        unsafe_sys::YAML_STREAM_START_EVENT => Event::StreamStart,
        unsafe_sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
        unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
        unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
        unsafe_sys::YAML_ALIAS_EVENT => Event::Alias {
            name: unsafe { c_string(e.data.alias.anchor) }?,
            start,
            end,
        },
        unsafe_sys::YAML_SCALAR_EVENT => {
            let s = unsafe { e.data.scalar };
            let bytes = unsafe { std::slice::from_raw_parts(s.value, s.length as usize) };
            Event::Scalar {
                value: String::from_utf8(bytes.to_vec()).ok()?,
                style: match s.style {
                    unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::Single,
                    unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::Double,
                    unsafe_sys::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                    unsafe_sys::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                    _ => Style::Plain,
                },
                anchor: unsafe { c_string(s.anchor) },
                tag: !s.tag.is_null(),
                start,
                end,
            }
        }
        unsafe_sys::YAML_SEQUENCE_START_EVENT => {
            let s = unsafe { e.data.sequence_start };
            Event::SequenceStart {
                flow: s.style == unsafe_sys::YAML_FLOW_SEQUENCE_STYLE,
                anchor: unsafe { c_string(s.anchor) },
                tag: !s.tag.is_null(),
                start,
            }
        }
        unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd { end },
        unsafe_sys::YAML_MAPPING_START_EVENT => {
            let s = unsafe { e.data.mapping_start };
            Event::MappingStart {
                flow: s.style == unsafe_sys::YAML_FLOW_MAPPING_STYLE,
                anchor: unsafe { c_string(s.anchor) },
                tag: !s.tag.is_null(),
                start,
            }
        }
        unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd { end },
        _ => return None,
    })
}

/// A NUL-terminated libyaml string, `None` for a null pointer.
///
/// # Safety
/// `p` is null or points to a NUL-terminated string.
unsafe fn c_string(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let c = unsafe { std::ffi::CStr::from_ptr(p.cast()) };
    Some(String::from_utf8_lossy(c.to_bytes()).into_owned())
}
