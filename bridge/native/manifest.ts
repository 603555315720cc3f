import { z } from 'zod';
import { allowedExtensions, allowedOrigins, NATIVE_HOST_DESCRIPTION, NATIVE_HOST_NAME } from './constants.ts';

/**
 * The host manifest: Chrome's lists `allowed_origins` (chrome-extension://<id>/), Firefox's
 * `allowed_extensions` (gecko ids); otherwise they are the same.
 */
export const HostManifest = z.object({
  name: z.string(),
  description: z.string(),
  path: z.string(),
  type: z.literal('stdio'),
  allowed_origins: z.array(z.string()).optional(),
  allowed_extensions: z.array(z.string()).optional(),
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

export function buildFirefoxHostManifest(launcherPath: string, extraIds: readonly string[] = []): HostManifest {
  return {
    name: NATIVE_HOST_NAME,
    description: NATIVE_HOST_DESCRIPTION,
    path: launcherPath,
    type: 'stdio',
    allowed_extensions: allowedExtensions(extraIds),
  };
}

export function serializeManifest(manifest: HostManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
