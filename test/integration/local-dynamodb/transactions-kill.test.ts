/**
 * kill -9 in the middle of many transactions: a child process (Node 24) runs dynalite on disk and
 * sends transfers as TransactWriteItems, 8 at a time; the test kills it (SIGKILL) at random moments,
 * twelve times, restarting it on the same data. Then, on that data: the money is all there, every
 * journal item matches exactly one transfer applied to both accounts, and the secondary index
 * holds exactly the journal items — never half a transaction.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient, paginateQuery, paginateScan } from '@aws-sdk/client-dynamodb';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { startDynalite } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { ACCOUNTS, OPENING_BALANCE, TABLE } from './fixtures/transfer-child.ts';

const CHILD = join(import.meta.dirname, 'fixtures', 'transfer-child.ts');
const workDir = mkdtempSync(join(tmpdir(), 'tx-kill-'));
const dataDir = join(workDir, 'data');
let failed = false;
// A failure keeps the data for inspection (dynalite on disk: open it with infra/local/services.ts).
afterAll(() => (failed ? console.info(`transactions-kill: data kept in ${dataDir}`) : rmSync(workDir, { recursive: true, force: true })));

/** Runs the child until it has committed at least `atLeast` transfers, then `extraMs` more, and kills it. */
function runAndKill(atLeast: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, [CHILD, dataDir], {
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let committed = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('COMMITTED ')) return;
    committed = Number(line.slice(10));
    if (committed === atLeast) setTimeout(() => child.kill('SIGKILL'), extraMs);
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(committed) : reject(new Error(`child ended by itself: ${stderr}`)),
    );
  });
}

// Until 2026-12-03 it failed now and then (the index one journal item short of the table, on both
// attempts of a retry on the same data): not a kill, but two journal items sharing one index entry,
// as dynalite keyed an entry by a 24-bit hash of the table key (a collision among 800 journal items
// in 2 % of runs); index-keys.test.ts shows it deterministically.
it('never half-applies a transaction, whatever the moment of the kill', { timeout: 240_000 }, async () => {
  onTestFailed(() => {
    failed = true;
  });
  for (let run = 0; run < 12; run++) {
    const committed = await runAndKill(25 * (1 + (run % 4)), Math.floor(Math.random() * 40));
    expect(committed).toBeGreaterThanOrEqual(25 * (1 + (run % 4)));
  }

  const dynamo = await startDynalite({ path: dataDir });
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
    const items = [];
    for await (const page of paginateScan({ client }, { TableName: TABLE, ConsistentRead: true })) items.push(...(page.Items ?? []));
    const accounts = items.filter((i) => ACCOUNTS.includes(i.pk?.S ?? ''));
    const journal = items.filter((i) => i.pk?.S?.startsWith('journal#'));
    expect(accounts).toHaveLength(ACCOUNTS.length);
    expect(accounts.reduce((sum, a) => sum + Number(a.balance?.N), 0)).toBe(ACCOUNTS.length * OPENING_BALANCE);
    expect(journal.length).toBeGreaterThan(150);
    for (const account of accounts) {
      const id = account.pk?.S;
      const out = journal.filter((j) => j.from?.S === id).length;
      const into = journal.filter((j) => j.to?.S === id).length;
      expect(Number(account.sent?.N)).toBe(out);
      expect(Number(account.balance?.N)).toBe(OPENING_BALANCE - out + into);
    }
    const indexed: string[] = [];
    for await (const page of paginateQuery(
      { client },
      {
        TableName: TABLE,
        IndexName: 'by-queue',
        KeyConditionExpression: '#q = :q',
        ExpressionAttributeNames: { '#q': 'queue' },
        ExpressionAttributeValues: { ':q': { S: 'journal' } },
      },
    ))
      indexed.push(...(page.Items ?? []).map((i) => i.pk?.S ?? ''));
    const inTable = journal.map((j) => j.pk?.S ?? '');
    // Named on failure: which journal items lack their index entry, which index entries lack their item.
    const unindexed = inTable.filter((key) => !indexed.includes(key));
    const orphans = indexed.filter((key) => !inTable.includes(key));
    if (unindexed.length || orphans.length) console.info(`transactions-kill: ${JSON.stringify({ unindexed, orphans })}`);
    expect(indexed.sort()).toEqual(inTable.sort());
  } finally {
    await dynamo.close();
  }
});
