import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { assertSchema } from './schemas/validate.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the bridge’s own routes: /, /health, /diagnostics/page, unknown URLs', () => {
  it('lists every surface’s endpoints at / and names them in the 404 for an unknown URL', async () => {
    h = await startHarness([{ tabId: '1' }]);
    const root = await get(`${h.bridge.url}/`);
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ name: 'AI Studio Bridge', openai_base_url: '/v1' });
    const endpoints = root.body.endpoints as string[];
    for (const path of ['/health', '/v1/models', '/v1/chat/completions', '/v1/responses', '/v1/completions'])
      expect(endpoints).toContain(path);
    for (const path of ['/v1/messages', '/api/chat', '/v1beta/models/{model}:generateContent'])
      expect(endpoints).toContain(path);

    const missing = await get(`${h.baseURL}/embeddings`);
    expect(missing.status).toBe(404);
    assertSchema('ErrorResponse', missing.body);
    const message = (missing.body.error as { message: string }).message;
    expect(message).toMatch(/^Unknown request URL: GET \/v1\/embeddings\. The bridge serves /);
    for (const path of endpoints) expect(message).toContain(path);
  });

  it('keeps /health open with keys configured and puts the page diagnostics behind the key', async () => {
    h = await startHarness([{ tabId: '1' }], { apiKeys: ['sk-right'] }, 'sk-right');
    const health = await get(`${h.bridge.url}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', auth: 'api_key' });

    const refused = await get(`${h.bridge.url}/diagnostics/page`);
    expect(refused.status).toBe(401);
    const post = await fetch(`${h.bridge.url}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { error: { message: string } }).error.message).toBe(
      'POST is not supported on /health',
    );
  });
});
