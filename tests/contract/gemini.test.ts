import { ApiError, FunctionCallingConfigMode, GoogleGenAI, ThinkingLevel, Type } from '@google/genai';
import { afterEach, describe, expect, it } from 'vitest';
import { echoPrompt, failWith, streamText, toolCall } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** @google/genai 3.x as documented, pointed at the bridge (it then calls /v1/models/…). */
const genai = (harness: Harness, apiKey = 'any-key'): GoogleGenAI =>
  new GoogleGenAI({ apiKey, httpOptions: { baseUrl: harness.bridge.url, timeout: 10_000 } });

describe('Gemini native API through a fake extension, driven by @google/genai', () => {
  it('answers generateContent (v1 path) with text, thoughts when asked, usageMetadata; config reaches the page', async () => {
    h = await startHarness([
      {
        tabId: '1',
        behaviour: streamText(['Hello', ', world'], {
          thoughts: ['Considering.'],
          usage: { kind: 'usage', promptTokens: 6, completionTokens: 3, reasoningTokens: 4 },
        }),
      },
    ]);
    const r = await genai(h).models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Say hello',
      config: {
        systemInstruction: 'Be terse.',
        temperature: 0.3,
        topP: 0.8,
        maxOutputTokens: 200,
        stopSequences: ['END'],
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
      },
    });
    expect(r.text).toBe('Hello, world');
    expect(r.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Considering.', thought: true },
      { text: 'Hello, world' },
    ]);
    expect(r.candidates?.[0]?.finishReason).toBe('STOP');
    expect(r.usageMetadata).toEqual({
      promptTokenCount: 6,
      candidatesTokenCount: 3,
      thoughtsTokenCount: 4,
      totalTokenCount: 13,
    });
    expect(r.modelVersion).toBe('gemini-2.5-flash');
    const sent = h.peer.started[0]?.request;
    expect(sent?.systemInstruction).toBe('Be terse.');
    expect(sent?.prompt).toBe('Say hello');
    expect(sent?.settings).toEqual({
      temperature: 0.3,
      topP: 0.8,
      maxOutputTokens: 200,
      stopSequences: ['END'],
      thinking: { mode: 'budget', budget: 1024 },
      // the page's tool switches go off when the request does not ask (issue 22)
      googleSearch: false,
      urlContext: false,
      codeExecution: false,
    });
  });

  it('streams with generateContentStream (alt=sse): text chunks, then finishReason and usage; no thoughts unless asked', async () => {
    h = await startHarness([
      { tabId: '1', behaviour: streamText(['one ', 'two ', 'three'], { thoughts: ['hidden'] }) },
    ]);
    const stream = await genai(h).models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: [{ role: 'user', parts: [{ text: 'count' }] }],
      config: { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } },
    });
    const texts: string[] = [];
    let finish: string | undefined;
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.text) texts.push(chunk.text);
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
      usage = chunk.usageMetadata ?? usage;
      expect(chunk.candidates?.[0]?.content?.parts?.some((p) => p.thought)).toBeFalsy();
    }
    expect(texts).toEqual(['one ', 'two ', 'three']);
    expect(finish).toBe('STOP');
    expect(usage).toMatchObject({ candidatesTokenCount: expect.any(Number), totalTokenCount: expect.any(Number) });
    expect(h.peer.started[0]?.request.settings.thinking).toEqual({ mode: 'level', level: 'low' });
  });

  it('does a tool round trip: functionCall → functionResponse → final answer; Schema types reach the page as JSON Schema', async () => {
    h = await startHarness([{ tabId: '1', behaviour: toolCall('get_weather', { city: 'Paris' }) }]);
    const ai = genai(h);
    const tools = [
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
          },
        ],
      },
    ];
    const question = { role: 'user', parts: [{ text: 'Weather in Paris?' }] };
    const first = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: [question], config: { tools } });
    expect(first.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    expect(h.peer.started[0]?.request.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);

    h.peer.setBehaviour('1', streamText(['Sunny, 21 °C.']));
    const second = await ai.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: [
        question,
        first.candidates![0]!.content!,
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
      ],
      config: { tools },
    });
    expect(second.text).toBe('Sunny, 21 °C.');
    const prompt = h.peer.started[1]?.request.prompt ?? '';
    expect(prompt).toContain('<function_call name="get_weather">{"city":"Paris"}</function_call>');
    expect(prompt).toContain('<function_result name="get_weather">\n{"temp":21}\n</function_result>');
  });

  it("lists models in Google's shape for Google's clients on /v1 and /v1beta, while OpenAI clients keep the OpenAI list; countTokens", async () => {
    h = await startHarness([{ tabId: '1', behaviour: echoPrompt }]);
    const ai = genai(h);
    const names: string[] = [];
    for await (const m of await ai.models.list()) names.push(m.name ?? '');
    expect(names).toContain('models/gemini-2.5-pro');
    const one = await ai.models.get({ model: 'gemini-2.5-flash' });
    expect(one.name).toBe('models/gemini-2.5-flash');
    expect(one.supportedActions).toContain('generateContent');
    const beta = (await (await fetch(`${h.bridge.url}/v1beta/models?key=k`)).json()) as {
      models: Array<{ name: string }>;
    };
    expect(beta.models.map((m) => m.name)).toEqual(names);
    const openai = await h.client.models.list();
    expect(openai.data.map((m) => m.id)).toContain('gemini-2.5-pro');
    const count = await ai.models.countTokens({
      model: 'gemini-2.5-pro',
      contents: 'How many tokens is this sentence?',
    });
    expect(count.totalTokens).toBeGreaterThan(3);
    expect(h.peer.started).toHaveLength(0);
  });

  it('streams a JSON array without alt=sse, inline images become attachments, aliases resolve (/v1beta path)', async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['a', 'b']) }]);
    const res = await fetch(`${h.bridge.url}/v1beta/models/gemini-1.5-flash:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({
        contents: [{ parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }],
      }),
    });
    const chunks = JSON.parse(await res.text()) as Array<{
      candidates: Array<{ content: { parts: Array<{ text?: string }> }; finishReason?: string }>;
    }>;
    expect(chunks.map((c) => c.candidates[0]?.content.parts.map((p) => p.text).join('')).join('')).toBe('ab');
    expect(chunks[chunks.length - 1]?.candidates[0]?.finishReason).toBe('STOP');
    const sent = h.peer.started[0]?.request;
    expect(sent?.attachments).toEqual([{ name: 'attachment-1.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' }]);
    expect(sent?.prompt).toBe('look\n[image: attachment-1.png]');
    // a retired name resolves through the alias table, as on chat completions
    expect(sent?.model).toBe('gemini-2.5-flash');
  });

  it("answers bad input, keys, strict unknown models and page failures in Google's error shape", async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('quota_exceeded', 'You exceeded your quota') }], {
      strictModels: true,
      apiKeys: ['secret'],
    });
    const post = (path: string, body: unknown) =>
      fetch(`${h!.bridge.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const empty = await post('/v1beta/models/gemini-2.5-pro:generateContent?key=secret', { contents: [] });
    expect(empty.status).toBe(400);
    const body = (await empty.json()) as {
      error: {
        code: number;
        status: string;
        message: string;
        details: Array<{ fieldViolations: Array<{ field: string }> }>;
      };
    };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(body.error.details[0]?.fieldViolations[0]?.field).toBe('contents');
    const budget = await post('/v1beta/models/gemini-2.5-pro:generateContent?key=secret', {
      contents: [{ parts: [{ text: 'x' }] }],
      generationConfig: { thinkingConfig: { thinkingBudget: 10, thinkingLevel: 'LOW' } },
    });
    expect(((await budget.json()) as { error: { message: string } }).error.message).toContain(
      'generationConfig.thinkingConfig',
    );
    const noKey = await post('/v1beta/models/gemini-2.5-pro:generateContent', {
      contents: [{ parts: [{ text: 'x' }] }],
    });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');

    const ai = genai(h, 'secret');
    const unknown = await ai.models
      .generateContent({ model: 'no-such-model', contents: 'hi' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ApiError);
    expect((unknown as ApiError).status).toBe(404);
    expect((unknown as ApiError).message).toContain('NOT_FOUND');
    const quota = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' }).catch((e: unknown) => e);
    expect((quota as ApiError).status).toBe(429);
    expect((quota as ApiError).message).toContain('RESOURCE_EXHAUSTED');
  });

  it('a failure after the stream began reaches the SDK as an error chunk', async () => {
    h = await startHarness([{ tabId: '1', behaviour: failWith('network_error', 'connection cut', ['partial ']) }]);
    const stream = await genai(h).models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'go' });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.text ?? '');
    })().catch((e: unknown) => e);
    expect(texts).toEqual(['partial ']);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('connection cut');
  });

  it("functionCallingConfig mode ANY is a promise: an answer without the call fails clearly in Google's shape", async () => {
    h = await startHarness([{ tabId: '1', behaviour: streamText(['Just text.']) }]);
    const error = await genai(h)
      .models.generateContent({
        model: 'gemini-2.5-pro',
        contents: 'go',
        config: {
          tools: [{ functionDeclarations: [{ name: 'lookup' }, { name: 'other' }] }],
          toolConfig: {
            functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['lookup'] },
          },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    const body = JSON.parse((error as ApiError).message) as { error: { message: string; status: string } };
    expect(body.error.message).toContain('functionCallingConfig.mode ANY allows only the function "lookup"');
    expect(h.peer.started[0]?.request.tools?.map((t) => t.name)).toEqual(['lookup']);
  });
});
