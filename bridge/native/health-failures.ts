import { z } from 'zod';
import { TraceStep } from '../../protocol/trace.ts';

/** `failures` of GET /health (bridge/pool/failures.ts), as doctor reads it: parsed, never trusted. */
export const HealthFailures = z.array(
  z.looseObject({
    jobId: z.string(),
    at: z.string(),
    model: z.string(),
    account: z.string().optional(),
    tab: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }),
    step: z.string().optional(),
    steps: z.array(TraceStep),
  }),
);
export type HealthFailures = z.infer<typeof HealthFailures>;
