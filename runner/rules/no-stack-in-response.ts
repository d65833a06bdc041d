// OWASP Error Handling Cheat Sheet: a stack trace belongs in the server's log, never
// in a response. Reading `.stack` anywhere but inside a log call is how it leaks,
// often behind a debug switch that a test run never turns on.
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { RuleFinding, StaticRule } from './types.js';

const LOG_CALLEE = /^(console|logger|log)\.(error|warn|info|debug|log|trace)$/;

export const noStackInResponse: StaticRule = {
  name: 'no-stack-in-response',
  why: 'a stack trace in a response tells an attacker your file layout, libraries and versions; log it on the server instead (OWASP Error Handling Cheat Sheet)',
  accepts: '`.stack` read inside a log call (console, logger or log, with .error, .warn, .info, .debug, .log or .trace), such as console.error(error.stack); read anywhere else, even behind a debug switch, it is flagged. Send a fixed message in the response instead',
  check: (file: SourceFile): RuleFinding[] =>
    file
      .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
      .filter((access) => access.getName() === 'stack' && !isInsideLogCall(access))
      .map((access) => ({
        line: access.getStartLineNumber(),
        message: `\`${access.getText()}\` is read outside a log call`,
      })),
};

function isInsideLogCall(node: Node): boolean {
  const call = node.getFirstAncestor((ancestor) => Node.isCallExpression(ancestor));
  return call !== undefined && Node.isCallExpression(call) && LOG_CALLEE.test(call.getExpression().getText());
}
