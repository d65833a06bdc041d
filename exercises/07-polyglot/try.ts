// `npm run try 07` runs this file: your JSON-RPC server from src/stdio-server.ts, reading
// the lines you type and answering on the next line, as another program would drive it.
// It restarts whenever you save. Nothing to edit here. Ctrl-D ends the input; Ctrl-C stops it.
import { main } from './src/stdio-server.js';

// On stderr, as the server's own logs are: stdout carries JSON-RPC answers only.
console.error(`Type one JSON-RPC request a line, for example (from the README):
  {"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}
  {"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}
  [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"}, {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]
  {"jsonrpc": "2.0", "method": "int64_add", "params": ["9007199254740993", "1"], "id": 4}`);

await main().catch((error: unknown) => {
  console.error(error);
  console.error('The server stopped: save a fix and it starts again.');
});
