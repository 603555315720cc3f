import { setSwitch, type SwitchResult } from './switches.ts';

/**
 * The run settings' Code execution switch (tools group; `codeExecutionToggle`: its
 * `data-test-id="codeExecutionTooltip"` row first, the switch's label as fallback). Absent on
 * models without code execution (image models, 2026-12): `unavailable`, which is fine when
 * turning it off; the bridge refuses a request that wants it on such a model before the run.
 */
export function setCodeExecution(on: boolean, signal: AbortSignal): Promise<SwitchResult> {
  return setSwitch('codeExecutionToggle', on, signal);
}
