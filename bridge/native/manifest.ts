import { z } from 'zod';
import { allowedOrigins, NATIVE_HOST_DESCRIPTION, NATIVE_HOST_NAME } from './constants.ts';

/** Chrome's host manifest (developer.chrome.com, "Native messaging host location"). */
export const HostManifest = z.object({
  name: z.string(),
  description: z.string(),
  path: z.string(),
  type: z.literal('stdio'),
  allowed_origins: z.array(z.string()),
});
export type HostManifest = z.infer<typeof HostManifest>;

export const manifestFileName = `${NATIVE_HOST_NAME}.json`;

export function buildHostManifest(launcherPath: string, extraIds: readonly string[] = []): HostManifest {
  return {
    name: NATIVE_HOST_NAME,
    description: NATIVE_HOST_DESCRIPTION,
    path: launcherPath,
    type: 'stdio',
    allowed_origins: allowedOrigins(extraIds),
  };
}

export function serializeManifest(manifest: HostManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
