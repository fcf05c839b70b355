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

// The tables read on every name and string (the compiler asks for each of them) each have methods of
// their own that name their slot: V8 then sees one key and one kind of node at each read, not the keys of
// every table and the nodes of every kind at one shared read, which made the lookups a tenth of a compile.

type Slots = Record<symbol, unknown>;

export class IdentTable<K extends object, V> extends NodeTable<K, V> {
  constructor() {
    super(IDENT_FACT);
  }
  override get(node: K): V | undefined {
    return (node as Slots)[IDENT_FACT] as V | undefined;
  }
  override set(node: K, value: V): this {
    (node as Slots)[IDENT_FACT] = value;
    return this;
  }
  override has(node: K): boolean {
    return (node as Slots)[IDENT_FACT] !== undefined;
  }
}

export class CallTable<K extends object, V> extends NodeTable<K, V> {
  constructor() {
    super(CALL_FACT);
  }
  override get(node: K): V | undefined {
    return (node as Slots)[CALL_FACT] as V | undefined;
  }
  override set(node: K, value: V): this {
    (node as Slots)[CALL_FACT] = value;
    return this;
  }
  override has(node: K): boolean {
    return (node as Slots)[CALL_FACT] !== undefined;
  }
}

export class RegexTable<K extends object, V> extends NodeTable<K, V> {
  constructor() {
    super(REGEX_FACT);
  }
  override get(node: K): V | undefined {
    return (node as Slots)[REGEX_FACT] as V | undefined;
  }
  override set(node: K, value: V): this {
    (node as Slots)[REGEX_FACT] = value;
    return this;
  }
  override has(node: K): boolean {
    return (node as Slots)[REGEX_FACT] !== undefined;
  }
}

/**
 * One symbol per kind of fact, shared by every check, so nodes keep one slot per fact. Names, calls and
 * strings are made with the slots for theirs (ast/nodes.ts).
 */
export const NODE_KEYS = {
  type: Symbol('vcl-edge.type'),
  ident: IDENT_FACT,
  call: CALL_FACT,
  regex: REGEX_FACT,
  frameSize: Symbol('vcl-edge.frameSize'),
} as const;
