// Single keys from the terminal, without Enter. Ctrl-C always quits.
import { emitKeypressEvents } from 'node:readline';

export function listenKeys(onKey: (key: string) => void): () => void {
  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode?.(true);
  const handler = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.ctrl && key.name === 'c') onKey('q');
    else onKey((key?.name ?? text ?? '').toLowerCase());
  };
  process.stdin.on('keypress', handler);
  process.stdin.resume();
  return () => {
    process.stdin.off('keypress', handler);
    process.stdin.setRawMode?.(false);
    process.stdin.pause();
  };
}
