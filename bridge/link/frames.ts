import { newEnvelopeId } from '../../protocol/envelope.ts';

/**
 * The `job.start` frame around a request serialised at admission (pool/admission.ts): user data
 * is never stringified again on dispatch, which may run inside a WebSocket handler or a timer.
 */
export function jobStartFrame(jobId: string, tabId: string, requestJson: string): string {
  const id = newEnvelopeId();
  return `{"id":${JSON.stringify(id)},"type":"job.start","data":{"jobId":${JSON.stringify(jobId)},"tabId":${JSON.stringify(tabId)},"request":${requestJson}}}`;
}
