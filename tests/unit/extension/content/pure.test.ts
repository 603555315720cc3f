import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../../protocol/job.ts';
import { differs } from '../../../../extension/content/actions/run-settings.ts';
import { createJobEmitter } from '../../../../extension/content/job.ts';
import { SELECTORS } from '../../../../extension/content/selectors.ts';
import { TapRecord } from '../../../../extension/content/tap-records.ts';

describe('job emitter', () => {
  it('passes events until the first terminal one and drops the rest', () => {
    const seen: JobEvent[] = [];
    const emit = createJobEmitter((e) => seen.push(e));
    emit({ kind: 'started' });
    emit({ kind: 'text', text: 'a' });
    emit({ kind: 'error', code: 'cancelled', message: 'x' });
    emit({ kind: 'done' });
    emit({ kind: 'text', text: 'late' });
    expect(seen.map((e) => e.kind)).toEqual(['started', 'text', 'error']);
  });
});

describe('settings comparison', () => {
  it('changes a control only when the shown value differs beyond the tolerance', () => {
    expect(differs(1, 1, 0.001)).toBe(false);
    expect(differs(0.7, 0.7004, 0.001)).toBe(false);
    expect(differs(0.7, 0.71, 0.001)).toBe(true);
    expect(differs(Number.NaN, 1, 0.001)).toBe(true);
    expect(differs(8192, 8192, 0.5)).toBe(false);
  });
});

describe('selectors module', () => {
  it('gives every selector at least one CSS fallback that the browser can parse as a string', () => {
    for (const [name, spec] of Object.entries(SELECTORS)) {
      expect(spec.css.length, name).toBeGreaterThan(0);
      for (const css of spec.css) expect(css, name).not.toMatch(/:has-text|>>|xpath=/);
    }
  });

  it('marks the elements without which no job can run as required', () => {
    const required = Object.entries(SELECTORS)
      .filter(([, s]) => 'required' in s && s.required)
      .map(([n]) => n);
    // Not the model name: narrow layouts leave it out of the DOM until the settings panel opens.
    expect(required.sort()).toEqual(['promptTextarea', 'runButton']);
  });
});

describe('tap record schema', () => {
  it('accepts the tap records and rejects malformed ones', () => {
    expect(TapRecord.safeParse({ t: 'rpc.text', rpc: 1, text: 'x' }).success).toBe(true);
    expect(
      TapRecord.safeParse({ t: 'models', models: [{ id: 'gemini-2.5-pro', outputTokenLimit: 65536 }] }).success,
    ).toBe(true);
    expect(TapRecord.safeParse({ t: 'rpc.text', rpc: 0, text: 'x' }).success).toBe(false);
    expect(TapRecord.safeParse({ t: 'rpc.call', rpc: 1, name: '', args: '{}' }).success).toBe(false);
    expect(TapRecord.safeParse({ t: 'models', models: [] }).success).toBe(false);
    expect(TapRecord.safeParse({ t: 'eval', code: 'x' }).success).toBe(false);
  });
});
