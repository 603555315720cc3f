import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../protocol/job.ts';
import type { TabInfo } from '../../../../protocol/messages.ts';
import { admitJob } from '../../../../bridge/pool/admission.ts';
import { ExtensionConnection, MAX_PAUSE_MS, type ConnectionDeps } from '../../../../bridge/link/connection.ts';
import type { Logger } from '../../../../bridge/logger.ts';
import { FakeSocket, linkDeps, Sink } from './fakes.ts';

/** A connection that has paired (its welcome and selectors frames already cleared). */
function paired(overrides: Partial<ConnectionDeps> = {}) {
  const setup = linkDeps(overrides);
  const socket = new FakeSocket();
  const connection = new ExtensionConnection('c3', socket.asWebSocket(), setup.deps);
  socket.pair({}, { account: 'Work' });
  expect(connection.isPaired).toBe(true);
  socket.raw.length = 0;
  setup.logger.lines.length = 0;
  return { ...setup, socket, connection };
}

const request: JobRequest = { model: 'gemini-2.5-pro', systemInstruction: null, prompt: 'hi', settings: {} };
const tab = (tabId: string): TabInfo => ({
  tabId,
  url: 'https://aistudio.google.com/prompts/new_chat',
  model: 'gemini-2.5-pro',
  health: { ok: true, missing: [], checkedAt: 0 },
});

describe('ExtensionConnection after pairing', () => {
  it('reports its tabs to the pool (ready, busy, gone) and runs a job on them', () => {
    const { socket, pool } = paired();
    socket.frame('tab.ready', tab('t1'));
    socket.frame('tab.ready', tab('t2'));
    socket.frame('tab.busy', { tabId: 't2', reason: 'reloading' });
    expect(pool.tabs().map((t) => [t.key, t.account, t.ready])).toEqual([
      ['c3/t1', 'Work', true],
      ['c3/t2', 'Work', false],
    ]);
    socket.frame('tab.gone', { tabId: 't2', reason: 'closed' });
    expect(pool.tabs().map((t) => t.key)).toEqual(['c3/t1']);

    const sink = new Sink();
    const handle = pool.submit(request, sink);
    expect(socket.sentOf('job.start')).toEqual([{ jobId: handle.id, tabId: 't1', request }]);
    socket.frame('job.event', { jobId: handle.id, event: { kind: 'text', text: 'Hel' } });
    socket.frame('job.event', { jobId: handle.id, event: { kind: 'started', model: 'gemini-2.5-pro' } });
    socket.frame('job.event', { jobId: handle.id, event: { kind: 'done' } });
    expect(sink.events).toEqual([
      { kind: 'text', text: 'Hel' },
      { kind: 'started', model: 'gemini-2.5-pro' },
    ]);
    expect(sink.ends).toEqual([{ ok: true, finishReason: undefined }]);

    const cancelled = pool.submit(request, new Sink());
    cancelled.cancel('client went away');
    expect(socket.sentOf('job.cancel')).toEqual([{ jobId: cancelled.id, reason: 'client went away' }]);
  });

  it('sends nothing and starts no job once the socket is no longer open', () => {
    const { socket, connection } = paired();
    socket.readyState = 2;
    expect(connection.startJob('t1', 'j1', admitJob(request))).toBe(false);
    connection.cancelJob('j1', 'late');
    expect(socket.raw).toEqual([]);
    socket.readyState = 1;
    expect(connection.startJob('t1', 'j1', admitJob(request))).toBe(true);
    expect(socket.sentOf('job.start')).toEqual([{ jobId: 'j1', tabId: 't1', request }]);
  });

  it('records the page models, the account label, and each tab’s load state until it closes', () => {
    const { socket, connection, models, logger } = paired();
    socket.frame('models', { models: [{ id: 'models/gemini-9' }] });
    expect(models.source).toBe('extension');
    expect(models.list()).toEqual([{ id: 'gemini-9' }]);

    socket.frame('account', { label: 'bob@example.com' });
    expect(connection.account).toBe('b…@example.com');
    socket.frame('account', { label: '  ' });
    expect(connection.info.account).toBe('b…@example.com');
    expect(logger.of('info')).toEqual([
      ['info', 'extension account named', { connection: 'c3', account: 'b…@example.com' }],
      ['info', 'extension account named', { connection: 'c3', account: 'b…@example.com' }],
    ]);

    const load = { tabId: 't1', state: 'loading', problem: null, reason: null, attempts: 0, retryAt: null } as const;
    socket.frame('tab.load', load);
    socket.frame('tab.load', { ...load, tabId: 't2', state: 'loaded' });
    expect([...connection.tabLoads.values()]).toEqual([load, { ...load, tabId: 't2', state: 'loaded' }]);
    socket.frame('tab.load', { ...load, state: 'closed' });
    expect([...connection.tabLoads.keys()]).toEqual(['t2']);
  });

  it('answers ping with pong, stays quiet on pong, logs reported errors, and names frames it does not take', () => {
    const { socket, logger } = paired();
    socket.frame('ping', { t: 42 });
    socket.frame('pong', { t: 43 });
    socket.frame('error', { code: 'internal', message: 'tab crashed' });
    expect(socket.sent).toEqual([{ type: 'pong', data: { t: 42 } }]);
    expect(logger.of('warn')).toEqual([
      ['warn', 'extension reported an error', { connection: 'c3', code: 'internal', message: 'tab crashed' }],
    ]);
    socket.text(JSON.stringify({ id: 'w-1', type: 'welcome', data: { protocolVersion: 1, bridgeVersion: '1' } }));
    socket.text('{"id":');
    expect(socket.sentOf('error')).toEqual([
      { code: 'protocol', message: '"welcome" is not sent by an extension', about: 'w-1' },
      { code: 'protocol', message: 'frame is not JSON' },
    ]);
    expect(socket.closes).toEqual([]);
  });

  it('logs (and survives) an exception while handling a frame, and socket errors at debug level', () => {
    const thrown: unknown[] = [new Error('boom'), 'plain'];
    const base = linkDeps().logger;
    const logger: Logger = {
      ...base,
      info: (message, fields) => {
        if (message === 'extension account named') throw thrown.shift();
        base.info(message, fields);
      },
    };
    const { socket, connection } = paired({ logger });
    socket.frame('account', { label: 'A' });
    socket.frame('account', { label: 'B' });
    socket.emit('error', new Error('ECONNRESET'));
    expect(base.lines.filter((l) => l[0] !== 'info')).toEqual([
      ['error', 'internal error while handling a frame from the extension', { connection: 'c3', error: 'Error: boom' }],
      ['error', 'internal error while handling a frame from the extension', { connection: 'c3', error: 'plain' }],
      ['debug', 'extension socket error', { connection: 'c3', error: 'ECONNRESET' }],
    ]);
    expect(connection.isPaired).toBe(true);
  });
});

describe('ExtensionConnection page reports', () => {
  it('asks for a page report and resolves with the answer, or with [] at the timeout, on close, or when closed', async () => {
    const { socket, connection, timers, logger } = paired();
    const answered = connection.requestPageReport(1000);
    // asked again while one is in flight: the same report, no second walk of every tab's DOM
    const shared = connection.requestPageReport(1000);
    expect(socket.sentOf('page.report.request')).toEqual([{ requestId: 'r1' }]);
    const tabs = [{ tabId: 't1', report: null, error: 'no page' }];
    socket.frame('page.report', { requestId: 'r1', tabs });
    socket.frame('page.report', { requestId: 'r9', tabs });
    expect(await answered).toEqual(tabs);
    expect(await shared).toEqual(tabs);
    // an answer nobody asked for (or that came too late) is dropped without fuss
    expect(logger.of('error')).toEqual([]);
    expect(timers.size).toBe(1); // the heartbeat
    const late = connection.requestPageReport(1000);
    expect(socket.sentOf('page.report.request')).toEqual([{ requestId: 'r1' }, { requestId: 'r2' }]);
    let lateTabs: unknown = 'pending';
    void late.then((t) => (lateTabs = t));
    timers.advance(999);
    await Promise.resolve();
    expect(lateTabs).toBe('pending');
    timers.advance(1);
    expect(await late).toEqual([]);
    expect(timers.size).toBe(1);

    const pending = connection.requestPageReport(60_000);
    socket.peerClosed();
    expect(await pending).toEqual([]);
    expect(await connection.requestPageReport(60_000)).toEqual([]);
    expect(socket.sentOf('page.report.request')).toHaveLength(3);
    expect(timers.size).toBe(0);
  });
});

describe('ExtensionConnection heartbeat and close', () => {
  it('pings every heartbeat and cuts a peer silent for more than three of them', () => {
    const { socket, timers } = paired();
    timers.advance(3000);
    expect(socket.sentOf('ping')).toEqual([{ t: 1000 }, { t: 2000 }, { t: 3000 }]);
    expect(socket.terminated).toBe(0);
    timers.advance(999);
    expect(socket.terminated).toBe(0);
    timers.advance(1);
    expect(socket.terminated).toBe(1);
    expect(socket.sentOf('ping')).toHaveLength(3);
  });

  it('keeps a peer that answers', () => {
    const { socket, timers } = paired();
    for (let i = 0; i < 10; i++) {
      timers.advance(1000);
      socket.frame('pong', { t: timers.now() });
    }
    expect(socket.sentOf('ping')).toHaveLength(10);
    expect(socket.terminated).toBe(0);
  });

  it('on close leaves the pool, resolves nothing twice and leaves no timer behind', () => {
    const { socket, connection, pool, logger, timers } = paired();
    socket.frame('tab.ready', tab('t1'));
    connection.throttle('j1', true);
    socket.peerClosed();
    expect(connection.isPaired).toBe(false);
    expect(pool.stats()).toMatchObject({ connections: 0, tabs: 0 });
    expect(logger.of('info')).toEqual([['info', 'extension disconnected', { connection: 'c3' }]]);
    expect(timers.size).toBe(0);
    // closing an unpaired connection tells nobody
    const setup = linkDeps();
    const early = new FakeSocket();
    new ExtensionConnection('c4', early.asWebSocket(), setup.deps);
    early.peerClosed();
    expect(setup.logger.lines).toEqual([]);
    expect(setup.timers.size).toBe(0);
  });

  it('close() and terminate() end the socket with the code given', () => {
    const { socket, connection } = paired();
    connection.close(1001, 'bridge shutting down');
    expect(socket.closes).toEqual([{ code: 1001, reason: 'bridge shutting down' }]);
    const other = paired();
    other.connection.terminate();
    expect(other.socket.terminated).toBe(1);
  });
});

describe('ExtensionConnection throttle', () => {
  it(`pauses reading while a client is behind, for at most ${MAX_PAUSE_MS} ms, and resumes when all caught up`, () => {
    const { socket, connection, timers } = paired();
    connection.throttle('a', true);
    connection.throttle('b', true);
    expect([socket.isPaused, socket.pauses]).toEqual([true, 1]);
    timers.advance(MAX_PAUSE_MS - 1);
    expect(socket.isPaused).toBe(true);
    timers.advance(1);
    expect([socket.isPaused, socket.resumes]).toEqual([false, 1]);
    // the pause is spent while the same clients stay behind: another one does not pause again
    connection.throttle('c', true);
    expect(socket.pauses).toBe(1);
    connection.throttle('a', false);
    connection.cancelJob('b', 'gone');
    connection.throttle('c', false);
    expect([socket.pauses, socket.resumes]).toEqual([1, 1]);
    // all caught up: the next client behind gets a fresh pause, ended early when it catches up
    connection.throttle('d', true);
    expect(socket.pauses).toBe(2);
    connection.throttle('zzz', false);
    expect(socket.isPaused).toBe(true);
    connection.cancelJob('d', 'done');
    expect([socket.isPaused, socket.resumes]).toEqual([false, 2]);
    expect(timers.size).toBe(1); // only the heartbeat: the pause timer is gone
    timers.advance(MAX_PAUSE_MS);
    expect(socket.resumes).toBe(2);
  });
});
