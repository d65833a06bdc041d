// Task 1: store passwords with scrypt, the way the OWASP Password Storage Cheat Sheet asks.
// Use node:crypto only (scrypt, randomBytes, timingSafeEqual); see the README, section 1.

export interface ScryptParams {
  /** log2 of the CPU/memory cost N: 17 means N = 2^17. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/** Hashes a password into `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` with a fresh random salt. */
export async function hashPassword(password: string, params?: ScryptParams): Promise<string> {
  throw new Error('TODO: task 1 — hash the password with scrypt and a random salt into a PHC string');
}

/** True when the password matches; the parameters come from the stored string, not from today's defaults. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  throw new Error('TODO: task 1 — recompute the hash with the stored salt and parameters, compare with timingSafeEqual');
}

/** True when the stored hash is weaker than the wanted parameters (OWASP minimum unless given). */
export function needsRehash(stored: string, wanted?: ScryptParams): boolean {
  throw new Error('TODO: task 1 — read the parameters from the stored string and compare them with the wanted ones');
}
