// Entry point of the simulated AI Studio page (bundled by the sim server with esbuild).
// The model comes from localStorage.aiStudioUserPreference.promptModel, read once per load.

import { DEFAULT_MODEL_ID, findModel } from '../wire/models.ts';
import { App } from './app.ts';
import { readConfig } from './config.ts';
import { OverlayManager } from './overlay.ts';
import { readPrefs } from './prefs.ts';
import { renameRunButton } from './renamed-run.ts';

function start(): void {
  const id = readPrefs().promptModel?.replace(/^models\//, '') ?? DEFAULT_MODEL_ID;
  const model = findModel(id) ?? findModel(DEFAULT_MODEL_ID);
  const root = document.querySelector<HTMLElement>('ms-app');
  const overlayRoot = document.querySelector<HTMLElement>('.cdk-overlay-container');
  if (!model || !root || !overlayRoot) throw new Error('sim page: missing model or root elements');
  const config = readConfig();
  new App(config, model, new OverlayManager(overlayRoot)).mount(root);
  if (config.renamedRunButton) renameRunButton(root);
}

start();
