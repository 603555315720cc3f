/**
 * A request URL as it may appear in the log: Gemini clients send the API key as `?key=`, and a
 * log line must never carry it.
 */
export function loggableUrl(url: string | undefined): string {
  const raw = url ?? '';
  const at = raw.indexOf('?');
  if (at < 0) return raw;
  const query = raw
    .slice(at + 1)
    .split('&')
    .map((pair) => (/^key(=|$)/i.test(pair) ? 'key=redacted' : pair))
    .join('&');
  return `${raw.slice(0, at)}?${query}`;
}
