import type { TraceStep } from '../../protocol/trace.ts';
import type { HealthFailures } from '../native/health-failures.ts';

const stepLine = (s: TraceStep): string =>
  `      ${s.outcome === 'failed' ? '✗' : s.outcome === 'skipped' ? '-' : '✓'} ${s.action}${s.key ? ` ${s.key}${s.candidate !== undefined ? `#${s.candidate}` : ''}` : ''} ${Math.round(s.ms)} ms${s.detail ? ` (${s.detail})` : ''}`;

/** The last failed jobs with their step traces, newest first. */
export function failureLines(failures: HealthFailures): string[] {
  if (failures.length === 0) return [];
  const out = [`last failed jobs (${failures.length}, newest first; key#n = which selector candidate matched):`];
  for (const f of failures) {
    out.push(
      `  ${f.at} ${f.jobId} ${f.model}${f.account ? ` on ${f.account}` : ''}: ${f.error.code}${f.step ? ` at step "${f.step}"` : ''} — ${f.error.message}`,
    );
    out.push(...f.steps.map(stepLine));
  }
  return out;
}
