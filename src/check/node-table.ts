// A table from AST nodes to what the checker learned about them. It stores the value on the node
// under a private symbol: a Map keyed by objects made the checker spend most of its time hashing.
// The table of the most recent check of a node wins, which is what the compiler (run right after
// its check) and lint read.

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

/** One symbol per kind of fact, shared by every check, so nodes keep one slot per fact. */
export const NODE_KEYS = {
  type: Symbol('vcl-edge.type'),
  ident: Symbol('vcl-edge.ident'),
  call: Symbol('vcl-edge.call'),
  regex: Symbol('vcl-edge.regex'),
  frameSize: Symbol('vcl-edge.frameSize'),
} as const;
