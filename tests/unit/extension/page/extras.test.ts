// The tap reads what the simulated page streams beyond text: the final image (not its draft),
// executable code and its result, and the sources of a grounded answer. The bodies come from the
// sim's own writer (the contract with the real page), fed in uneven pieces as the network does.

import { describe, expect, it } from 'vitest';
import type { TapChannel } from '../../../../extension/page/channel.ts';
import type { TapRecord } from '../../../../extension/page/records.ts';
import { startRpc } from '../../../../extension/page/rpc.ts';
import { groundingOf } from '../../../../extension/page/extras.ts';
import { withExtras } from '../../../../sim/site/answer-extras.ts';
import { planAnswer } from '../../../../sim/site/answers.ts';
import { wireRecords } from '../../../../sim/site/wire-records.ts';
import type { GenerateRequest } from '../../../../sim/site/wire/request.ts';

function request(prompt: string, over: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    model: 'gemini-2.5-pro',
    contents: [{ role: 'user', text: prompt, attachments: [], functionCalls: [] }],
    systemInstruction: null,
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxOutputTokens: 65536,
    stopSequences: [],
    thinking: null,
    tools: { googleSearch: false, urlContext: false, functionDeclarations: null },
    temporaryChat: false,
    ...over,
  };
}

function tap(req: GenerateRequest, wire: 'default' | '2026'): TapRecord[] {
  const plan = withExtras(planAnswer(req, { name: 'echo' }), req, { name: 'echo' });
  const body =
    '[' +
    wireRecords(plan, 3, wire, 0)
      .map((r) => r.json)
      .join('\n,') +
    '\n]';
  const records: TapRecord[] = [];
  const ch: TapChannel = { send: (r) => records.push(r) };
  const rpc = startRpc(ch, 'https://alkalimakersuite-pa.clients6.google.com/$rpc/x/GenerateContent');
  for (let at = 0; at < body.length; at += 7919) rpc.feed(body.slice(at, at + 7919));
  rpc.finish(200, 'OK', body);
  return records;
}

describe.each(['2026', 'default'] as const)('tap beyond text (%s wire)', (wire) => {
  it('reports the final image once with its bytes, not the draft flagged as a thought', () => {
    const req = request('a fox', {
      model: 'gemini-3-pro-image-preview',
      imageConfig: { aspectRatio: '1:1', imageSize: '1K' },
    });
    const records = tap(req, wire);
    const images = records.filter((r) => r.t === 'rpc.image');
    const plan = withExtras(planAnswer(req, { name: 'echo' }), req, { name: 'echo' });
    expect(images).toEqual([
      { t: 'rpc.image', rpc: expect.any(Number), mimeType: 'image/png', data: plan.images?.[0]?.data },
    ]);
    expect(records.filter((r) => r.t === 'rpc.text' || r.t === 'rpc.thought')).toEqual([]);
    expect(records.at(-1)?.t).toBe('rpc.done');
  });

  it('reports code and its result in order, before the answer text', () => {
    const records = tap(
      request('two words', {
        tools: { googleSearch: false, urlContext: false, functionDeclarations: null, codeExecution: true },
      }),
      wire,
    );
    const kinds = records.map((r) => r.t).filter((t) => t !== 'rpc.usage' && t !== 'rpc.finish');
    expect(kinds.slice(0, 4)).toEqual(['rpc.start', 'rpc.code', 'rpc.code_result', 'rpc.text']);
    expect(records.find((r) => r.t === 'rpc.code')).toMatchObject({
      language: 'python',
      code: expect.stringContaining('print('),
    });
    expect(records.find((r) => r.t === 'rpc.code_result')).toMatchObject({ outcome: 'ok', output: '2\n' });
  });

  it('reports the sources of a Search answer with the byte ranges they support', () => {
    const records = tap(
      request('tides today', { tools: { googleSearch: true, urlContext: false, functionDeclarations: null } }),
      wire,
    );
    const text = records.flatMap((r) => (r.t === 'rpc.text' ? [r.text] : [])).join('');
    const g = records.find((r) => r.t === 'rpc.grounding');
    if (g?.t !== 'rpc.grounding') throw new Error('no grounding record');
    expect(g.queries).toEqual(['tides today']);
    expect(g.sources.map((s) => s.title)).toEqual(['en.wikipedia.org', 'developers.google.com']);
    for (const s of g.supports) expect(Buffer.from(text).subarray(s.start, s.end).toString()).toBe(s.text);
  });
});

describe('grounding metadata reader', () => {
  it('reads web chunks, supports and both query slots; ignores what it does not know', () => {
    const meta = [
      ['<div/>', 'blob'],
      [[['https://a.example/x', 'a.example', 'snippet']], [null, null, ['https://maps', 'Place', '', 'id']]],
      [
        [[0, 0, 5, 'Hello'], [0], [0.9]],
        [[0, 6, 9, 'bad'], [], []],
      ],
      [null, 0.5],
      ['q1'],
      ['q1', 'q2'],
    ];
    expect(groundingOf(meta)).toEqual({
      kind: 'grounding',
      queries: ['q1', 'q2'],
      sources: [{ uri: 'https://a.example/x', title: 'a.example' }],
      supports: [{ start: 0, end: 5, text: 'Hello', sources: [0] }],
    });
    expect(groundingOf(null)).toBeNull();
    expect(groundingOf([null, [], [], null, null])).toBeNull();
  });
});
