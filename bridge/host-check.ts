/**
 * DNS-rebinding defence: a page on evil.example that re-points its name at 127.0.0.1 still sends
 * `Host: evil.example`. Only loopback names are accepted (any port): 127.0.0.1 (and 127/8),
 * localhost, *.localhost, [::1]. When the user binds a non-loopback address on purpose, the
 * address it is bound to is accepted too.
 */
export function isAllowedHost(hostHeader: string | undefined, extraHosts: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  const host = stripPort(hostHeader.trim().toLowerCase());
  // '::1' unbracketed is how `--host ::1` names it (a Host header always brackets it).
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return extraHosts.some((h) => stripPort(h.toLowerCase()) === host);
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end >= 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/** Hosts to accept in addition to loopback names, given the address the bridge listens on. */
export function boundHosts(listenHost: string): string[] {
  if (listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '127.0.0.1' || listenHost === 'localhost')
    return [];
  return [listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost];
}
