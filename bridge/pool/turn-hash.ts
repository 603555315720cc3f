import { createHash } from 'node:crypto';

/** A conversation turn as the kept-chat matching sees it: roles as OpenAI names them. */
export type TurnRole = 'user' | 'assistant' | 'tool';

export interface TurnContent {
  role: TurnRole;
  /** the text as typed (user, tool) or as the page produced it (assistant) */
  text: string;
  /** function calls of an assistant turn: name and arguments (JSON text or any text) */
  calls?: ReadonlyArray<{ name: string; arguments: string }>;
  /** the bytes of the turn's files (base64), in order */
  files?: readonly string[];
}

const sha = (s: string): string => createHash('sha256').update(s).digest('base64url');

/**
 * One turn's identity by content. Normalised so that what a client echoes back equals what the
 * page produced: line endings, surrounding whitespace, JSON key order and spacing of call
 * arguments. Ids (tool-call ids, response ids) are left out on purpose: they are the client's
 * or the bridge's inventions, and a match must never rest on a client-sent id.
 */
export function turnHash(turn: TurnContent): string {
  const text = turn.text.replace(/\r\n?/g, '\n').trim();
  const calls = (turn.calls ?? []).map((c) => [c.name, canonicalArgs(c.arguments)]);
  const files = (turn.files ?? []).map(sha);
  return sha(JSON.stringify([turn.role, text, calls, files]));
}

/** Hash of any value that fixes a chat (model, system instruction, tool declarations). */
export const valueHash = (value: unknown): string => sha(JSON.stringify(value ?? null));

function canonicalArgs(args: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(args || '{}')));
  } catch {
    return args.trim();
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) out[key] = sortKeys((v as Record<string, unknown>)[key]);
  return out;
}
