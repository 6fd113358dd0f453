/**
 * An evaluator for the subset of Azure AI Search OData filters Lumen sends (`eq`, `ne`, `gt`, `lt`,
 * `and`, `or`, `not`, parentheses, string/boolean/number literals with `''` escapes,
 * `collection/any(x: …)` and `search.in(x, 'a,b', ',')`), strict enough that a badly
 * escaped value fails to parse instead of matching by accident.
 */
export type Doc = Record<string, unknown>;

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'id'; v: string }
  | { t: 'op'; v: '(' | ')' | ',' | ':' | '/' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new Error('unterminated string literal');
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += input[i++];
      }
      tokens.push({ t: 'str', v: value });
    } else if ('(),:/'.includes(c)) {
      tokens.push({ t: 'op', v: c as '(' });
      i++;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i))!;
      tokens.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(input.slice(i))!;
      tokens.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return tokens;
}

type Env = Record<string, unknown>;
type Expr = (doc: Doc, env: Env) => boolean;
type Value = (doc: Doc, env: Env) => unknown;

/** Parses a filter into a predicate; throws on anything outside the subset or malformed. */
export function parseFilter(filter: string): (doc: Doc) => boolean {
  const tokens = tokenize(filter);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new Error('unexpected end of filter');
    return token;
  };
  const expectOp = (v: string) => {
    const token = next();
    if (token.t !== 'op' || token.v !== v) throw new Error(`expected ${v}`);
  };
  const isWord = (v: string) => {
    const token = peek();
    return token?.t === 'id' && token.v === v;
  };

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (isWord('or')) {
      pos++;
      const a = left;
      const b = parseAnd();
      left = (d, e) => a(d, e) || b(d, e);
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseUnary();
    while (isWord('and')) {
      pos++;
      const a = left;
      const b = parseUnary();
      left = (d, e) => a(d, e) && b(d, e);
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (isWord('not')) {
      pos++;
      const inner = parseUnary();
      return (d, e) => !inner(d, e);
    }
    const token = peek();
    if (token?.t === 'op' && token.v === '(') {
      pos++;
      const inner = parseOr();
      expectOp(')');
      return inner;
    }
    if (token?.t === 'id' && token.v === 'search.in') {
      pos++;
      expectOp('(');
      const variable = parseValue();
      expectOp(',');
      const list = next();
      if (list.t !== 'str') throw new Error('search.in needs a string list');
      let delimiters = ', ';
      if (peek()?.t === 'op' && (peek() as { v: string }).v === ',') {
        pos++;
        const d = next();
        if (d.t !== 'str') throw new Error('search.in delimiters must be a string');
        delimiters = d.v;
      }
      expectOp(')');
      const values = splitOn(list.v, delimiters);
      return (d, e) => values.includes(String(variable(d, e)));
    }
    const following = tokens[pos + 1];
    if (token?.t === 'id' && following?.t === 'op' && following.v === '/') return parseValue() as Expr;
    const left = parseValue();
    const op = next();
    if (op.t !== 'id' || !['eq', 'ne', 'gt', 'lt'].includes(op.v)) {
      throw new Error(`expected a comparison, got ${JSON.stringify(op)}`);
    }
    const right = parseValue();
    const compare = (d: Doc, e: Env) => {
      const a = left(d, e) as string | number;
      const b = right(d, e) as string | number;
      return a < b ? -1 : a > b ? 1 : 0;
    };
    if (op.v === 'eq') return (d, e) => left(d, e) === right(d, e);
    if (op.v === 'ne') return (d, e) => left(d, e) !== right(d, e);
    return op.v === 'gt' ? (d, e) => compare(d, e) > 0 : (d, e) => compare(d, e) < 0;
  };
  const parseValue = (): Value | Expr => {
    const token = next();
    if (token.t === 'str' || token.t === 'num') return () => token.v;
    if (token.t !== 'id') throw new Error('expected a value');
    if (token.v === 'true') return () => true;
    if (token.v === 'false') return () => false;
    if (token.v === 'null') return () => null;
    const field = token.v;
    const after = peek();
    if (after?.t === 'op' && after.v === '/') {
      pos++;
      const fn = next();
      if (fn.t !== 'id' || fn.v !== 'any') throw new Error('only any() lambdas are supported');
      expectOp('(');
      const variable = next();
      if (variable.t !== 'id') throw new Error('expected a lambda variable');
      expectOp(':');
      const body = parseOr();
      expectOp(')');
      return ((d: Doc, e: Env) => {
        const items = (d[field] as unknown[] | undefined) ?? [];
        return items.some((item) => body(d, { ...e, [variable.v]: item }));
      }) as Expr;
    }
    return (d, e) => (field in e ? e[field] : (d[field] ?? null));
  };

  const expr = parseOr();
  if (pos !== tokens.length) throw new Error(`unexpected ${JSON.stringify(tokens[pos])}`);
  return (doc) => expr(doc, {});
}

function splitOn(text: string, delimiters: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const c of text) {
    if (delimiters.includes(c)) {
      if (current) out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}
