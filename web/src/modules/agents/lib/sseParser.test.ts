import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sseParser';

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('SSE parser', () => {
  it('reads named events with JSON data', () => {
    expect(parse(['event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {"text":"Hello"}\n\n'])).toEqual([
      { event: 'delta', data: '{"text":"Hel"}' },
      { event: 'delta', data: '{"text":"lo"}' },
      { event: 'done', data: '{"text":"Hello"}' },
    ]);
  });

  it('handles chunks split anywhere, including inside CRLF', () => {
    const stream = 'event: delta\r\ndata: {"text":"a b"}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n';
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)])).toEqual([
        { event: 'delta', data: '{"text":"a b"}' },
        { event: 'done', data: '{}' },
      ]);
    }
  });

  it('joins multi-line data, strips one leading space, ignores comments and unknown fields', () => {
    expect(parse([': keep-alive\n', 'data:line one\ndata:  two\nretry: 1000\nfoo: bar\n\n'])).toEqual([{ event: 'message', data: 'line one\n two' }]);
  });

  it('drops an event cut off before its blank line, and blank-only events', () => {
    expect(parse(['\n\nevent: delta\ndata: {"text":"x"}\n'])).toEqual([]);
  });

  it('accepts bare CR line endings and remembers the last id', () => {
    expect(parse(['id: 7\revent: error\rdata: {"message":"quota"}\r\r'])).toEqual([{ event: 'error', data: '{"message":"quota"}', id: '7' }]);
  });
});
