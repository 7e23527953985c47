//! Maps a diagnostic's path (`nodes[4].choices[1].next`) back to a line and
//! column in the JSON text, so an author's editor can jump to it.
//!
//! A small scanner over text that serde_json has already accepted: it only
//! needs to know where each value starts.

use std::collections::HashMap;

/// Path → (line, column), both 1-based, for every value in `src`.
/// Returns an empty map if the text is not well-formed JSON.
pub fn value_positions(src: &str) -> HashMap<String, (usize, usize)> {
    let mut s = Scanner { b: src.as_bytes(), i: 0, line: 1, line_start: 0, out: HashMap::new(), depth: 0 };
    let mut path = String::new();
    s.ws();
    if s.value(&mut path).is_none() {
        return HashMap::new();
    }
    s.out
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    line_start: usize,
    out: HashMap<String, (usize, usize)>,
    depth: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                _ => break,
            }
        }
    }

    fn column(&self) -> usize {
        // Columns count characters, not bytes, as an editor does.
        String::from_utf8_lossy(&self.b[self.line_start..self.i]).chars().count() + 1
    }

    fn string(&mut self) -> Option<String> {
        let start = self.i + 1;
        self.i += 1;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    let raw = std::str::from_utf8(&self.b[start - 1..=self.i]).ok()?;
                    self.i += 1;
                    return serde_json::from_str(raw).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self, path: &mut String) -> Option<()> {
        self.depth += 1;
        if self.depth > 256 {
            return None;
        }
        self.out.insert(path.clone(), (self.line, self.column()));
        match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let key = self.string()?;
                        self.ws();
                        if self.b.get(self.i) != Some(&b':') {
                            return None;
                        }
                        self.i += 1;
                        self.ws();
                        let len = path.len();
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(&key);
                        self.value(path)?;
                        path.truncate(len);
                        self.ws();
                        match self.b.get(self.i)? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    let mut n = 0;
                    loop {
                        self.ws();
                        let len = path.len();
                        path.push_str(&format!("[{n}]"));
                        self.value(path)?;
                        path.truncate(len);
                        n += 1;
                        self.ws();
                        match self.b.get(self.i)? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
            }
            b'"' => {
                self.string()?;
            }
            _ => {
                while let Some(&c) = self.b.get(self.i) {
                    if matches!(c, b',' | b'}' | b']') || c.is_ascii_whitespace() {
                        break;
                    }
                    self.i += 1;
                }
            }
        }
        self.depth -= 1;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "{\n  \"nodes\": [\n    {\"id\": \"a\",\n     \"choices\": [{\"next\": \"b\"}]}\n  ]\n}";
        let m = value_positions(src);
        assert_eq!(m["nodes"], (2, 12));
        assert_eq!(m["nodes[0].id"], (3, 12));
        assert_eq!(m["nodes[0].choices[0].next"], (4, 27));
    }

    #[test]
    fn broken_text_gives_nothing() {
        assert!(value_positions("{\"a\": ").is_empty());
        assert!(value_positions(&"[".repeat(10_000)).is_empty());
    }
}
