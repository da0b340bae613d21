//! A tolerant Server-Sent Events parser for provider streams. Bytes arrive in arbitrary pieces
//! (an event, a line or a UTF-8 character may be split across reads); lines end in `\n`,
//! `\r\n` or `\r`; comment lines (`: OPENROUTER PROCESSING`) and unknown fields are skipped;
//! `data` lines of one event are joined with `\n`; an event is dispatched on a blank line, and
//! whatever is pending when the stream ends is dispatched by [`SseParser::finish`].

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field; `None` means the default `message` type.
    pub event: Option<String>,
    pub data: String,
}

#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of an incomplete line (possibly ending inside a UTF-8 sequence).
    partial: Vec<u8>,
    /// A `\r` ended the last chunk: a `\n` starting the next one belongs to it.
    after_carriage_return: bool,
    event: Option<String>,
    data: Vec<String>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; returns the events completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        for &byte in bytes {
            if self.after_carriage_return {
                self.after_carriage_return = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\n' => self.end_line(&mut events),
                b'\r' => {
                    self.after_carriage_return = true;
                    self.end_line(&mut events);
                }
                other => self.partial.push(other),
            }
        }
        events
    }

    /// The stream ended: dispatches a pending event that had no trailing blank line.
    pub fn finish(&mut self) -> Option<SseEvent> {
        let mut events = Vec::new();
        if !self.partial.is_empty() {
            self.end_line(&mut events);
        }
        self.end_line(&mut events);
        events.pop()
    }

    fn end_line(&mut self, events: &mut Vec<SseEvent>) {
        let line = String::from_utf8_lossy(&self.partial).into_owned();
        self.partial.clear();
        if line.is_empty() {
            if !self.data.is_empty() {
                events.push(SseEvent {
                    event: self.event.take(),
                    data: self.data.join("\n"),
                });
                self.data.clear();
            } else {
                self.event = None;
            }
            return;
        }
        if line.starts_with(':') {
            return; // a comment (keep-alive, "OPENROUTER PROCESSING")
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => self.data.push(value.to_string()),
            "event" => self.event = Some(value.to_string()),
            _ => {} // id, retry and unknown fields do not matter here
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_reads_and_comments_skipped() {
        let stream = ": OPENROUTER PROCESSING\n\ndata: {\"a\":1}\n\nevent: content_block_delta\r\ndata: {\"b\":\"é\"}\r\n\r\ndata: [DONE]\n\n";
        let bytes = stream.as_bytes();
        // Feed one byte at a time: splits land inside lines, CRLFs and the two-byte 'é'.
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for byte in bytes {
            events.extend(parser.push(std::slice::from_ref(byte)));
        }
        assert_eq!(
            events,
            vec![
                SseEvent {
                    event: None,
                    data: "{\"a\":1}".into()
                },
                SseEvent {
                    event: Some("content_block_delta".into()),
                    data: "{\"b\":\"é\"}".into()
                },
                SseEvent {
                    event: None,
                    data: "[DONE]".into()
                },
            ]
        );
        assert_eq!(parser.finish(), None);
    }

    #[test]
    fn multi_line_data_and_a_missing_final_blank_line() {
        let mut parser = SseParser::new();
        let events = parser.push(b"data: one\ndata:two\n\ndata: tail");
        assert_eq!(events[0].data, "one\ntwo");
        assert_eq!(parser.finish().unwrap().data, "tail");
    }
}
