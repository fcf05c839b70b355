// The type each kind of literal has.
import type { Expression, TypeName } from '../ast/ast.js';

export const LITERAL_TYPES: Readonly<Partial<Record<Expression['kind'], TypeName>>> = {
  String: 'STRING',
  Integer: 'INTEGER',
  Float: 'FLOAT',
  RTime: 'RTIME',
  Bool: 'BOOL',
};
