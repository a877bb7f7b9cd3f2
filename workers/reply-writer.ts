/**
 * The worker's writes of results: the reply to the requester's stream, the `XACK` and `XDEL` of the request, in one
 * MULTI (retried until Redis takes it); and the dead-letter path, which records the entry and answers its client with
 * an error result for the line.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Translation } from '../pipelines/translation.js';
import type { Outcome } from '../pipelines/types.js';
import { DEAD_LETTER_CODE } from './errors.js';
import { replyFields, type RequestEntry } from './protocol.js';
import type { ResolvedWorkerOptions } from './translation-worker-options.js';

export class ReplyWriter {
  constructor(
    private readonly redis: Redis,
    private readonly o: ResolvedWorkerOptions,
  ) {}

  /** Writes the reply, acknowledges and deletes the request, in one transaction; retried until Redis takes it. */
  async answer(
    key: string,
    entryId: string,
    request: RequestEntry,
    result: Outcome<Translation>,
    extra?: (multi: ReturnType<Redis['multi']>) => void,
  ): Promise<void> {
    for (;;) {
      try {
        const multi = this.redis.multi();
        extra?.(multi);
        multi.xadd(
          request.reply,
          'MAXLEN',
          '~',
          this.o.replyMaxLen,
          '*',
          ...replyFields({ id: request.id, call: request.call, seq: request.seq, result, worker: this.o.consumer }),
        );
        multi.expire(request.reply, this.o.replyTtlSeconds);
        multi.xack(key, this.o.keys.group, entryId);
        multi.xdel(key, entryId);
        await multi.exec();
        return;
      } catch (err) {
        this.o.log(`worker ${this.o.consumer}: could not answer ${entryId} (${String(err)}); retrying`);
        await sleep(200);
      }
    }
  }

  /** Moves an entry to the dead-letter stream; its client (if known) gets an error result for the line. */
  async deadLetter(
    key: string,
    entryId: string,
    fields: string[],
    deliveries: number,
    reason: string,
    request: RequestEntry | undefined,
  ): Promise<void> {
    this.o.log(`worker ${this.o.consumer}: dead-letter ${key} ${entryId}: ${reason}`);
    const record = (multi: ReturnType<Redis['multi']>): void => {
      multi.xadd(
        this.o.keys.deadLetter,
        'MAXLEN',
        '~',
        this.o.deadLetterMaxLen,
        '*',
        'stream',
        key,
        'entry',
        entryId,
        'deliveries',
        String(deliveries),
        'reason',
        reason,
        ...fields,
      );
    };
    if (request !== undefined) {
      await this.answer(
        key,
        entryId,
        request,
        {
          ok: false,
          error: {
            code: DEAD_LETTER_CODE,
            message: `gave up on this line: ${reason}; it is kept in ${this.o.keys.deadLetter}`,
          },
        },
        record,
      );
      return;
    }
    const multi = this.redis.multi();
    record(multi);
    await multi.xack(key, this.o.keys.group, entryId).xdel(key, entryId).exec();
  }
}
