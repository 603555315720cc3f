// The simulated MakerSuiteService RPCs: GenerateContent (streamed) and ListModels, with the CORS
// answers a cross-origin, credentialed XHR from the page needs (including the preflight).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { withExtras } from './answer-extras.ts';
import { planAnswer, type AnswerPlan } from './answers.ts';
import type { RunLog, RunRecord } from './runs.ts';
import { parseKeyword, type ScenarioSource, type ScenarioSpec, type WireVariant } from './scenarios.ts';
import { streamAnswer } from './stream-writer.ts';
import { wireRecords } from './wire-records.ts';
import { DEFAULT_GRPC_MESSAGES, GRPC, blockedFrame, errorBody, responseId, trailerFrame } from './wire/frames-2026.ts';
import { listModelsBody } from './wire/models.ts';
import { decodeRequest, type GenerateRequest } from './wire/request.ts';

export const RPC_PREFIX = '/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RpcContext {
  log: RunLog;
  allowedOrigins: ReadonlySet<string>;
  currentScenario: () => ScenarioSpec | null;
  /** the scenario set for the requesting profile's account (sim/site/accounts.ts), if any */
  accountScenario?: (req: IncomingMessage) => ScenarioSpec | null;
  /** the wire variant when the scenario names none (startSim's `wire` option) */
  wire: WireVariant;
  closing: AbortSignal;
}

function corsHeaders(req: IncomingMessage, allowed: ReadonlySet<string>): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !allowed.has(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_BODY_BYTES) reject(new Error('request body too large'));
      else parts.push(b);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function chooseScenario(
  prompt: string,
  ctx: RpcContext,
  req: IncomingMessage,
): { spec: ScenarioSpec; source: ScenarioSource } {
  const keyword = parseKeyword(prompt);
  if (keyword) return { spec: keyword, source: 'keyword' };
  const set = ctx.accountScenario?.(req) ?? ctx.currentScenario();
  return set ? { spec: set, source: 'setScenario' } : { spec: { name: 'echo' }, source: 'default' };
}

function newRun(
  index: number,
  pageId: string | null,
  r: GenerateRequest,
  spec: ScenarioSpec,
  source: ScenarioSource,
  plan: AnswerPlan,
): RunRecord {
  const last = r.contents.at(-1);
  return {
    index,
    pageId,
    request: {
      prompt: last?.role === 'user' ? last.text : '',
      history: r.contents.slice(0, -1),
      systemInstruction: r.systemInstruction,
      model: r.model,
      temperature: r.temperature,
      topP: r.topP,
      topK: r.topK,
      maxOutputTokens: r.maxOutputTokens,
      stopSequences: r.stopSequences,
      thinking: r.thinking,
      tools: r.tools,
      attachments: last?.attachments ?? [],
      temporaryChat: r.temporaryChat,
      responseMimeType: r.responseMimeType ?? null,
      responseSchema: r.responseSchema ?? null,
      responseModalities: r.responseModalities ?? null,
      imageConfig: r.imageConfig ?? null,
      raw: r,
    },
    scenario: spec,
    scenarioSource: source,
    answer: plan.answer,
    thoughts: plan.thoughts,
    functionCalls: plan.functionCalls,
    images: plan.images ?? [],
    code: plan.code ?? null,
    grounding: plan.grounding ?? null,
    finishReason: plan.finishReason,
    sentAnswer: '',
    sentThoughts: '',
    receivedAt: Date.now(),
    firstChunkAt: null,
    chunkTimes: [],
    endedAt: null,
    outcome: 'pending',
    abortedAt: null,
  };
}

function fail(res: ServerResponse, status: number, headers: Record<string, string>, message: string): void {
  // Google RPC errors in json+protobuf are [code, message]; 3 = INVALID_ARGUMENT, 8 = RESOURCE_EXHAUSTED.
  const code = status === 429 ? 8 : 3;
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json+protobuf; charset=UTF-8' });
  res.end(JSON.stringify([code, message]));
}

async function generateContent(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RpcContext,
  cors: Record<string, string>,
): Promise<void> {
  let parsed: GenerateRequest;
  let chosen: { spec: ScenarioSpec; source: ScenarioSource };
  try {
    parsed = decodeRequest(JSON.parse(await readBody(req)));
    chosen = chooseScenario(parsed.contents.at(-1)?.text ?? '', ctx, req);
  } catch (e) {
    fail(res, 400, cors, e instanceof Error ? e.message : String(e));
    return;
  }
  const { spec, source } = chosen;
  const plan = withExtras(planAnswer(parsed, spec), parsed, spec);
  const pageId = req.headers['x-sim-page-id'];
  const run = newRun(ctx.log.runs.length, typeof pageId === 'string' ? pageId : null, parsed, spec, source, plan);
  ctx.log.addRun(run);
  if (spec.name === 'quota') {
    fail(res, 429, cors, 'Resource has been exhausted (e.g. check quota).');
    ctx.log.finish(run, 'quota');
    return;
  }
  const promptWords = (run.request.prompt.match(/\S+/g) ?? []).length;
  if (spec.name === 'rpc-error' || spec.name === 'blocked') {
    // Both answer 200: the failure is in the body (docs/aistudio-wire.md#errors).
    const code = spec.code ?? GRPC.RESOURCE_EXHAUSTED;
    const body =
      spec.name === 'blocked'
        ? `[${blockedFrame(responseId(run.index), spec.reason ?? 1, promptWords)}\n,${trailerFrame(run.index + 1)}\n]`
        : errorBody(code, spec.text ?? DEFAULT_GRPC_MESSAGES[code] ?? `gRPC status ${code}`);
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json+protobuf; charset=UTF-8' });
    run.firstChunkAt = Date.now();
    res.end(body, () =>
      ctx.log.finish(
        run,
        spec.name === 'blocked' ? 'completed' : code === GRPC.RESOURCE_EXHAUSTED ? 'quota' : 'rejected',
      ),
    );
    return;
  }
  const recs = wireRecords(plan, promptWords, spec.wire ?? ctx.wire, run.index, spec.finishOnly ?? false);
  await streamAnswer(
    res,
    recs,
    run,
    ctx.log,
    {
      firstDelayMs: spec.name === 'slow-first' ? (spec.delayMs ?? 3000) : 60,
      intervalMs: spec.intervalMs ?? (spec.name === 'long' ? 50 : 25),
      failAfter: spec.name === 'fail-mid' ? (spec.after ?? 3) : null,
      stallAfter: spec.name === 'stall' ? (spec.after ?? 0) : null,
    },
    cors,
    ctx.closing,
  );
}

/** Handles a request under RPC_PREFIX. */
export async function handleRpc(req: IncomingMessage, res: ServerResponse, ctx: RpcContext): Promise<void> {
  const cors = corsHeaders(req, ctx.allowedOrigins);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...cors,
      'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'content-type',
      'Access-Control-Allow-Private-Network': 'true',
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return;
  }
  const method = (req.url ?? '').slice(RPC_PREFIX.length).split('?')[0];
  if (method === 'ListModels') {
    ctx.log.listModelsCalls++;
    ctx.log.event({ type: 'list-models', at: Date.now() });
    await readBody(req);
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json+protobuf; charset=UTF-8' });
    res.end(listModelsBody(undefined, ctx.currentScenario()?.wire ?? ctx.wire));
    return;
  }
  if (method === 'CountTokens') {
    // Body [model, contents]: 1 token = 1 whitespace-separated word of the contents' strings, like the answers' budget.
    let tokens = 0;
    try {
      const walk = (v: unknown): void => {
        if (typeof v === 'string') tokens += (v.match(/\S+/g) ?? []).length;
        else if (Array.isArray(v)) v.forEach(walk);
      };
      const body: unknown = JSON.parse(await readBody(req));
      const contents = Array.isArray(body) && Array.isArray(body[1]) ? body[1] : [];
      for (const turn of contents) walk(Array.isArray(turn) ? turn[0] : null);
    } catch {
      return fail(res, 400, cors, 'bad CountTokens body');
    }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json+protobuf; charset=UTF-8' });
    res.end(JSON.stringify([tokens]));
    return;
  }
  if (method === 'GenerateContent' && req.method === 'POST') return generateContent(req, res, ctx, cors);
  fail(res, 404, cors, `unknown method ${method}`);
}
