import { IMAGE_PIECES_FEATURE, imageFrames } from '../../protocol/image-frame.ts';
import type { MessageData, MessageType } from '../../protocol/messages.ts';

/**
 * An `image` job event to a bridge that takes `image_pieces` goes as binary frames
 * (protocol/image-frame.ts); null for everything else (one JSON frame, as always).
 */
export function imageFramesOf<T extends MessageType>(
  features: ReadonlySet<string>,
  type: T,
  data: MessageData<T>,
): Uint8Array[] | null {
  if (type !== 'job.event' || !features.has(IMAGE_PIECES_FEATURE)) return null;
  const { jobId, event } = data as MessageData<'job.event'>;
  return event.kind === 'image' ? imageFrames(jobId, event) : null;
}
