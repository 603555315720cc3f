// Entry point of the simulated AI Studio page (bundled by the sim server with esbuild).
// The model comes from localStorage.aiStudioUserPreference.promptModel, read once per load.

import { DEFAULT_MODEL_ID, findModel } from '../wire/models.ts';
import { App } from './app.ts';
import { readConfig } from './config.ts';
import { OverlayManager } from './overlay.ts';
import { readPrefs } from './prefs.ts';

function start(): void {
  const id = readPrefs().promptModel?.replace(/^models\//, '') ?? DEFAULT_MODEL_ID;
  const model = findModel(id) ?? findModel(DEFAULT_MODEL_ID);
  const root = document.querySelector<HTMLElement>('ms-app');
  const overlayRoot = document.querySelector<HTMLElement>('.cdk-overlay-container');
  if (!model || !root || !overlayRoot) throw new Error('sim page: missing model or root elements');
  new App(readConfig(), model, new OverlayManager(overlayRoot)).mount(root);
}

start();
