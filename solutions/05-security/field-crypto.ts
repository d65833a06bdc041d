// Task 4: field encryption with AES-256-GCM in a versioned envelope that names its key
// (NIST SP 800-38D; OWASP Cryptographic Storage Cheat Sheet).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Keys by key id (32 bytes each); `current` encrypts, every key in `keys` still decrypts. */
export interface Keyring {
  current: string;
  keys: Readonly<Record<string, Uint8Array>>;
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]+$/;

/** Encrypts a field as `v1.<kid>.<iv>.<ciphertext>.<tag>`, each binary part in base64url. */
export function encryptField(plaintext: string, keyring: Keyring): string {
  const kid = keyring.current;
  const key = keyFor(keyring, kid);
  // A GCM IV must never repeat under one key: 12 fresh random bytes for every message.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString('base64url'));
  return [VERSION, kid, ...parts].join('.');
}

/** Decrypts an envelope with the key it names; throws when it is malformed, unknown or tampered with. */
export function decryptField(envelope: string, keyring: Keyring): string {
  const parts = envelope.split('.');
  if (parts.length !== 5) throw new Error('an encrypted field has five dot-separated parts');
  const [version, kid, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new Error(`unsupported envelope version "${version}"`);
  const key = keyFor(keyring, kid);
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  // A short tag is easier to forge, and Node accepts one unless told the length.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('bad IV or tag length');
  const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tagBytes);
  // final() checks the tag: it throws when any byte of the envelope was changed.
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

function keyFor(keyring: Keyring, kid: string): Uint8Array {
  // Object.hasOwn: a key id such as "constructor" must not find Object's prototype.
  if (!KEY_ID.test(kid) || !Object.hasOwn(keyring.keys, kid)) throw new Error(`unknown key id "${kid}"`);
  return keyring.keys[kid] as Uint8Array;
}
