import type { TapChannel } from './channel.ts';
import { startRpc, type RpcReporter } from './rpc.ts';
import { parseListModels } from './list-models.ts';
import { isCountTokensUrl, reportCount } from './count-tokens.ts';
import { isGenerateContentUrl, isListModelsUrl } from './wire.ts';

/**
 * Observe `fetch` without changing it: the page gets back the very promise and Response the
 * browser produced; we read a `clone()` (a tee of the body stream), so the page's reads are
 * unaffected apart from the tee's buffering.
 */
export function tapFetch(win: Window & typeof globalThis, channel: TapChannel): void {
  const original = win.fetch;
  if (typeof original !== 'function') return;

  const wrapped = function (this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
    const result = original.apply(this, args);
    try {
      const url = urlOf(args[0]);
      if (isGenerateContentUrl(url)) observeGenerate(result, startRpc(channel, url));
      else if (isListModelsUrl(url)) observeModels(result, channel);
      else if (isCountTokensUrl(url)) observeCount(result, channel, Date.now());
    } catch {
      // observation is best-effort
    }
    return result;
  };
  win.fetch = wrapped as typeof fetch;
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';

function observeGenerate(result: Promise<Response>, rpc: RpcReporter): void {
  result.then(
    async (response) => {
      if (!response.ok) {
        const body = await response
          .clone()
          .text()
          .catch(() => '');
        return rpc.finish(response.status, response.statusText, body);
      }
      const body = response.clone().body;
      if (!body) return rpc.finish(response.status, response.statusText, '');
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          rpc.feed(value);
        }
        rpc.finish(response.status, response.statusText, '');
      } catch (err) {
        rpc.fail(
          isAbort(err) ? 'the page aborted GenerateContent' : `GenerateContent failed: ${String(err)}`,
          isAbort(err),
        );
      }
    },
    (err: unknown) =>
      rpc.fail(
        isAbort(err) ? 'the page aborted GenerateContent' : `GenerateContent failed: ${String(err)}`,
        isAbort(err),
      ),
  );
}

function observeModels(result: Promise<Response>, channel: TapChannel): void {
  result
    .then(
      async (response) => {
        if (!response.ok) return;
        const models = parseListModels(await response.clone().text());
        if (models.length > 0) channel.send({ t: 'models', models });
      },
      () => undefined,
    )
    .catch(() => undefined);
}

function observeCount(result: Promise<Response>, channel: TapChannel, sentAt: number): void {
  result
    .then(
      async (response) => {
        if (response.status === 200) reportCount(channel, await response.clone().text(), sentAt);
      },
      () => undefined,
    )
    .catch(() => undefined);
}
