import type OpenAI from 'openai';

export interface CollectedStream {
  text: string;
  /** content deltas with the time (Date.now()) each arrived at the client */
  deltas: Array<{ text: string; at: number }>;
  finishReason: string | null;
  error: unknown;
}

type ChatStream = AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;

/** Read a streamed chat completion to the end, keeping arrival times; errors are returned, not thrown. */
export async function collectStream(stream: ChatStream, onDelta?: (text: string) => void): Promise<CollectedStream> {
  const result: CollectedStream = { text: '', deltas: [], finishReason: null, error: null };
  try {
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const piece = choice?.delta?.content;
      if (piece) {
        result.deltas.push({ text: piece, at: Date.now() });
        result.text += piece;
        onDelta?.(piece);
      }
      if (choice?.finish_reason) result.finishReason = choice.finish_reason;
    }
  } catch (error) {
    result.error = error;
  }
  return result;
}
