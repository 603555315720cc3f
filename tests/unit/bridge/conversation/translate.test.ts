import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ALIASES } from '../../../../bridge/models/aliases.ts';
import { ModelRegistry } from '../../../../bridge/models/registry.ts';
import { CONTINUE_PREAMBLE, HISTORY_PREAMBLE, TOOL_RESULT_PREAMBLE } from '../../../../bridge/conversation/prompt.ts';
import { parseChatRequest } from '../../../../bridge/conversation/messages.ts';
import { translateChatRequest } from '../../../../bridge/conversation/translate.ts';

const models = () => new ModelRegistry(DEFAULT_MODEL_ALIASES);
const translate = (body: object, strict = false) => translateChatRequest(parseChatRequest(body), models(), strict);

describe('chat request → job request', () => {
  it('sends a lone user message verbatim, with no labels or preamble', () => {
    const t = translate({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(t.job).toEqual({
      model: 'gemini-2.5-pro',
      systemInstruction: null,
      prompt: 'Hello there',
      // the page's tool switches are always sent: off unless asked (they persist on the page)
      settings: { stopSequences: [], googleSearch: false, urlContext: false, codeExecution: false },
    });
  });

  it('folds history into tagged turns and puts the last user message last, untagged', () => {
    const t = translate({
      model: 'gemini-2.5-pro',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        { role: 'developer', content: 'Use digits.' },
        { role: 'user', content: 'And times 3?' },
      ],
    });
    expect(t.job.systemInstruction).toBe('Be terse.\n\nUse digits.');
    expect(t.job.prompt).toBe(
      [
        '<conversation_history>',
        '<turn role="user">',
        'What is 2+2?',
        '</turn>',
        '<turn role="assistant">',
        '4',
        '</turn>',
        '</conversation_history>',
        '',
        HISTORY_PREAMBLE,
        '',
        'And times 3?',
      ].join('\n'),
    );
  });

  it('renders assistant tool calls and ends with the tool results when they come last', () => {
    const t = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
    expect(t.job.prompt).toContain(
      '<function_call name="get_weather" call_id="call_1">{"city":"Paris"}</function_call>',
    );
    expect(t.job.prompt).toContain(TOOL_RESULT_PREAMBLE);
    expect(t.job.prompt.endsWith('<function_result call_id="call_1">\n{"temp":21}\n</function_result>')).toBe(true);
    expect(t.job.prompt.match(/\{"temp":21\}/g)).toHaveLength(1);
  });

  it('asks to continue when the conversation ends with an assistant message (prefill)', () => {
    const t = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'Write a poem' },
        { role: 'assistant', content: 'Roses are' },
      ],
    });
    expect(t.job.prompt.endsWith(CONTINUE_PREAMBLE)).toBe(true);
  });

  it('maps every length parameter, preferring max_output_tokens, then max_completion_tokens, then max_tokens', () => {
    expect(
      translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], max_tokens: 10 }).job.settings
        .maxOutputTokens,
    ).toBe(10);
    expect(
      translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], max_tokens: 10, max_completion_tokens: 20 })
        .job.settings.maxOutputTokens,
    ).toBe(20);
    expect(
      translate({
        model: 'x',
        messages: [{ role: 'user', content: 'a' }],
        max_completion_tokens: 20,
        max_output_tokens: 30,
      }).job.settings.maxOutputTokens,
    ).toBe(30);
  });

  it('maps reasoning effort in both spellings', () => {
    const thinking = (extra: object) =>
      translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], ...extra }).job.settings.thinking;
    expect(thinking({ reasoning_effort: 'none' })).toEqual({ mode: 'off' });
    expect(thinking({ reasoning_effort: 'high' })).toEqual({ mode: 'level', level: 'high' });
    expect(thinking({ reasoning_effort: 'xhigh' })).toEqual({ mode: 'level', level: 'high' });
    expect(thinking({ reasoning: { effort: 'minimal' } })).toEqual({ mode: 'level', level: 'minimal' });
    expect(thinking({ reasoning: { max_tokens: 2048 } })).toEqual({ mode: 'budget', budget: 2048 });
    expect(thinking({})).toBeUndefined();
    expect(() => thinking({ reasoning_effort: 'ludicrous' })).toThrow(
      expect.objectContaining({ status: 400, param: 'reasoning_effort' }),
    );
  });

  it('turns function tools into declarations, drops them for tool_choice none, and maps search tools to grounding', () => {
    const tools = [
      { type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } },
      { type: 'google_search' },
    ];
    const t = translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], tools });
    expect(t.job.tools).toEqual([{ name: 'f', description: 'd', parameters: { type: 'object' } }]);
    expect(t.job.settings.googleSearch).toBe(true);
    expect(
      translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], tools, tool_choice: 'none' }).job.tools,
    ).toBeUndefined();
  });

  it('turns data URLs and base64 files into attachments, notes remote URLs in the text', () => {
    const t = translate({
      model: 'x',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            { type: 'file', file: { filename: 'doc.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
      ],
    });
    expect(t.job.attachments).toEqual([
      { name: 'attachment-1.jpeg', mimeType: 'image/jpeg', data: 'AAAA' },
      { name: 'doc.pdf', mimeType: 'application/pdf', data: 'JVBERi0=' },
    ]);
    expect(t.job.prompt).toBe(
      'Compare\n[image: attachment-1.jpeg]\n[image at https://example.com/cat.png]\n[file: doc.pdf]',
    );
  });

  it('attaches files in conversation order, so earlier images come before the one asked about', () => {
    const image = (data: string) => ({ type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } });
    const t = translate({
      model: 'x',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'First picture' }, image('OLD')] },
        { role: 'assistant', content: 'A cat.' },
        { role: 'user', content: [{ type: 'text', text: 'And this one?' }, image('NEW')] },
      ],
    });
    expect(t.job.attachments?.map((a) => [a.name, a.data])).toEqual([
      ['attachment-1.png', 'OLD'],
      ['attachment-2.png', 'NEW'],
    ]);
    expect(t.job.prompt).toContain('First picture\n[image: attachment-1.png]');
    expect(t.job.prompt.endsWith('And this one?\n[image: attachment-2.png]')).toBe(true);
  });

  it('resolves models: listed, aliased, same tier, current tab model, strict 404', () => {
    expect(translate({ model: 'models/gemini-2.5-flash', messages: [{ role: 'user', content: 'a' }] }).model).toBe(
      'gemini-2.5-flash',
    );
    expect(translate({ model: 'gemini-1.5-pro', messages: [{ role: 'user', content: 'a' }] }).model).toBe(
      'gemini-2.5-pro',
    );
    expect(translate({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] }).model).toBe(
      'gemini-2.5-flash',
    );
    expect(
      translate({ model: 'gemini-2.0-flash-thinking-exp', messages: [{ role: 'user', content: 'a' }] }).model,
    ).toBe('gemini-2.5-flash');
    expect(translate({ model: 'llama3', messages: [{ role: 'user', content: 'a' }] }).model).toBeNull();
    expect(translate({ messages: [{ role: 'user', content: 'a' }] }).model).toBeNull();
    expect(() => translate({ model: 'llama3', messages: [{ role: 'user', content: 'a' }] }, true)).toThrow(
      expect.objectContaining({ status: 404, code: 'model_not_found' }),
    );
    expect(() =>
      translate({ model: 'gemini-2.0-flash-thinking-exp', messages: [{ role: 'user', content: 'a' }] }, true),
    ).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('asks for JSON in the system instructions when response_format wants it', () => {
    const t = translate({
      model: 'x',
      messages: [{ role: 'user', content: 'a' }],
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } },
    });
    expect(t.job.systemInstruction).toContain('valid JSON');
    expect(t.job.systemInstruction).toContain('{"type":"object"}');
  });

  it('rejects what AI Studio cannot do, naming the field', () => {
    expect(() => translate({ model: 'x', messages: [{ role: 'system', content: 'only system' }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'messages' }),
    );
    expect(() =>
      translate({
        model: 'x',
        messages: [{ role: 'user', content: 'a' }],
        tool_choice: { type: 'function', function: { name: 'nope' } },
      }),
    ).toThrow(expect.objectContaining({ param: 'tool_choice' }));
    expect(() =>
      translate({ model: 'x', messages: [{ role: 'user', content: 'a' }], tool_choice: 'required' }),
    ).toThrow(expect.objectContaining({ param: 'tool_choice' }));
    expect(() => translate({ model: 'x', messages: [{ role: 'user', content: [{ type: 'text' }] }] })).toThrow(
      expect.objectContaining({ param: 'messages[0].content[0].text' }),
    );
  });

  it('sets include_usage only for streams', () => {
    expect(
      translate({
        model: 'x',
        messages: [{ role: 'user', content: 'a' }],
        stream: true,
        stream_options: { include_usage: true },
      }).includeUsage,
    ).toBe(true);
    expect(
      translate({
        model: 'x',
        messages: [{ role: 'user', content: 'a' }],
        stream: false,
        stream_options: { include_usage: true },
      }).includeUsage,
    ).toBe(false);
  });
});
