// Chevrotain, loaded from the single-file bundle its package publishes. The package's entry
// (lib/src/api.js) imports lodash-es as some 650 separate modules, which cost every start of the CLI
// about 0.4 s (`vcl-edge lint` of one small file took 0.67 s, most of it there); lib/chevrotain.mjs is
// the same code in one file. Everything in vcl-edge imports Chevrotain through this module: two copies
// would each number their own token types.
import type * as Chevrotain from 'chevrotain';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = createRequire(import.meta.url).resolve('chevrotain'); // …/chevrotain/lib/src/api.js
const bundle = join(dirname(entry), '..', 'chevrotain.mjs');

/** The file Chevrotain was loaded from (a Chevrotain without the bundle falls back to its entry). */
export const chevrotainFile = existsSync(bundle) ? bundle : entry;

const chevrotain = (await import(pathToFileURL(chevrotainFile).href)) as typeof Chevrotain;

export const { createToken, EmbeddedActionsParser, EOF, Lexer, tokenLabel, tokenMatcher } = chevrotain;
export type {
  CustomPatternMatcherFunc,
  IOrAlt,
  IParserErrorMessageProvider,
  IRecognitionException,
  IToken,
  OrMethodOpts,
  TokenType,
} from 'chevrotain';
