import { z } from 'zod';

/** The parts of the bridge's GET /health the tests rely on (parsed, not cast). */
export const Health = z
  .object({
    status: z.string(),
    extensions: z.array(z.object({ id: z.string(), paired_via: z.string().nullable().optional() }).passthrough()),
    tabs: z.object({
      total: z.number(),
      ready: z.number(),
      list: z.array(
        z
          .object({ key: z.string(), model: z.string().nullable(), ready: z.boolean(), busy: z.boolean() })
          .passthrough(),
      ),
    }),
    queue: z.object({ running: z.number(), waiting: z.number() }).passthrough(),
  })
  .passthrough();
export type Health = z.infer<typeof Health>;

export async function getHealth(bridgeUrl: string): Promise<Health> {
  const res = await fetch(`${bridgeUrl}/health`);
  return Health.parse(await res.json());
}
