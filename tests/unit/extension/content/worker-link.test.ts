import { describe, expect, it, vi } from 'vitest';
import { CONTENT_PORT_NAME, type ContentEnvelope } from '../../../../protocol/content.ts';
import { connectWorker } from '../../../../extension/content/worker-link.ts';

type Listener<T> = (value: T) => void;

class FakePort {
  posted: unknown[] = [];
  disconnected = false;
  private readonly messageListeners: Listener<unknown>[] = [];
  private readonly disconnectListeners: Listener<void>[] = [];
  constructor(readonly name: string) {}
  onMessage = { addListener: (l: Listener<unknown>) => this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: Listener<void>) => this.disconnectListeners.push(l) };
  postMessage(m: unknown): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(m);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** the worker side sends a message */
  deliver(m: unknown): void {
    for (const l of this.messageListeners) l(m);
  }
  /** the worker went away */
  drop(): void {
    this.disconnected = true;
    for (const l of this.disconnectListeners) l();
  }
}

function fakeRuntime() {
  const ports: FakePort[] = [];
  const runtime = {
    id: 'ext' as string | undefined,
    lastError: undefined,
    connect: ({ name }: { name: string }) => {
      const port = new FakePort(name);
      ports.push(port);
      return port;
    },
  };
  return { ports, runtime };
}

const types = (port: FakePort | undefined): string[] => (port?.posted ?? []).map((m) => (m as ContentEnvelope).type);

describe('worker link', () => {
  it('connects with the content port name, hands parsed messages over and drops invalid ones', () => {
    const { ports, runtime } = fakeRuntime();
    const got: ContentEnvelope[] = [];
    connectWorker({
      signal: new AbortController().signal,
      onConnect: () => undefined,
      onMessage: (m) => got.push(m),
      onOrphaned: () => undefined,
      runtime: runtime as unknown as typeof chrome.runtime,
    });
    expect(ports[0]?.name).toBe(CONTENT_PORT_NAME);
    ports[0]?.deliver({ id: '1', type: 'tab.role', data: { role: 'worker' } });
    ports[0]?.deliver({ id: '2', type: 'tab.role', data: { role: 'boss' } });
    ports[0]?.deliver('junk');
    expect(got).toEqual([{ id: '1', type: 'tab.role', data: { role: 'worker' } }]);
  });

  it('reconnects after the worker restarts and flushes what was sent meanwhile', () => {
    vi.useFakeTimers();
    try {
      const { ports, runtime } = fakeRuntime();
      let connects = 0;
      const link = connectWorker({
        signal: new AbortController().signal,
        onConnect: () => connects++,
        onMessage: () => undefined,
        onOrphaned: () => undefined,
        runtime: runtime as unknown as typeof chrome.runtime,
      });
      link.send('job.event', { jobId: 'j', event: { kind: 'text', text: 'a' } });
      ports[0]?.drop();
      link.send('job.event', { jobId: 'j', event: { kind: 'text', text: 'b' } });
      expect(ports).toHaveLength(1);
      vi.advanceTimersByTime(100);
      expect(ports).toHaveLength(2);
      expect(connects).toBe(2);
      expect(types(ports[0])).toEqual(['job.event']);
      expect((ports[1]?.posted[0] as ContentEnvelope<'job.event'>).data.event).toEqual({ kind: 'text', text: 'b' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells the script when the worker went away (its running job is dead), not when the extension is gone', () => {
    vi.useFakeTimers();
    try {
      const { ports, runtime } = fakeRuntime();
      let lost = 0;
      connectWorker({
        signal: new AbortController().signal,
        onConnect: () => undefined,
        onDisconnect: () => lost++,
        onMessage: () => undefined,
        onOrphaned: () => undefined,
        runtime: runtime as unknown as typeof chrome.runtime,
      });
      ports[0]?.drop();
      expect(lost).toBe(1);
      vi.advanceTimersByTime(100);
      runtime.id = undefined;
      ports[1]?.drop();
      expect(lost).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off between failed reconnects and stops when the extension is gone', () => {
    vi.useFakeTimers();
    try {
      const { ports, runtime } = fakeRuntime();
      let orphaned = 0;
      connectWorker({
        signal: new AbortController().signal,
        onConnect: () => undefined,
        onMessage: () => undefined,
        onOrphaned: () => orphaned++,
        runtime: runtime as unknown as typeof chrome.runtime,
      });
      ports[0]?.drop();
      vi.advanceTimersByTime(100);
      ports[1]?.drop();
      vi.advanceTimersByTime(100);
      expect(ports).toHaveLength(2); // second delay is longer
      vi.advanceTimersByTime(150);
      expect(ports).toHaveLength(3);
      runtime.id = undefined; // extension reloaded: this content script is orphaned
      ports[2]?.drop();
      vi.advanceTimersByTime(60_000);
      expect(ports).toHaveLength(3);
      expect(orphaned).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes the port when its lifetime ends and does not reconnect', () => {
    vi.useFakeTimers();
    try {
      const { ports, runtime } = fakeRuntime();
      const life = new AbortController();
      connectWorker({
        signal: life.signal,
        onConnect: () => undefined,
        onMessage: () => undefined,
        onOrphaned: () => undefined,
        runtime: runtime as unknown as typeof chrome.runtime,
      });
      life.abort();
      expect(ports[0]?.disconnected).toBe(true);
      ports[0]?.drop();
      vi.advanceTimersByTime(60_000);
      expect(ports).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
