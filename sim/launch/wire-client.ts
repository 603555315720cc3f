// Test helpers for the sim's wire: a raw HTTPS client for the RPC, a request builder, and a
// decoder written independently of sim/wire (the way the older driver reads the stream, docs/aistudio-wire.md:
// a regex per record, the first part classified by its length).

import { request } from 'node:https';
import type { Sim } from '../site/server.ts';
import { encodeRequest, type GenerateRequest } from '../site/wire/request.ts';

export const RPC = '/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/';
export const ORIGIN = 'https://aistudio.google.com';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  arrivals: { at: number; text: string }[];
  error?: string;
}

export function post(
  sim: Sim,
  method: string,
  body: string,
  opts: { origin?: string; abortAfterMs?: number; verb?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve) => {
    const arrivals: Reply['arrivals'] = [];
    const req = request(
      {
        host: '127.0.0.1',
        port: sim.port,
        path: RPC + method,
        method: opts.verb ?? 'POST',
        rejectUnauthorized: false,
        servername: 'alkalimakersuite-pa.clients6.google.com',
        headers: {
          ...(opts.host ? { Host: opts.host } : {}),
          Origin: opts.origin ?? ORIGIN,
          'Content-Type': 'application/json+protobuf',
          'Access-Control-Request-Headers': 'content-type,x-user-agent',
        },
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (text: string) => arrivals.push({ at: Date.now(), text }));
        const done = (error?: string): void =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: arrivals.map((a) => a.text).join(''),
            arrivals,
            ...(error ? { error } : {}),
          });
        res.on('end', () => done());
        res.on('error', (e) => done(e.message));
        res.on('aborted', () => done('aborted'));
      },
    );
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: '', arrivals, error: e.message }));
    if (opts.abortAfterMs !== undefined) setTimeout(() => req.destroy(), opts.abortAfterMs);
    req.end(body);
  });
}

export function gen(prompt: string, over: Partial<GenerateRequest> = {}): string {
  return JSON.stringify(
    encodeRequest({
      model: 'gemini-2.5-pro',
      contents: [{ role: 'user', text: prompt, attachments: [], functionCalls: [] }],
      systemInstruction: null,
      temperature: 1,
      topP: 0.95,
      topK: 64,
      maxOutputTokens: 65536,
      stopSequences: [],
      thinking: { includeThoughts: true, budget: null, level: null },
      tools: { googleSearch: false, urlContext: false, functionDeclarations: null },
      temporaryChat: false,
      ...over,
    }),
  );
}

type Value = null | number | string | boolean | Value[] | { [k: string]: Value };
function typed(v: unknown[]): Value {
  if (v.length === 1) return null;
  if (v.length === 2) return v[1] as number;
  if (v.length === 3) return v[2] as string;
  if (v.length === 4) return v[3] === 1;
  if (v.length === 5) return pairs(v[4]);
  return (v[5] as unknown[][]).map(typed);
}
function pairs(x: unknown): { [k: string]: Value } {
  let cur = x as unknown[];
  while (Array.isArray(cur[0]) && typeof (cur[0] as unknown[])[0] !== 'string') cur = cur[0] as unknown[];
  return Object.fromEntries((cur as [string, unknown[]][]).map(([k, v]) => [k, typed(v)]));
}
export function decode(body: string): {
  text: string;
  thoughts: string;
  calls: { name: string; args: Value }[];
  thoughtParts: unknown[][];
} {
  const out = { text: '', thoughts: '', calls: [] as { name: string; args: Value }[], thoughtParts: [] as unknown[][] };
  for (const m of body.matchAll(/\[\[\[null,.*?]],"model"]/g)) {
    const part = (JSON.parse(m[0]) as unknown[][][])[0]?.[0] as unknown[];
    if (part.length === 2) out.text += part[1] as string;
    else if (part.length === 11 && Array.isArray(part[10]))
      out.calls.push({ name: part[10][0] as string, args: pairs(part[10][1]) });
    else {
      out.thoughts += part[1] as string;
      out.thoughtParts.push(part);
    }
  }
  return out;
}
export const ctrlFree = (s: string): string => s.replace(/<ctrl\d+>/g, '');
