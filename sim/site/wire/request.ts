// The GenerateContent request body, shared by the simulated page (encode) and server (decode).
// Drivers never parse the real body (docs/aistudio-wire.md#generatecontent-request), so this positional layout is our
// choice, modelled on what request-replaying peers document (json+protobuf arrays):
//   [0] "models/<id>"
//   [1] contents: [[parts], role][]  parts: [null,"text"] | [null,null,[mime,base64]] | call part (length 11)
//   [2] safety settings: [[category, threshold]]
//   [3] generation config: [1] stopSequences, [3] maxOutputTokens, [4] temperature, [5] topP, [6] topK,
//       [7] response MIME type, [8] response schema (wire/schema.ts), [14] response modalities (TEXT 1, IMAGE 2),
//       [13] 1 = include thought summaries, [16] thinking config [includeThoughts 1|0, budget|null, null, level|null],
//       [26] image config [aspectRatioCode|null, sizeCode|null] (codes of wire/models.ts)
//   [4] attestation token (the real page sends a BotGuard snapshot here)
//   [5] system instruction: [[[null,"text"]],"user"] | null
//   [6] tools: [[declarations]] function declarations · [null,null,null,[]] Google Search · [null×7,[]] URL context
//       · [[]] code execution (slots of the 2026 tools after Mag1cFall/AIStudio2API (its protocol write-up))
//   [10] 1 when the chat is a temporary chat (sim-only slot)
// Thinking levels on the wire: 1 low, 2 medium, 3 high, 4 minimal.

import { ASPECT_RATIO_CODES, IMAGE_SIZE_CODES } from './models.ts';
import { callPart, decodePart } from './response.ts';
import { decodeSchema, encodeSchema } from './schema.ts';
import type { JsonValue } from './typed-args.ts';

export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';
export interface Attachment {
  mimeType: string;
  data: string;
}
export interface FunctionCall {
  name: string;
  args: { [key: string]: JsonValue };
}
export interface Turn {
  role: 'user' | 'model';
  text: string;
  attachments: Attachment[];
  functionCalls: FunctionCall[];
}
export interface FunctionDeclaration {
  name: string;
  description?: string;
  parameters?: JsonValue;
}
/** includeThoughts false + budget 0 = thinking off; budget null = automatic budget. */
export interface ThinkingSettings {
  includeThoughts: boolean;
  budget: number | null;
  level: ThinkingLevel | null;
}
export interface Tools {
  googleSearch: boolean;
  urlContext: boolean;
  functionDeclarations: FunctionDeclaration[] | null;
  /** The Code execution switch (absent = off). */
  codeExecution?: boolean;
}
interface ImageConfig {
  aspectRatio: string | null;
  imageSize: string | null;
}

export interface GenerateRequest {
  model: string;
  contents: Turn[];
  systemInstruction: string | null;
  temperature: number;
  topP: number;
  topK: number;
  maxOutputTokens: number;
  stopSequences: string[];
  thinking: ThinkingSettings | null;
  tools: Tools;
  temporaryChat: boolean;
  /** Structured output: `application/json` and the schema (JSON form) while the switch is on; absent = off. */
  responseMimeType?: string | null;
  responseSchema?: { [key: string]: JsonValue } | null;
  /** Image models ask for IMAGE and TEXT. */
  responseModalities?: ('TEXT' | 'IMAGE')[] | null;
  imageConfig?: ImageConfig | null;
}

const LEVELS: ThinkingLevel[] = ['low', 'medium', 'high', 'minimal'];
const SAFETY_OFF = [
  [7, 5],
  [8, 5],
  [9, 5],
  [10, 5],
];

function encodeTurn(t: Turn): unknown[] {
  const parts: unknown[] = [];
  if (t.text) parts.push([null, t.text]);
  for (const a of t.attachments) parts.push([null, null, [a.mimeType, a.data]]);
  for (const c of t.functionCalls) parts.push(callPart(c.name, c.args));
  return [parts, t.role];
}

export function encodeRequest(r: GenerateRequest): unknown[] {
  const gen: unknown[] = new Array(17).fill(null);
  gen[1] = r.stopSequences;
  gen[3] = r.maxOutputTokens;
  gen[4] = r.temperature;
  gen[5] = r.topP;
  gen[6] = r.topK;
  if (r.thinking) {
    gen[13] = r.thinking.includeThoughts ? 1 : null;
    const level = r.thinking.level ? LEVELS.indexOf(r.thinking.level) + 1 : null;
    gen[16] = [r.thinking.includeThoughts ? 1 : 0, r.thinking.budget, null, level];
  }
  if (r.responseMimeType) gen[7] = r.responseMimeType;
  if (r.responseSchema) gen[8] = encodeSchema(r.responseSchema);
  if (r.responseModalities) gen[14] = r.responseModalities.map((m) => (m === 'IMAGE' ? 2 : 1));
  if (r.imageConfig) {
    const code = (list: readonly string[], v: string | null): number | null => (v ? list.indexOf(v) + 1 || null : null);
    gen[26] = [code(ASPECT_RATIO_CODES, r.imageConfig.aspectRatio), code(IMAGE_SIZE_CODES, r.imageConfig.imageSize)];
  }
  const tools: unknown[] = [];
  if (r.tools.functionDeclarations) {
    tools.push([
      r.tools.functionDeclarations.map((d) => [d.name, d.description ?? null, null, null, null, d.parameters ?? null]),
    ]);
  }
  if (r.tools.googleSearch) tools.push([null, null, null, []]);
  if (r.tools.urlContext) tools.push([null, null, null, null, null, null, null, []]);
  if (r.tools.codeExecution) tools.push([[]]);
  const body: unknown[] = [
    `models/${r.model}`,
    r.contents.map(encodeTurn),
    SAFETY_OFF,
    gen,
    'sim-attestation',
    r.systemInstruction ? [[[null, r.systemInstruction]], 'user'] : null,
    tools.length ? tools : null,
  ];
  if (r.temporaryChat) body.push(null, null, null, 1);
  return body;
}

const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown, fallback: number): number => (typeof x === 'number' ? x : fallback);

function decodeTurn(raw: unknown): Turn {
  const [parts, role] = arr(raw);
  if (role !== 'user' && role !== 'model') throw new Error(`bad role ${String(role)}`);
  const turn: Turn = { role, text: '', attachments: [], functionCalls: [] };
  for (const p of arr(parts)) {
    const inline = arr(p)[2];
    if (Array.isArray(inline) && typeof inline[0] === 'string' && typeof inline[1] === 'string') {
      turn.attachments.push({ mimeType: inline[0], data: inline[1] });
      continue;
    }
    const d = decodePart(p);
    if (d.kind === 'text') turn.text += d.text;
    else if (d.kind === 'call') turn.functionCalls.push({ name: d.name, args: d.args });
  }
  return turn;
}

function decodeTools(raw: unknown): Tools {
  const tools: Tools = { googleSearch: false, urlContext: false, functionDeclarations: null, codeExecution: false };
  for (const t of arr(raw)) {
    const tool = arr(t);
    if (tool.length === 1 && Array.isArray(tool[0]) && tool[0].length === 0) tools.codeExecution = true;
    else if (Array.isArray(tool[0])) {
      tools.functionDeclarations = tool[0].map((d) => {
        const [name, description, , , , parameters] = arr(d);
        if (typeof name !== 'string') throw new Error('function declaration without a name');
        const decl: FunctionDeclaration = { name };
        if (typeof description === 'string') decl.description = description;
        if (parameters != null) decl.parameters = parameters as JsonValue;
        return decl;
      });
    } else if (tool.length === 4) tools.googleSearch = true;
    else if (tool.length === 8) tools.urlContext = true;
  }
  return tools;
}

/** Parses a request body; throws on a shape the simulated page would never send. */
export function decodeRequest(body: unknown): GenerateRequest {
  const b = arr(body);
  if (typeof b[0] !== 'string' || !b[0].startsWith('models/')) throw new Error('missing model');
  const gen = arr(b[3]);
  const tc = gen[16];
  let thinking: ThinkingSettings | null = null;
  if (Array.isArray(tc)) {
    const level = typeof tc[3] === 'number' ? (LEVELS[tc[3] - 1] ?? null) : null;
    thinking = { includeThoughts: tc[0] === 1, budget: typeof tc[1] === 'number' ? tc[1] : null, level };
  }
  const sys = arr(b[5]);
  const sysText = arr(sys[0])
    .map((p) => decodePart(p))
    .map((d) => (d.kind === 'text' ? d.text : ''))
    .join('');
  return {
    model: b[0].slice('models/'.length),
    contents: arr(b[1]).map(decodeTurn),
    systemInstruction: sysText || null,
    temperature: num(gen[4], 1),
    topP: num(gen[5], 0.95),
    topK: num(gen[6], 64),
    maxOutputTokens: num(gen[3], 8192),
    stopSequences: arr(gen[1]).filter((s): s is string => typeof s === 'string'),
    thinking,
    tools: decodeTools(b[6]),
    temporaryChat: b[10] === 1,
    responseMimeType: typeof gen[7] === 'string' ? gen[7] : null,
    responseSchema: Array.isArray(gen[8]) ? decodeSchema(gen[8]) : null,
    responseModalities: Array.isArray(gen[14]) ? gen[14].map((m) => (m === 2 ? 'IMAGE' : 'TEXT')) : null,
    imageConfig: decodeImageConfig(gen[26]),
  };
}

function decodeImageConfig(raw: unknown): ImageConfig | null {
  if (!Array.isArray(raw)) return null;
  const pick = (list: readonly string[], v: unknown): string | null =>
    typeof v === 'number' ? (list[v - 1] ?? null) : null;
  return { aspectRatio: pick(ASPECT_RATIO_CODES, raw[0]), imageSize: pick(IMAGE_SIZE_CODES, raw[1]) };
}
