// Every numeric claim in the text is checked against the compiled core.
//
// A paragraph states a number and carries a machine-readable claim next to it:
//   Sigmoid 的导数最大为 0.25。<!-- claim: near(maxOf(x => df('sigmoid', x), -10, 10), "0.25") -->
// The claim is JavaScript evaluated here with the helpers below; it must be
// true. Numbers in claims are written as strings: near() then accepts exactly
// the rounding error of the digits written, and the test checks that the
// string appears in the paragraph's text. Conversely, every decimal number in
// a paragraph must appear in one of its claims or be listed as a setting we
// chose (<!-- given: 0.1 -->). So changing a number in the text, or in the
// claim, fails this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blocks, core, read, rel, tutorialPages } from './lib.mjs';

const DECIMAL = /(?<![\w.])\d+\.\d+(?:e-?\d+)?(?![\d.]*\d)/g;

function tolerance(s) {
  const m = s.replace(/^[-−]/, '').match(/^(\d+)(?:\.(\d+))?(?:e(-?\d+))?$/);
  if (!m) throw new Error(`not a number string: ${s}`);
  const decimals = m[2] ? m[2].length : 0;
  const exponent = m[3] ? Number(m[3]) : 0;
  return 0.5 * 10 ** (exponent - decimals) * (1 + 1e-9);
}

function helpers(m) {
  const log = [];
  const f = (id, x, params = []) => m.activationEval(id, [x], params)[0];
  const df = (id, x, params = []) => m.activationGrad(id, [x], params)[0];
  const grid = (a, b, n = 20001) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  // Grid search, then two rounds of refinement on a finer local grid.
  const argmaxOf = (g, a, b) => {
    const search = (lo, hi, n) => {
      let best = lo;
      let top = g(lo);
      for (const x of grid(lo, hi, n)) {
        const v = g(x);
        if (v > top) {
          top = v;
          best = x;
        }
      }
      return best;
    };
    let step = (b - a) / 20000;
    let best = search(a, b, 20001);
    for (let round = 0; round < 2; round++) {
      best = search(Math.max(a, best - 2 * step), Math.min(b, best + 2 * step), 2001);
      step /= 500;
    }
    return best;
  };
  const maxOf = (g, a, b) => g(argmaxOf(g, a, b));
  const minOf = (g, a, b) => -maxOf((x) => -g(x), a, b);
  const argminOf = (g, a, b) => argmaxOf((x) => -g(x), a, b);
  const L = (id, pred, target, params = []) => m.lossEval(id, pred, target, params);
  const dL = (id, pred, target, params = []) => Array.from(m.lossGrad(id, pred, target, params));
  const near = (value, expected) => {
    const want = typeof expected === 'string' ? Number(expected.replace(/−/g, '-')) : expected;
    const tol = typeof expected === 'string' ? tolerance(expected) : 1e-12;
    const ok = Number.isFinite(value) && Math.abs(value - want) <= tol;
    log.push(`${value} vs ${expected} (±${tol.toPrecision(2)}) ${ok ? 'ok' : 'WRONG'}`);
    return ok;
  };
  const all = (xs, pred) => xs.every(pred);
  const meta = (id) => m.activationList().find((a) => a.id === id);
  const lossMeta = (id) => m.lossList().find((l) => l.id === id);
  const prod = (xs) => xs.reduce((a, b) => a * b, 1);
  const softmax = (z) => {
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  // The <actlab-chain> model: z1 = z, a_l = φ(z_l), z_(l+1) = w a_l; returns
  // ∂a_n/∂z_1 = Π φ'(z_l) · w^(n-1).
  const chain = (id, layers, z, w) => {
    let product = 1;
    for (let l = 0; l < layers; l++) {
      product *= (l > 0 ? w : 1) * df(id, z);
      z = w * f(id, z);
    }
    return product;
  };
  // E[g(Z)] for Z ~ N(0, 1), by Simpson's rule on [-12, 12].
  const normalMean = (g) => {
    const n = 24000;
    const h = 24 / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const z = -12 + i * h;
      const weight = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      sum += weight * g(z) * Math.exp(-0.5 * z * z);
    }
    return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
  };
  // The ravine surface f = 0.1x² + 4y² of <actlab-descent>, as the widget runs it
  // (the module's descentPath: torch.optim's rules from the start (-4.5, 1.5)).
  // descend gives the last point [x, y]; a diverged path stops where it diverged.
  const descentRun = (optimizer, lr, steps) => m.descentPath('ravine', optimizer, lr, steps);
  const descend = (optimizer, lr, steps) => {
    const p = descentRun(optimizer, lr, steps);
    return [p.x.at(-1), p.y.at(-1)];
  };
  const divergedAt = (optimizer, lr, steps) => descentRun(optimizer, lr, steps).divergedAt;
  return {
    log,
    env: {
      descend,
      divergedAt,
      normalMean,
      chain,
      f,
      df,
      grid,
      maxOf,
      minOf,
      argmaxOf,
      argminOf,
      L,
      dL,
      near,
      all,
      meta,
      lossMeta,
      prod,
      softmax,
    },
  };
}

// The paragraph's visible text: comments, code, tags and link targets removed.
function proseOf(text) {
  return text
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/“[^”]*”/g, '“”'); // quoted (wrong) statements are quotations, not claims
}

function collect() {
  const paragraphs = [];
  for (const file of tutorialPages()) {
    if (/TERMINOLOGY|STYLE_GUIDE|references/.test(file)) continue; // not claims: glossary, rules, citations
    for (const b of blocks(read(file))) {
      if (b.kind !== 'text') continue;
      const claims = [...b.text.matchAll(/<!--\s*claim:\s*([\s\S]*?)-->/g)].map((c) => c[1].trim());
      const given = [...b.text.matchAll(/<!--\s*given:\s*([\s\S]*?)-->/g)].flatMap((g) => g[1].trim().split(/\s+/));
      let prose = proseOf(b.text);
      // A formula checked against the core by formulas.test.mjs needs no claim.
      if (/<!--\s*(formula|derivative|loss-formula|loss-gradient):/.test(b.text))
        prose = prose.replace(/\$\$[\s\S]*?\$\$/g, ' ');
      paragraphs.push({ where: `${rel(file)}:${b.line}`, claims, given, prose });
    }
  }
  return paragraphs;
}

const stringsIn = (claim) => [...claim.matchAll(/"(-?[\d.]+(?:e-?\d+)?)"/g)].map((s) => s[1]);
const mantissa = (s) => s.replace(/^-/, '').replace(/e-?\d+$/, '');

test('the book makes numeric claims and every one of them holds in the core', async () => {
  const m = await core();
  const paragraphs = collect();
  const total = paragraphs.reduce((n, p) => n + p.claims.length, 0);
  assert.ok(total >= 30, `only ${total} claims in the book`);
  const problems = [];
  for (const p of paragraphs) {
    for (const claim of p.claims) {
      const { log, env } = helpers(m);
      let result;
      try {
        result = new Function(...Object.keys(env), `return (${claim});`)(...Object.values(env));
      } catch (error) {
        problems.push(`${p.where}: claim throws: ${claim}\n  ${error.message}`);
        continue;
      }
      if (result !== true) problems.push(`${p.where}: claim is false: ${claim}\n  ${log.join('\n  ')}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every number a claim checks is written in its paragraph', () => {
  const problems = [];
  for (const p of collect()) {
    const numbers = new Set([...p.prose.matchAll(DECIMAL)].map((n) => n[0]));
    const ints = new Set([...p.prose.matchAll(/(?<![\w.])\d+(?![\w.]*\d)/g)].map((n) => n[0]));
    for (const claim of p.claims) {
      for (const s of stringsIn(claim)) {
        const shown = mantissa(s);
        if (!numbers.has(shown) && !ints.has(shown))
          problems.push(`${p.where}: claim checks "${s}" but the text does not say ${shown}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('every decimal number in the text is covered by a claim or marked as a chosen setting', () => {
  const problems = [];
  for (const p of collect()) {
    const covered = new Set([...p.claims.flatMap(stringsIn).map(mantissa), ...p.given]);
    for (const n of p.prose.matchAll(DECIMAL)) {
      if (!covered.has(n[0])) problems.push(`${p.where}: ${n[0]} has no claim`);
    }
  }
  assert.deepEqual(problems, []);
});

test('near() only accepts the rounding error of the digits written', async () => {
  const { env } = helpers(await core());
  assert.equal(env.near(0.25, '0.25'), true);
  assert.equal(env.near(0.2549, '0.25'), true);
  assert.equal(env.near(0.256, '0.25'), false);
  assert.equal(env.near(env.df('sigmoid', 0), '0.4'), false);
  assert.equal(env.near(9.54e-7, '9.5e-7'), true);
  assert.equal(env.near(9.6e-7, '9.5e-7'), false);
});
