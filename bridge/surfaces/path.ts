/** A URL path segment (a model or response id) decoded; a malformed escape is kept as sent (it names nothing that exists). */
export function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
