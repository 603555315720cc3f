import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/job.ts';
import type { TabInfo } from '../../../../protocol/messages.ts';
import { admitJob, checkBodyShape, REQUEST_LIMITS, type AdmittedJob } from '../../../../bridge/pool/admission.ts';
import { WriteGuard } from '../../../../bridge/run/write-guard.ts';
import { installLastResortGuard } from '../../../../bridge/last-resort.ts';
import { isLoopbackAddress, normaliseAddress, PairingGuard } from '../../../../bridge/link/pairing-guard.ts';
import { silentLogger, type Logger } from '../../../../bridge/logger.ts';
import { JobPool } from '../../../../bridge/pool/pool.ts';
import type { JobEnd, JobSink, LinkPort, ProgressEvent } from '../../../../bridge/pool/types.ts';
import { ManualTimers } from '../fake-timers.ts';

const request: JobRequest = { model: null, systemInstruction: null, prompt: 'hi', settings: {} };
const tab = (tabId: string): TabInfo => ({
  tabId,
  url: 'https://aistudio.google.com/',
  model: 'gemini-2.5-pro',
  health: { ok: true, missing: [], checkedAt: 0 },
});

const badRequest = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { status: number; param: string | null; message: string };
  }
  throw new Error('expected a 400');
};

describe('checkBodyShape', () => {
  const nest = (levels: number, leaf: unknown = 1): unknown => {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  };

  it('names the opaque field a too-deep value sits in, else the top-level field', () => {
    const opaque = ['tools[].function.parameters', 'response_format.json_schema.schema'];
    const tools = { tools: [{ function: { name: 'ok' } }, { function: { parameters: nest(100) } }] };
    expect(badRequest(() => checkBodyShape(tools, opaque))).toMatchObject({
      status: 400,
      param: 'tools[1].function.parameters',
    });
    expect(
      badRequest(() => checkBodyShape({ response_format: { json_schema: { schema: nest(100) } } }, opaque)).param,
    ).toBe('response_format.json_schema.schema');
    expect(badRequest(() => checkBodyShape({ list: [[nest(100)]] }, opaque)).param).toBe('list[0]');
    expect(badRequest(() => checkBodyShape({ other: nest(100) }, opaque)).param).toBe('other');
  });

  it('takes nesting up to the limit and refuses one level more', () => {
    // the body itself is level 1
    expect(() => checkBodyShape(nest(REQUEST_LIMITS.maxDepth))).not.toThrow();
    expect(badRequest(() => checkBodyShape(nest(REQUEST_LIMITS.maxDepth + 1))).message).toContain(
      `nested deeper than ${REQUEST_LIMITS.maxDepth} levels`,
    );
  });

  it('walks 100,000 levels without recursion', () => {
    expect(badRequest(() => checkBodyShape(nest(100_000))).status).toBe(400);
  });

  it('counts values', () => {
    const limits = { ...REQUEST_LIMITS, maxValues: 1000 };
    expect(() => checkBodyShape({ a: new Array(998).fill(0) }, [], limits)).not.toThrow();
    expect(badRequest(() => checkBodyShape({ a: new Array(999).fill(0) }, [], limits))).toMatchObject({
      status: 400,
      param: 'a[998]',
    });
  });

  it('admitJob serialises once and keeps the text', () => {
    const admitted = admitJob(request);
    expect(JSON.parse(admitted.json)).toEqual(request);
  });
});

class Port implements LinkPort {
  starts: string[] = [];
  cancels: string[] = [];
  constructor(
    readonly id: string,
    private readonly failFor: (job: AdmittedJob) => boolean,
  ) {}
  startJob(_tabId: string, jobId: string, job: AdmittedJob): boolean {
    if (this.failFor(job)) throw new RangeError('Maximum call stack size exceeded');
    this.starts.push(jobId);
    return true;
  }
  cancelJob(jobId: string): void {
    this.cancels.push(jobId);
  }
}

class Sink implements JobSink {
  ends: JobEnd[] = [];
  constructor(private readonly throwOn: 'event' | 'end' | null = null) {}
  onEvent(_e: ProgressEvent): void {
    if (this.throwOn === 'event') throw new Error('response broke');
  }
  onEnd(end: JobEnd): void {
    this.ends.push(end);
    if (this.throwOn === 'end') throw new Error('response broke');
  }
  get status(): number | 'ok' | null {
    const end = this.ends[0];
    return end === undefined ? null : end.ok ? 'ok' : end.error.status;
  }
}

function setup() {
  const timers = new ManualTimers();
  const errors: string[] = [];
  const logger: Logger = { ...silentLogger, error: (m) => errors.push(m) };
  const pool = new JobPool({
    timeouts: { firstTokenMs: 1000, idleMs: 500, totalMs: 5000, queueWaitMs: 3000 },
    maxQueue: 10,
    timers,
    logger,
    cancelGraceMs: 200,
  });
  const port = new Port('c1', (job) => job.request.prompt === 'poison');
  pool.connectionOpened(port);
  pool.tabReady(port, tab('1'));
  return { timers, pool, port, errors };
}

describe('JobPool never lets one job take the bridge down', () => {
  it('ends a job that fails to start with a 500 and frees its tab (submitted on a free tab)', () => {
    const { pool, port, errors } = setup();
    const sink = new Sink();
    pool.submit({ ...request, prompt: 'poison' }, sink);
    expect(sink.status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(pool.tabs()[0]?.busy).toBe(false);
    const next = new Sink();
    const handle = pool.submit(request, next);
    expect(port.starts).toEqual([handle.id]);
  });

  it('dispatching from the extension handler skips a failing job and starts the next one', () => {
    const { pool, port } = setup();
    const first = pool.submit(request, new Sink());
    const poisoned = new Sink();
    pool.submit({ ...request, prompt: 'poison' }, poisoned);
    const third = pool.submit(request, new Sink());
    // what the WebSocket handler calls when the busy tab finishes
    expect(() => pool.jobEvent(port, first.id, { kind: 'done' })).not.toThrow();
    expect(poisoned.status).toBe(500);
    expect(port.starts).toEqual([first.id, third.id]);
  });

  it('a response that throws on an event ends its job (500) and stops the run on the page', () => {
    const { pool, port, timers } = setup();
    const sink = new Sink('event');
    const handle = pool.submit(request, sink);
    expect(() => pool.jobEvent(port, handle.id, { kind: 'text', text: 'x' })).not.toThrow();
    expect(sink.status).toBe(500);
    expect(port.cancels).toEqual([handle.id]);
    timers.advance(200);
    expect(pool.tabs()[0]?.busy).toBe(false);
  });

  it('a response that throws while ending does not stop the pool', () => {
    const { pool, port } = setup();
    const handle = pool.submit(request, new Sink('end'));
    const next = pool.submit(request, new Sink());
    expect(() => pool.jobEvent(port, handle.id, { kind: 'done' })).not.toThrow();
    expect(port.starts).toEqual([handle.id, next.id]);
  });
});

describe('PairingGuard', () => {
  it('refuses an address after 5 failures in a minute, for 30 s doubling up to 5 min; success clears it', () => {
    const timers = new ManualTimers();
    const guard = new PairingGuard(timers);
    for (let i = 0; i < 4; i++) guard.failed('10.0.0.1');
    expect(guard.retryAfterMs('10.0.0.1')).toBe(0);
    guard.failed('10.0.0.1');
    expect(guard.retryAfterMs('10.0.0.1')).toBe(30_000);
    expect(guard.retryAfterMs('10.0.0.2')).toBe(0);
    timers.advance(30_000);
    for (let i = 0; i < 5; i++) guard.failed('10.0.0.1');
    expect(guard.retryAfterMs('10.0.0.1')).toBe(60_000);
    for (let round = 0; round < 10; round++) {
      timers.advance(300_000);
      for (let i = 0; i < 5; i++) guard.failed('10.0.0.1');
    }
    expect(guard.retryAfterMs('10.0.0.1')).toBe(300_000);
    guard.succeeded('10.0.0.1');
    expect(guard.retryAfterMs('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window and remembers a bounded number of addresses', () => {
    const timers = new ManualTimers();
    const guard = new PairingGuard(timers, {
      maxFailures: 2,
      windowMs: 1000,
      blockMs: 500,
      maxBlockMs: 500,
      maxAddresses: 3,
    });
    guard.failed('a');
    timers.advance(1001);
    guard.failed('a');
    expect(guard.retryAfterMs('a')).toBe(0);
    guard.failed('a');
    expect(guard.retryAfterMs('a')).toBe(500);
    for (const other of ['b', 'c', 'd']) guard.failed(other);
    expect(guard.retryAfterMs('a')).toBe(0);
  });

  it('recognises loopback peers, also IPv4-mapped ones', () => {
    expect(
      ['127.0.0.1', '::1', '127.3.2.1', '::ffff:127.0.0.1'].map((a) => isLoopbackAddress(normaliseAddress(a))),
    ).toEqual([true, true, true, true]);
    expect(
      ['192.0.2.2', '::ffff:10.0.0.1', 'fe80::1', '', '0.0.0.0'].map((a) => isLoopbackAddress(normaliseAddress(a))),
    ).toEqual([false, false, false, false, false]);
  });
});

class FakeResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  destroyReason: Error | undefined;
  socket = { bytesWritten: 0, writableLength: 0 };
  destroy(err?: Error) {
    this.destroyed = true;
    this.destroyReason = err;
    this.emit('close');
  }
}

describe('WriteGuard', () => {
  const setupGuard = () => {
    const res = new FakeResponse();
    const timers = new ManualTimers();
    const overflows: number[] = [];
    const pressure: boolean[] = [];
    const guard = new WriteGuard(
      res as unknown as ServerResponse,
      timers,
      { maxUnsentBytes: 1000, writeTimeoutMs: 100 },
      (n) => overflows.push(n),
      (on) => pressure.push(on),
    );
    return { res, timers, overflows, pressure, guard };
  };

  it('reports an overflow once when more than maxUnsentBytes wait', () => {
    const { res, overflows, guard } = setupGuard();
    res.writableLength = 900;
    guard.wrote(false);
    expect(overflows).toEqual([]);
    res.writableLength = 1500;
    guard.wrote(false);
    res.writableLength = 2500;
    guard.wrote(false);
    expect(overflows).toEqual([1500]);
  });

  it('cuts a socket that takes less than 16 KiB per write timeout while data waits, not one that progresses', () => {
    const { res, timers, guard } = setupGuard();
    res.writableLength = 500;
    guard.wrote(false);
    res.socket.bytesWritten += 20_000;
    timers.advance(100);
    expect(res.destroyed).toBe(false);
    res.socket.bytesWritten += 100;
    timers.advance(100);
    expect(res.destroyed).toBe(true);
    expect(res.destroyReason?.message).toMatch(/write timeout/);
  });

  it('asks the link to stop pulling past a quarter of the cap, and to pull again on drain or at the end', () => {
    const { res, pressure, guard } = setupGuard();
    res.writableLength = 200;
    guard.wrote(false);
    expect(pressure).toEqual([]);
    res.writableLength = 300;
    guard.wrote(false);
    guard.wrote(false);
    expect(pressure).toEqual([true]);
    res.emit('drain');
    expect(pressure).toEqual([true, false]);
    guard.wrote(false);
    guard.ended();
    expect(pressure).toEqual([true, false, true, false]);
  });

  it('stops watching once everything was taken', () => {
    const { res, timers, guard } = setupGuard();
    res.writableLength = 500;
    guard.ended();
    res.writableLength = 0;
    timers.advance(1000);
    expect(res.destroyed).toBe(false);
  });
});

describe('last-resort guard', () => {
  it('logs what escaped to the event loop and keeps the process up', () => {
    const proc = new EventEmitter();
    const logged: string[] = [];
    const uninstall = installLastResortGuard(
      { ...silentLogger, error: (m) => logged.push(m) },
      proc as unknown as NodeJS.Process,
    );
    proc.emit('uncaughtException', new RangeError('Maximum call stack size exceeded'));
    proc.emit('unhandledRejection', new Error('lost'));
    expect(logged).toEqual([
      'uncaught exception (a bug in the bridge; it keeps serving)',
      'unhandled promise rejection (a bug in the bridge; it keeps serving)',
    ]);
    uninstall();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
  });
});
