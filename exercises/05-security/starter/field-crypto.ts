// Task 4: field encryption with AES-256-GCM in a versioned envelope that names its key.
// Use node:crypto only (createCipheriv, createDecipheriv, randomBytes); see the README, section 4.

/** Keys by key id (32 bytes each); `current` encrypts, every key in `keys` still decrypts. */
export interface Keyring {
  current: string;
  keys: Readonly<Record<string, Uint8Array>>;
}

/** Encrypts a field as `v1.<kid>.<iv>.<ciphertext>.<tag>`, each binary part in base64url. */
export function encryptField(plaintext: string, keyring: Keyring): string {
  throw new Error('TODO: task 4 — encrypt with AES-256-GCM under the current key and a fresh IV');
}

/** Decrypts an envelope with the key it names; throws when it is malformed, unknown or tampered with. */
export function decryptField(envelope: string, keyring: Keyring): string {
  throw new Error('TODO: task 4 — find the key by its id, check the tag, decrypt');
}
