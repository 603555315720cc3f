import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoPrompt, streamText } from '../../sim/launch/fake-peer.ts';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

/**
 * The documented client examples (docs/openai-contract.md#client-examples), written the way the docs
 * write them: exact model names, parameters and reading styles.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness([{ tabId: '1', behaviour: streamText(['你好！', '我是 Gemini。', '\n很高兴认识你。']) }]);
});
afterAll(async () => {
  await h.close();
});

describe('documented client examples', () => {
  it('curl: GET /health and GET /v1/models', async () => {
    const health = await fetch(`${h.bridge.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const models = await fetch(`${h.baseURL}/models`);
    assertSchema('ListModelsResponse', await models.json());
  });

  it('curl: non-streaming gemini-1.5-pro, Chinese, temperature 0.7, max_output_tokens 2048, Bearer your-api-key', async () => {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer your-api-key' },
      body: JSON.stringify({
        model: 'gemini-1.5-pro',
        messages: [{ role: 'user', content: '你好，请介绍一下你自己' }],
        stream: false,
        temperature: 0.7,
        max_output_tokens: 2048,
      }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    assertSchema('CreateChatCompletionResponse', result);
    expect(result.choices[0]?.message.content).toBe('你好！我是 Gemini。\n很高兴认识你。');
  });

  it('curl --no-buffer: streaming gemini-1.5-flash', async () => {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-1.5-flash',
        messages: [{ role: 'user', content: '讲个故事' }],
        stream: true,
      }),
    });
    expect(res.status).toBe(200);
    expect((await res.text()).trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('curl without Authorization: system + user, temperature 0.5, max_output_tokens 4096, top_p 0.9, stop list', async () => {
    h.peer.setBehaviour('1', echoPrompt);
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-1.5-pro',
        messages: [
          { role: 'system', content: '你是一个专业的技术助手。' },
          { role: 'user', content: '解释一下什么是人工智能' },
        ],
        temperature: 0.5,
        max_output_tokens: 4096,
        top_p: 0.9,
        stop: ['\n\nUser:', '\n\nAssistant:'],
      }),
    });
    expect(res.status).toBe(200);
    const sent = h.peer.started[h.peer.started.length - 1]?.request;
    expect(sent).toMatchObject({
      systemInstruction: '你是一个专业的技术助手。',
      prompt: '解释一下什么是人工智能',
      settings: { temperature: 0.5, topP: 0.9, maxOutputTokens: 4096, stopSequences: ['\n\nUser:', '\n\nAssistant:'] },
    });
    h.peer.setBehaviour('1', streamText(['你好！', '我是 Gemini。', '\n很高兴认识你。']));
  });

  it('SDK: key "can be any value", system + user, streaming, and stop with Chinese role labels reporting usage.total_tokens', async () => {
    const client = new OpenAI({
      baseURL: `${h.bridge.url}/v1`,
      apiKey: 'your-api-key',
      timeout: 60_000,
      maxRetries: 3,
    });
    const response = await client.chat.completions.create({
      model: 'gemini-1.5-pro',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Hello!' },
      ],
    });
    expect(response.choices[0]?.message.content).toContain('Gemini');
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({
      model: 'gemini-1.5-pro',
      messages: [{ role: 'user', content: '写一首诗' }],
      stream: true,
    })) {
      streamed += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(streamed).toBe('你好！我是 Gemini。\n很高兴认识你。');
    // The page keeps talking past the turn: the Chinese role label must cut the answer there.
    h.peer.setBehaviour('1', streamText(['你好！有什么', '可以帮你？\n\n用', '户: 再见', '\n\n助手: 好']));
    const withParams = await client.chat.completions.create({
      model: 'gemini-1.5-pro',
      messages: [{ role: 'user', content: '你好' }],
      temperature: 0.7,
      max_tokens: 1000,
      top_p: 0.9,
      stop: ['\n\n用户:', '\n\n助手:'],
    });
    expect(withParams.choices[0]?.message.content).toBe('你好！有什么可以帮你？');
    expect(withParams.choices[0]?.finish_reason).toBe('stop');
    expect(h.peer.started[h.peer.started.length - 1]?.request.settings).toMatchObject({
      temperature: 0.7,
      topP: 0.9,
      maxOutputTokens: 1000,
    });
    expect(withParams.usage?.total_tokens).toBeGreaterThan(0);
    h.peer.setBehaviour('1', streamText(['你好！', '我是 Gemini。', '\n很高兴认识你。']));
  });

  it('naive fetch reader: splits decoded chunks on newlines and parses data: lines (python iter_lines does the same)', async () => {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer your-api-key' },
      body: JSON.stringify({ model: 'gemini-1.5-flash', messages: [{ role: 'user', content: '你好' }], stream: true }),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let parseFailures = 0;
    let sawDone = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const line of decoder.decode(value).split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const data = line.slice(6);
        if (data === '[DONE]') {
          sawDone = true;
          continue;
        }
        try {
          text +=
            (JSON.parse(data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '';
        } catch {
          parseFailures++;
        }
      }
    }
    expect(parseFailures).toBe(0);
    expect(sawDone).toBe(true);
    expect(text).toBe('你好！我是 Gemini。\n很高兴认识你。');
  });
});
