/** E2E_DEBUG=1 prints the extension worker's and the pages' console output, for diagnosing a failure. */
export const debugLog = process.env.E2E_DEBUG ? (line: string): void => console.log(line) : undefined;
