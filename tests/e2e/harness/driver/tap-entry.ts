// Test-only entry: the real MAIN-world tap, bundled as an IIFE for context.addInitScript.
import '../../../../extension/page/tap.iife.ts';
