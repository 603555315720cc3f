/**
 * The WebSocket as the link uses it. `openSocket` is injected so unit tests run the link against a
 * fake socket; the real one is the browser's WebSocket, which lives in the service worker on
 * purpose (a content script's loopback WebSocket is blocked by Local Network Access checks, and
 * WebSocket traffic keeps an MV3 worker alive since Chrome 116).
 */
export const SOCKET_OPEN = 1;

export interface SocketLike {
  readonly readyState: number;
  /** text frames, and binary ones for images in pieces (protocol/image-frame.ts) */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
}

export type OpenSocket = (url: string) => SocketLike;

export const openBrowserSocket: OpenSocket = (url) => new WebSocket(url) as unknown as SocketLike;
