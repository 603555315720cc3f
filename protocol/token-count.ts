/**
 * Exact token counts (protocol/PROTOCOL.md "Token counts"): a job whose request says `count: true`
 * puts the prompt into the page without pressing Run, reads the count the page computes for it
 * and answers `usage {promptTokens}` then `done`. Added without a version bump: an extension that
 * can count says so in `hello.features`, and the bridge sends count jobs only to such an extension
 * (an older one would drop `count` and run the prompt); otherwise the bridge answers an estimate.
 */
export const COUNT_TOKENS_FEATURE = 'count_tokens';
