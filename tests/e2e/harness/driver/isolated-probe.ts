/**
 * Test-only ISOLATED-world content script: the real content-side tap channel, reporting what it
 * receives through DOM attributes (the only thing both worlds and the test can see).
 */
import { connectTap } from '../../../../extension/content/tap-channel.ts';

const tap = connectTap(document);
let texts = '';
let kinds: string[] = [];
tap.subscribe((record) => {
  kinds.push(record.t);
  if (record.t === 'rpc.text') texts += record.text;
  const root = document.documentElement;
  root.dataset.probeKinds = kinds.join(',');
  root.dataset.probeText = texts;
  root.dataset.probeConnected = String(tap.connected);
  if (record.t === 'rpc.start') {
    kinds = ['rpc.start'];
    texts = '';
  }
}, new AbortController().signal);
document.documentElement.dataset.probeConnected = String(tap.connected);
