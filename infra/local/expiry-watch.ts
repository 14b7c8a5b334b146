/**
 * DynamoDB's TTL on the platform's clock, run only when an item may have expired. The platform's
 * step deletes the expired items of its table every platform day (`LocalDynamo.expire`: a listing
 * of the tables and a read of the expiry range, two LevelDB iterators on the thread pool, ≈ 0.2 ms
 * of CPU a day with nothing to delete). The watch knows a time before which no item of the table
 * expires: after a run, the earliest expiry left (one read of the patched dynalite's expiry entries,
 * `ttl~<table>~<13-digit second>~<key>`: db/index.js expiryKey), lowered by every write of a TTL
 * the change feed shows meanwhile. A day before it skips the run; nothing expires later than it
 * would have. A write to another table (an outside client's, through the endpoint) ends the
 * skipping: its TTL attribute is not known here.
 */
import type { DynamoDBRecord } from 'aws-lambda';

interface LevelKeys {
  db: { keys(range: { gte: string; lt: string; limit: number }): { all(): Promise<string[]> } };
}

export class ExpiryWatch {
  readonly #store: LevelKeys;
  readonly #table: string;
  readonly #attribute: string;
  /** Epoch seconds before which no item of the table expires (-∞: not known). */
  #next = Number.NEGATIVE_INFINITY;
  /** The lowest TTL written since the last run began. */
  #written = Number.POSITIVE_INFINITY;
  #otherTables = false;

  /** `store`: dynalite's (LocalDynamo.store); the table and its TTL attribute. */
  constructor(store: unknown, table: string, attribute: string) {
    this.#store = store as LevelKeys;
    this.#table = table;
    this.#attribute = attribute;
  }

  /** A change of any table (the change feed's record, NEW_IMAGE). */
  apply(table: string, record: DynamoDBRecord): void {
    if (table !== this.#table) {
      this.#otherTables = true;
      return;
    }
    const ttl = (record.dynamodb?.NewImage?.[this.#attribute] as { N?: string } | undefined)?.N;
    if (ttl === undefined) return;
    const seconds = Number(ttl);
    if (seconds < this.#next) this.#next = seconds;
    if (seconds < this.#written) this.#written = seconds;
  }

  /** Runs `expire(now)` unless no item can have expired by `now`. */
  async expireIfDue(now: Date, expire: (now: Date) => Promise<unknown>): Promise<void> {
    const seconds = now.getTime() / 1000;
    if (seconds <= this.#next && !this.#otherTables) return;
    this.#written = Number.POSITIVE_INFINITY;
    await expire(now);
    const prefix = `ttl~${this.#table}~`;
    const [first] = await this.#store.db
      .keys({ gte: prefix + String(Math.floor(seconds)).padStart(13, '0'), lt: `${prefix}\xff`, limit: 1 })
      .all();
    const left = first === undefined ? Number.POSITIVE_INFINITY : Number(first.slice(prefix.length, prefix.length + 13));
    this.#next = Math.min(left, this.#written);
  }
}
