import { anthropicSurface } from './anthropic/surface.ts';
import { chatSurface } from './chat/surface.ts';
import { completionsSurface } from './completions/surface.ts';
import { dashboardSurface } from './dashboard/surface.ts';
import { geminiSurface } from './gemini/surface.ts';
import { imagesSurface } from './images/surface.ts';
import { ollamaSurface } from './ollama/surface.ts';
import { responsesSurface } from './responses/surface.ts';
import { systemSurface } from './system/surface.ts';
import type { Surface } from './types.ts';

export type { Surface, SurfaceHandler } from './types.ts';

/**
 * Every API surface, in the order the server asks them. Order matters where paths are shared:
 * `/v1/models` goes to Anthropic for clients sending anthropic-version, to Gemini for Google's
 * clients, and to OpenAI's shape otherwise, so chat comes after both.
 */
export const SURFACES: readonly Surface[] = [
  systemSurface,
  ollamaSurface,
  anthropicSurface,
  geminiSurface,
  responsesSurface,
  imagesSurface,
  completionsSurface,
  chatSurface,
  dashboardSurface,
];
