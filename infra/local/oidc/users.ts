/**
 * The stand-in issuer's accounts: what a Cognito user pool holds for this app — a user name (the
 * email), a password, the groups (the role) and the custom attributes (`custom:territory` for
 * staff, `custom:siret` for porteurs). In memory, or kept in a JSON file beside the platform's
 * data (written atomically).
 */
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-file.ts';

export interface LocalUser {
  readonly username: string;
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly string[];
  /** `custom:territory`, `custom:siret`, `name`… as the ID token carries them. */
  readonly attributes: Readonly<Record<string, string>>;
  /** scrypt of the password: `<salt hex>:<hash hex>`. */
  readonly passwordHash: string;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly groups: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
  readonly email?: string;
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), 32), Buffer.from(hash, 'hex'));
}

export class LocalUserDirectory {
  readonly #users = new Map<string, LocalUser>();
  readonly #file: string | undefined;

  constructor(options: { file?: string } = {}) {
    this.#file = options.file;
    if (this.#file && existsSync(this.#file)) {
      for (const user of JSON.parse(readFileSync(this.#file, 'utf8')) as LocalUser[]) this.#users.set(user.username, user);
    }
  }

  /** Adds a user (user names are case-insensitive, as the user pool's); an existing one is returned as it is. */
  add(user: NewUser): { user: LocalUser; created: boolean } {
    const username = user.username.trim().toLowerCase();
    const existing = this.#users.get(username);
    if (existing) return { user: existing, created: false };
    const created: LocalUser = {
      username,
      sub: randomUUID(),
      email: (user.email ?? username).toLowerCase(),
      groups: [...user.groups],
      attributes: { ...user.attributes },
      passwordHash: hashPassword(user.password),
    };
    this.#users.set(username, created);
    this.#save();
    return { user: created, created: true };
  }

  get(username: string): LocalUser | undefined {
    return this.#users.get(username.trim().toLowerCase());
  }

  bySub(sub: string): LocalUser | undefined {
    for (const user of this.#users.values()) if (user.sub === sub) return user;
    return undefined;
  }

  /** The user, if the password is theirs. */
  authenticate(username: string, password: string): LocalUser | undefined {
    const user = this.get(username);
    return user && passwordMatches(password, user.passwordHash) ? user : undefined;
  }

  #save(): void {
    if (this.#file) writeFileAtomic(this.#file, JSON.stringify([...this.#users.values()], null, 1));
  }
}
