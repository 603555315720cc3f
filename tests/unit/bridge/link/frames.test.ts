import { describe, expect, it } from 'vitest';
import { jobStartFrame } from '../../../../bridge/link/frames.ts';
import { parseEnvelope } from '../../../../protocol/envelope.ts';
import type { JobRequest } from '../../../../protocol/job.ts';

// The job.start frame is spliced together from text serialised at admission; the extension parses
// it with the protocol schema, so what it reads must be exactly the request, ids included.
const request: JobRequest = {
  model: 'gemini-2.5-pro',
  systemInstruction: 'Be brief. "Quotes", \\backslashes\\ and </script> stay as they are.',
  prompt: 'User: 你好\n\nAssistant:',
  settings: { temperature: 0.2, maxOutputTokens: 64, stopSequences: ['\n\nUser:'] },
};

describe('the job.start frame', () => {
  it('parses on the extension side as the job, tab and request it was built from', () => {
    const raw = jobStartFrame('job "1"', 'tab\\2', JSON.stringify(request));
    const parsed = parseEnvelope(raw);
    expect(parsed.ok && parsed.message).toEqual({
      id: expect.stringMatching(/.+/),
      type: 'job.start',
      data: { jobId: 'job "1"', tabId: 'tab\\2', request },
    });
  });

  it('gets a fresh envelope id each time', () => {
    const ids = new Set(
      [1, 2, 3].map(() => {
        const parsed = parseEnvelope(jobStartFrame('j', 't', JSON.stringify(request)));
        return parsed.ok ? parsed.message.id : '';
      }),
    );
    expect(ids.size).toBe(3);
    expect(ids.has('')).toBe(false);
  });
});
