// Runs each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60),
// two at a time, starting from the seed corpus in tests/fuzz/corpus/<target>
// (copied, so the repository is not changed). Prints TAP-style lines and
// "# pass N" / "# fail M" for scripts/run-suites.mjs. A crash, a sanitizer
// report or a leak fails the target; its reproducer is left in build/fuzz/artifacts/.
// Longer run: FUZZ_SECONDS=600 node scripts/fuzz.mjs
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.env.FUZZ_SECONDS || 60);
const targets = ['fuzz_functions', 'fuzz_config', 'fuzz_weights', 'fuzz_trainer', 'fuzz_decimal'];
const artifacts = 'build/fuzz/artifacts/';
mkdirSync(artifacts, { recursive: true });

function fuzz(target) {
  const corpus = mkdtempSync(join(tmpdir(), `${target}-`));
  cpSync(`tests/fuzz/corpus/${target}`, corpus, { recursive: true });
  const args = [
    `-max_total_time=${seconds}`,
    '-timeout=20',
    '-rss_limit_mb=2048',
    '-print_final_stats=1',
    `-artifact_prefix=${artifacts}${target}-`,
    corpus,
  ];
  return new Promise((resolve) => {
    const child = spawn(`build/fuzz/tests/fuzz/${target}`, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => {
      rmSync(corpus, { recursive: true, force: true });
      const runs = log.match(/stat::number_of_executed_units:\s*(\d+)/)?.[1] ?? '?';
      resolve({ target, ok: code === 0, runs, log });
    });
    child.on('error', (error) => resolve({ target, ok: false, runs: 0, log: String(error) }));
  });
}

const results = [];
for (let i = 0; i < targets.length; i += 2) results.push(...(await Promise.all(targets.slice(i, i + 2).map(fuzz))));
let n = 0;
for (const r of results) {
  n += 1;
  console.log(`${r.ok ? 'ok' : 'not ok'} ${n} - ${r.target}: ${r.runs} inputs in ${seconds} s without a crash`);
  if (!r.ok) {
    // What went wrong first (a CI log may show only the lines after "not ok"), then the tail.
    const lines = r.log.split('\n');
    const key = lines.filter((l) =>
      /ERROR:|SUMMARY:|runtime error|deadly signal|^FAILED:|Test unit written|^Base64:|^\s+#\d+ 0x.*\/(core|tests|wasm)\/\S*\.[ch]pp:\d+/.test(
        l,
      ),
    );
    const tail = lines.slice(-30);
    const first = key.filter((l) => !tail.includes(l)).slice(0, 30);
    const shown = first.length ? [...first, '...', ...tail] : tail;
    console.log(shown.map((l) => `  # ${l}`).join('\n'));
  }
}
console.log(`# pass ${results.filter((r) => r.ok).length}`);
console.log(`# fail ${results.filter((r) => !r.ok).length}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
