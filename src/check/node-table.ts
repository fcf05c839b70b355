// A table from AST nodes to what the checker learned about them. It stores the value on the node
// under a private symbol: a Map keyed by objects made the checker spend most of its time hashing.
// The table of the most recent check of a node wins, which is what the compiler (run right after
// its check) and lint read.

import { CALL_FACT, IDENT_FACT, REGEX_FACT } from '../ast/nodes.js';

export class NodeTable<K extends object, V> {
  constructor(private readonly key: symbol) {}

  get(node: K): V | undefined {
    return (node as Record<symbol, V | undefined>)[this.key];
  }

  set(node: K, value: V): this {
    (node as Record<symbol, V>)[this.key] = value;
    return this;
  }

  has(node: K): boolean {
    return (node as Record<symbol, V | undefined>)[this.key] !== undefined;
  }
}

/**
 * One symbol per kind of fact, shared by every check, so nodes keep one slot per fact. Names and strings
 * are made with the slots for theirs (ast/nodes.ts).
 */
export const NODE_KEYS = {
  type: Symbol('vcl-edge.type'),
  ident: IDENT_FACT,
  call: CALL_FACT,
  regex: REGEX_FACT,
  frameSize: Symbol('vcl-edge.frameSize'),
} as const;
