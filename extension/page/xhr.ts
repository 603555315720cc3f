import type { TapChannel } from './channel.ts';
import { startRpc } from './rpc.ts';
import { parseListModels } from './list-models.ts';
import { isCountTokensUrl, reportCount } from './count-tokens.ts';
import { isGenerateContentUrl, isListModelsUrl } from './wire.ts';

/**
 * Observe XMLHttpRequest without changing it: `open` and `send` are wrapped on the prototype
 * (so instances, subclasses and `instanceof` checks stay the page's own) and only add passive
 * listeners. AI Studio's Closure XhrIo streams GenerateContent over XHR (observed 2026-04):
 * readyState 3 / progress events expose the growing responseText.
 */
export function tapXhr(win: Window & typeof globalThis, channel: TapChannel): void {
  const proto = win.XMLHttpRequest.prototype;
  const open = proto.open;
  const send = proto.send;
  const urls = new WeakMap<XMLHttpRequest, string>();

  proto.open = function (this: XMLHttpRequest, ...args: Parameters<typeof open>) {
    try {
      urls.set(this, String(args[1]));
    } catch {
      // never let the tap break the page's request
    }
    return open.apply(this, args);
  } as typeof open;

  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    try {
      const url = urls.get(this) ?? '';
      if (isGenerateContentUrl(url)) observeGenerate(this, url, channel);
      else if (isListModelsUrl(url)) observeModels(this, channel);
      else if (isCountTokensUrl(url)) observeCount(this, channel);
    } catch {
      // observation is best-effort
    }
    return send.call(this, body);
  };
}

function textOf(xhr: XMLHttpRequest): string {
  try {
    if (xhr.responseType === '' || xhr.responseType === 'text') return xhr.responseText;
    if (xhr.responseType === 'arraybuffer' && xhr.response instanceof ArrayBuffer)
      return new TextDecoder().decode(xhr.response);
    if (xhr.responseType === 'json' && xhr.response != null) return JSON.stringify(xhr.response);
  } catch {
    // responseText throws for some responseTypes/states: nothing to read yet
  }
  return '';
}

function observeGenerate(xhr: XMLHttpRequest, url: string, channel: TapChannel): void {
  const rpc = startRpc(channel, url);
  let aborted = false;
  let failed = false;
  const pump = (): void => {
    if (xhr.readyState >= 3 && xhr.status > 0 && xhr.status < 400) rpc.feedAll(textOf(xhr));
  };
  xhr.addEventListener('readystatechange', pump);
  xhr.addEventListener('progress', pump);
  xhr.addEventListener('abort', () => (aborted = true));
  xhr.addEventListener('error', () => (failed = true));
  xhr.addEventListener('timeout', () => (failed = true));
  xhr.addEventListener('loadend', () => {
    if (aborted) return rpc.fail('the page aborted GenerateContent', true);
    if (failed || xhr.status === 0) return rpc.fail('GenerateContent failed: network error', false);
    pump();
    rpc.finish(xhr.status, xhr.statusText, xhr.status >= 400 ? textOf(xhr) : '');
  });
}

function observeModels(xhr: XMLHttpRequest, channel: TapChannel): void {
  xhr.addEventListener('load', () => {
    if (xhr.status >= 400) return;
    const models = parseListModels(textOf(xhr));
    if (models.length > 0) channel.send({ t: 'models', models });
  });
}

function observeCount(xhr: XMLHttpRequest, channel: TapChannel): void {
  const sentAt = Date.now();
  xhr.addEventListener('load', () => {
    if (xhr.status === 200) reportCount(channel, textOf(xhr), sentAt);
  });
}
