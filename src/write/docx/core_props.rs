//! `docProps/core.xml`, written here because docx-rs has no setter for the
//! title and creator.
//!
//! No creation or modification dates: they are optional in OPC, a fixed fake
//! date would show in Word's properties dialog, and a real one would make the
//! bytes differ between runs. Word fills them in on the first save.

/// The core-properties part with `title` and `author` (creator and last
/// modifier); empty values are left out.
pub fn xml(title: &str, author: &str) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    element(&mut s, "dc:title", title);
    element(&mut s, "dc:creator", author);
    element(&mut s, "cp:lastModifiedBy", author);
    s.push_str("<cp:revision>1</cp:revision></cp:coreProperties>");
    s.into_bytes()
}

fn element(out: &mut String, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    out.push_str(&format!("<{name}>"));
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out.push_str(&format!("</{name}>"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        let xml = String::from_utf8(xml("A&B <C>\u{1}", "")).unwrap();
        assert!(xml.contains("<dc:title>A&amp;B &lt;C&gt;</dc:title>"));
        assert!(!xml.contains("dc:creator"));
    }
}
