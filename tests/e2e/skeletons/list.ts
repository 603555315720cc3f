/** The committed page skeletons and the simulator variants they were made from (make.ts). */
export const SKELETONS = [
  { file: 'narrow-zh-collapsed.html', variant: 'narrow,zh,collapsed' },
  { file: '2026-spinner-run.html', variant: '2026,spinner-run' },
] as const;

/** The settings a job may set, looked for in every skeleton. */
export const SKELETON_SETTINGS = ['temperatureInput', 'topPInput', 'maxTokensInput', 'stopTokenInput'] as const;
