/**
 * Execution histories, out of the heap: each committed segment's events are one record (a line)
 * appended to `history.log` (record-file.ts); the execution keeps where (offset and length), and
 * GetExecutionHistory reads them back. The file only grows with the histories themselves (as AWS
 * keeps every execution's history); a crash can leave at most the chunks of uncommitted segments
 * behind, which nothing references.
 *
 * Without a data directory the log is an anonymous temporary file (unlinked as soon as it is
 * open): a memory-only runtime keeps nothing after it ends, and its histories still take no heap.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRecord, RECORD_BUFFER_BYTES, RecordWriter } from './record-file.ts';

/** Where a chunk is: byte offset and length of its record in the log. */
export type HistoryRef = [offset: number, length: number];

export class HistoryLog {
  readonly #fd: number;
  readonly #writer: RecordWriter;
  /** Size of the file once the pending records are written. */
  #end: number;

  private constructor(fd: number) {
    this.#fd = fd;
    this.#writer = new RecordWriter(fd, RECORD_BUFFER_BYTES);
    this.#end = fstatSync(fd).size;
  }

  /** The log of a data directory, or an anonymous one. */
  static open(dir: string | undefined): HistoryLog {
    if (dir) return new HistoryLog(openSync(join(dir, 'history.log'), 'a+'));
    const path = join(tmpdir(), `local-stepfunctions-history-${randomBytes(8).toString('hex')}.log`);
    const fd = openSync(path, 'w+');
    unlinkSync(path);
    return new HistoryLog(fd);
  }

  get bytes(): number {
    return this.#end;
  }

  /** Queues a chunk (JSON text); it is written by the next `flush` at the latest, before the journal record that refers to it. */
  append(json: string): HistoryRef {
    const bytes = this.#writer.put(json);
    const ref: HistoryRef = [this.#end, bytes];
    this.#end += bytes;
    return ref;
  }

  flush(): void {
    this.#writer.flush();
  }

  sync(): void {
    fsyncSync(this.#fd);
  }

  /** The chunk (its parsed JSON); undefined if it is not in the file whole (lost with the machine's cache in a power cut). */
  read([offset, length]: HistoryRef): unknown {
    if (offset + length > this.#end - this.#writer.pending) this.flush();
    const bytes = Buffer.allocUnsafe(length);
    const read = readSync(this.#fd, bytes, 0, length, offset);
    return decodeRecord(bytes.subarray(0, read))?.value;
  }

  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}
