// Types for what tests import from eslint.config.js (the layer list of bridge/).
export declare const BRIDGE_LAYERS: readonly string[];
declare const config: unknown;
export default config;
