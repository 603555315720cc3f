import type { ServerResponse } from 'node:http';
import { UpstreamError, type ApiError } from '../../errors.ts';
import type { HttpContext } from '../../run/context.ts';
import { dataUrl } from '../../run/images.ts';
import { Reply } from '../../run/reply.ts';
import type { Choice, JobRun, RunInfo, RunOutput } from '../../run/job-run.ts';

export type ResponseFormat = 'b64_json' | 'url';

/**
 * The Images API answer: `{created, data: [{b64_json}|{url}], usage}`, one entry per image of
 * every run (n runs on n tabs). `url` is a `data:` URL (the bridge keeps no files to link to).
 * A run that produced no image is a 502 quoting what the page said instead.
 */
export class ImagesOutput implements RunOutput {
  private readonly reply: Reply<{ isOpen: boolean }>;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    ctx: HttpContext,
    res: ServerResponse,
    run: JobRun,
    private readonly format: ResponseFormat,
  ) {
    this.reply = new Reply(ctx, res, null, false, undefined, run.guard);
  }

  text(): void {}
  thought(): void {}
  toolCall(): void {}
  idle(): void {
    this.reply.idle(() => {});
  }

  complete(choices: readonly Choice[], info: RunInfo): void {
    const empty = choices.find((c) => c.extras.images.length === 0);
    if (empty) {
      const said = empty.answer.content.trim();
      return this.fail(
        new UpstreamError(
          `AI Studio answered without an image${said ? `: "${said.slice(0, 300)}"` : ''}. Try another prompt or model.`,
          'no_image',
        ),
      );
    }
    const data = choices.flatMap((c) =>
      c.extras.images.map((img) => (this.format === 'url' ? { url: dataUrl(img) } : { b64_json: img.data })),
    );
    const { usage } = info;
    this.reply.json.send({
      created: this.created,
      data,
      usage: {
        input_tokens: usage.prompt_tokens,
        output_tokens: usage.completion_tokens,
        total_tokens: usage.total_tokens,
        input_tokens_details: { text_tokens: usage.prompt_tokens, image_tokens: 0 },
      },
    });
  }

  fail(error: ApiError): void {
    this.reply.fail(error, () => {});
  }
}
