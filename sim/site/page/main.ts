// Entry point of the simulated AI Studio page (bundled by the sim server with esbuild).
// The model comes from the URL (`/prompts/new_chat?model=<id>`, as 2026 drivers navigate) or
// else from localStorage.aiStudioUserPreference.promptModel, read once per load.

import { DEFAULT_MODEL_ID, findModel } from '../wire/models.ts';
import { App } from './app.ts';
import { readConfig } from './config.ts';
import { setChinese, watchTranslations } from './i18n.ts';
import { OverlayManager } from './overlay.ts';
import { readPrefs } from './prefs.ts';
import { renameRunButton } from './renamed-run.ts';

function start(): void {
  const config = readConfig();
  setChinese(config.variant.lang === 'zh-CN');
  const fromUrl = new URLSearchParams(location.search).get('model');
  const id = (fromUrl ?? readPrefs().promptModel)?.replace(/^models\//, '') ?? DEFAULT_MODEL_ID;
  const model = findModel(id) ?? findModel(DEFAULT_MODEL_ID);
  const root = document.querySelector<HTMLElement>('ms-app');
  const overlayRoot = document.querySelector<HTMLElement>('.cdk-overlay-container');
  if (!model || !root || !overlayRoot) throw new Error('sim page: missing model or root elements');
  watchTranslations(document.body);
  new App(config, model, new OverlayManager(overlayRoot)).mount(root);
  if (config.renamedRunButton) renameRunButton(root);
}

start();
