// Scenarios: how the simulated RPC answers a run. Chosen per test with `sim.setScenario(spec)`,
// or per prompt with a keyword `[[sim:NAME key=value …]]` (which wins), default `echo`.

import type { JsonValue } from './wire/typed-args.ts';

const SCENARIO_NAMES = [
  'echo',
  'text',
  'long',
  'slow-first',
  'thinking',
  'function-call',
  'quota',
  'fail-mid',
  'stall',
  'dialog',
  'slow-load',
  'max-tokens',
  'rpc-error',
  'blocked',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** GenerateContent/ListModels wire layout: today's default, or the frames recorded from the real page in 2026. */
export type WireVariant = 'default' | '2026';

export interface ScenarioSpec {
  name: ScenarioName;
  /** Wire layout of the response (default: the sim's option, else `default`). */
  wire?: WireVariant;
  /** Gemini finish reason number of the last frame (default 1 STOP, or 2 MAX_TOKENS when cut). */
  finish?: number;
  /** 2026 wire: end with a finish-only frame (content null) instead of an empty text part. */
  finishOnly?: boolean;
  /** `function-call`: how many identical calls the turn makes (default 1). */
  calls?: number;
  /** `rpc-error`: gRPC status in the 200 body (default 8 RESOURCE_EXHAUSTED); `text` overrides the message. */
  code?: number;
  /** `blocked`: prompt-feedback block reason (default 1 SAFETY). */
  reason?: number;
  /** Answer text returned verbatim (any text scenario; `text` is echo with this set). */
  text?: string;
  /** `long`: number of answer chunks (default 40). */
  chunks?: number;
  /** Pause between network chunks in ms (default 25; `long` 50). */
  intervalMs?: number;
  /** `slow-first`: delay before the first chunk (default 3000); `slow-load`: page load delay (default 3000); `dialog`: delay before the dialog shows (default 0). */
  delayMs?: number;
  /** `fail-mid`/`stall`: records written before the socket is destroyed / the stream stalls (default 3 / 0). */
  after?: number;
  /** `thinking`: thought text (default derived from the prompt). */
  thoughts?: string;
  /** `function-call`: call name and arguments (default: the first declared tool, args from its schema). */
  functionName?: string;
  functionArgs?: { [key: string]: JsonValue };
  /** `max-tokens`: answer length in words before truncation (default 400). */
  words?: number;
  /** Image models: answer with incompressible noise of about this many PNG bytes (memory benchmarks). */
  imageBytes?: number;
  /** Sprinkle `<ctrl46>` markers into streamed text (the answer record stays clean). */
  ctrl?: boolean;
}

export type ScenarioSource = 'default' | 'setScenario' | 'keyword';

const KEYWORD = /\[\[sim:([a-z-]+)((?:\s+[A-Za-z]+=(?:"[^"]*"|'[^']*'|[^\s\]]+))*)\s*\]\]/;
const PARAM = /([A-Za-z]+)=("[^"]*"|'[^']*'|[^\s\]]+)/g;

export function isScenarioName(s: string): s is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(s);
}

function toInt(key: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`[[sim:…]] ${key}=${v} is not a non-negative number`);
  return n;
}

/** Parses the first `[[sim:NAME key=value …]]` keyword of a prompt, or returns null. Throws on an unknown name or key. */
export function parseKeyword(prompt: string): ScenarioSpec | null {
  const m = KEYWORD.exec(prompt);
  if (!m) return null;
  const name = m[1] ?? '';
  if (!isScenarioName(name)) throw new Error(`unknown sim scenario "${name}"`);
  const spec: ScenarioSpec = { name };
  for (const p of (m[2] ?? '').matchAll(PARAM)) {
    const key = p[1] ?? '';
    const raw = p[2] ?? '';
    const v = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    switch (key) {
      case 'text':
        spec.text = v;
        break;
      case 'thoughts':
        spec.thoughts = v;
        break;
      case 'name':
        spec.functionName = v;
        break;
      case 'args':
        spec.functionArgs = JSON.parse(v) as { [key: string]: JsonValue };
        break;
      case 'chunks':
        spec.chunks = toInt(key, v);
        break;
      case 'intervalMs':
        spec.intervalMs = toInt(key, v);
        break;
      case 'delayMs':
      case 'ms':
        spec.delayMs = toInt(key, v);
        break;
      case 'after':
        spec.after = toInt(key, v);
        break;
      case 'words':
        spec.words = toInt(key, v);
        break;
      case 'ctrl':
        spec.ctrl = v !== '0' && v !== 'false';
        break;
      case 'wire':
        if (v !== '2026' && v !== 'default') throw new Error(`[[sim:…]] wire=${v}: expected 2026 or default`);
        spec.wire = v;
        break;
      case 'finish':
        spec.finish = toInt(key, v);
        break;
      case 'finishOnly':
        spec.finishOnly = v !== '0' && v !== 'false';
        break;
      case 'calls':
        spec.calls = toInt(key, v);
        break;
      case 'code':
        spec.code = toInt(key, v);
        break;
      case 'reason':
        spec.reason = toInt(key, v);
        break;
      case 'imageBytes':
        spec.imageBytes = toInt(key, v);
        break;
      default:
        throw new Error(`unknown [[sim:${name}]] parameter "${key}"`);
    }
  }
  return spec;
}

/** The prompt without any `[[sim:…]]` keyword (what the echo answer is derived from). */
export function stripKeywords(prompt: string): string {
  return prompt.replace(new RegExp(KEYWORD.source, 'g'), '').trim();
}
