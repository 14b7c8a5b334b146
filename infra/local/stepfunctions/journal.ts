/**
 * The runtime's state on disk: a snapshot of the whole state, and an append-only journal of the
 * records written since. A restart reads the snapshot and replays the journal; a compaction writes
 * a new snapshot and starts an empty journal, so restart time and disk follow the live state, not
 * the number of changes ever made.
 *
 * Files (in the runtime's data directory):
 *  - `snapshot.json`     `{ generation, state }`: written to a temporary file, fsynced, then renamed over
 *                        the previous one, so there is always one whole snapshot
 *  - `journal-<g>.log`   the records since snapshot generation g, one JSON per line (record-file.ts); a
 *                        torn last record (kill -9 in the middle of a write) is cut off when the journal is opened
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecords, RECORD_BUFFER_BYTES, RecordWriter, writeJsonInPieces } from './record-file.ts';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = /^journal-(\d+)\.log$/;
const journalName = (generation: number) => `journal-${generation}.log`;

export interface OpenedJournal<S> {
  journal: Journal;
  snapshot: S | undefined;
  /** The records of the journal, oldest first. */
  records: unknown[];
  /** Bytes of a torn last record cut off the journal (0 when the last write was whole). */
  tornBytes: number;
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class Journal {
  readonly #dir: string;
  #generation: number;
  #fd: number;
  readonly #writer: RecordWriter;
  #bytes: number;
  #snapshotBytes: number;

  private constructor(dir: string, generation: number, fd: number, bytes: number, snapshotBytes: number, beforeWrite?: () => void) {
    this.#dir = dir;
    this.#generation = generation;
    this.#fd = fd;
    this.#writer = new RecordWriter(fd, RECORD_BUFFER_BYTES, beforeWrite);
    this.#bytes = bytes;
    this.#snapshotBytes = snapshotBytes;
  }

  /** `beforeWrite` runs before each write of records to the file (what they refer to is written first). */
  static open<S>(dir: string, beforeWrite?: () => void): OpenedJournal<S> {
    const snapshotPath = join(dir, SNAPSHOT);
    let snapshot: { generation: number; state: S } | undefined;
    let snapshotBytes = 0;
    if (existsSync(snapshotPath)) {
      const text = readFileSync(snapshotPath, 'utf8');
      snapshot = JSON.parse(text) as { generation: number; state: S };
      snapshotBytes = Buffer.byteLength(text);
    }
    const generation = snapshot?.generation ?? 0;
    // Left by a compaction interrupted before or after its rename: only generation g counts.
    for (const file of readdirSync(dir)) {
      const match = JOURNAL.exec(file);
      if ((match && Number(match[1]) !== generation) || file === `${SNAPSHOT}.tmp`) unlinkSync(join(dir, file));
    }
    const path = join(dir, journalName(generation));
    const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const { records, validLength } = decodeRecords(bytes);
    if (validLength < bytes.length) truncateSync(path, validLength);
    const journal = new Journal(dir, generation, openSync(path, 'a'), validLength, snapshotBytes, beforeWrite);
    return { journal, snapshot: snapshot?.state, records, tornBytes: bytes.length - validLength };
  }

  /** Journal bytes since the last snapshot (those not yet written included). */
  get bytes(): number {
    return this.#bytes;
  }

  get snapshotBytes(): number {
    return this.#snapshotBytes;
  }

  /** Appends a record (its JSON text); it is written by the next `flush` at the latest (earlier if the buffer fills). */
  append(json: string): void {
    this.#bytes += this.#writer.put(json);
  }

  /** Writes the records appended so far: the group commit of an event-loop turn. */
  flush(): void {
    this.#writer.flush();
  }

  sync(): void {
    fsyncSync(this.#fd);
  }

  /** Writes `state` as the new snapshot and starts an empty journal; the records before it are dropped. */
  compact(state: unknown): void {
    this.flush();
    const next = this.#generation + 1;
    const temporary = join(this.#dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(temporary, 'w');
    let bytes: number;
    try {
      // { generation, state: { definitions: [...], executions: [...], ... } }: each item on its own.
      bytes = writeJsonInPieces(fd, { generation: next, state }, 3);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(this.#dir, SNAPSHOT));
    fsyncDirectory(this.#dir);
    const previous = this.#generation;
    closeSync(this.#fd);
    this.#fd = openSync(join(this.#dir, journalName(next)), 'a');
    this.#writer.fd = this.#fd;
    this.#generation = next;
    this.#bytes = 0;
    this.#snapshotBytes = bytes;
    unlinkSync(join(this.#dir, journalName(previous)));
  }

  /** Closes the file (what was appended and not flushed is not written). */
  close(): void {
    closeSync(this.#fd);
  }
}
