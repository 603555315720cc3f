import { describe, expect, it } from 'vitest';
import { codeText } from '../../../../bridge/run/code-text.ts';
import { TextMap } from '../../../../bridge/run/text-map.ts';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('TextMap: the page byte ranges of sources → the client text', () => {
  it('counts multi-byte characters as string indices and shifts past text the bridge wrote in', () => {
    const map = new TextMap(true);
    const block = '```output\n1\n```\n';
    map.fromPage('é☕ ');
    map.delivered('é☕ ');
    map.insert(block.length);
    map.delivered(block);
    map.fromPage('🌊 wave.');
    map.delivered('🌊 wave.');
    const client = `é☕ ${block}🌊 wave.`;
    const start = bytes('é☕ ');
    const r = map.range(start, start + bytes('🌊 wave.'));
    expect(r && client.slice(r.start, r.end)).toBe('🌊 wave.');
    const first = map.range(0, bytes('é☕'));
    expect(first && client.slice(first.start, first.end)).toBe('é☕');
  });

  it('clips a range to what the client received (a stop sequence cut the rest) and drops one cut off whole', () => {
    const map = new TextMap(true);
    map.fromPage('One. Two. Three.');
    map.delivered('One. Tw');
    expect(map.range(0, 4)).toEqual({ start: 0, end: 4 });
    expect(map.range(5, 9)).toEqual({ start: 5, end: 7 });
    expect(map.range(10, 16)).toBeNull();
  });

  it('places nothing when the page text was not kept (no Search or URL context asked)', () => {
    const map = new TextMap(false);
    map.fromPage('One.');
    map.delivered('One.');
    expect(map.range(0, 4)).toBeNull();
  });
});

describe('codeText: code execution as Markdown', () => {
  it('fences code and output on lines of their own; a longer fence around code holding ```', () => {
    expect(codeText({ kind: 'code', language: 'python', code: 'print(1)' }, '')).toBe('```python\nprint(1)\n```\n');
    expect(codeText({ kind: 'code_result', outcome: 'ok', output: '1\n' }, '\n')).toBe('\n```output\n1\n```\n');
    expect(codeText({ kind: 'code_result', outcome: 'failed', output: 'boom' }, '.')).toBe(
      '\n\n```output failed\nboom\n```\n',
    );
    expect(codeText({ kind: 'code', language: 'python', code: 's = "```"' }, '')).toBe('````python\ns = "```"\n````\n');
  });

  it('takes output with 200,000 runs of backticks (no spread into Math.max)', () => {
    const output = '`a'.repeat(200_000);
    expect(codeText({ kind: 'code_result', outcome: 'ok', output }, '')).toBe(`\`\`\`output\n${output}\n\`\`\`\n`);
  });
});
