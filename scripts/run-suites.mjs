// Runs every test suite in turn, streams its output, and ends with one line
// "N passed, M failed" totalling all of them. Exits non-zero on any failure,
// including a suite that crashes or reports no tests.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const nodeTap = (dir, extra = []) => ({
  cmd: process.execPath,
  args: ['--test', '--test-reporter=tap', ...extra, ...testFiles(dir)],
  parse: (out) => ({ passed: count(out, /^# pass (\d+)/m), failed: count(out, /^# fail (\d+)/m) }),
  present: testFiles(dir).length > 0,
});

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.test\.mjs$/.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

function count(text, pattern) {
  const m = text.match(pattern);
  return m ? Number(m[1]) : 0;
}

const ctest = (dir) => ({
  cmd: 'ctest',
  args: ['--test-dir', dir, '--output-on-failure', '-j2'],
  parse: (out) => {
    const m = out.match(/(\d+)% tests passed, (\d+) tests? failed out of (\d+)/);
    return m ? { passed: Number(m[3]) - Number(m[2]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
  },
  present: existsSync(`${dir}/CTestTestfile.cmake`),
});

// Which suites run is chosen by the caller: node scripts/run-suites.mjs core js docs browser ...
const all = {
  core: { title: 'C++ core (Catch2 via ctest)', ...ctest('build/native') },
  sanitize: { title: 'C++ core under ASan + UBSan', ...ctest('build/sanitize') },
  js: { title: 'wasm module in Node', ...nodeTap('tests/js') },
  docs: { title: 'tutorial text: lint and claims', ...nodeTap('tests/docs') },
  browser: { title: 'site in Chromium', ...nodeTap('tests/browser', ['--test-concurrency=1']) },
  format: {
    title: 'formatting (clang-format, Prettier)',
    cmd: 'npm',
    args: ['run', '-s', 'format:check'],
    parse: () => ({ passed: 0, failed: 0 }), // judged by the exit code: 1 passed or 1 failed
    present: true,
    single: true,
  },
  fuzz: {
    title: 'libFuzzer targets under ASan + UBSan',
    cmd: process.execPath,
    args: ['scripts/fuzz.mjs'],
    parse: (out) => ({ passed: count(out, /^# pass (\d+)/m), failed: count(out, /^# fail (\d+)/m) }),
    present: existsSync('build/fuzz/tests/fuzz/fuzz_trainer'),
  },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
let passed = 0;
let failed = 0;
for (const name of wanted) {
  const suite = all[name];
  if (!suite) {
    console.error(`unknown suite ${name}`);
    failed += 1;
    continue;
  }
  if (!suite.present) {
    console.log(`\n== ${suite.title}: no tests found, counted as a failure`);
    failed += 1;
    continue;
  }
  console.log(`\n== ${suite.title}`);
  const { code, output } = await run(suite.cmd, suite.args);
  const result = suite.parse(output);
  if (suite.single) result[code === 0 ? 'passed' : 'failed'] = 1;
  if (code !== 0 && result.failed === 0) result.failed = 1; // crashed or failed outside a test
  if (result.passed + result.failed === 0) result.failed = 1; // ran nothing
  console.log(`== ${suite.title}: ${result.passed} passed, ${result.failed} failed`);
  passed += result.passed;
  failed += result.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const forward = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('error', (error) => {
      output += String(error);
      resolve({ code: 1, output });
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
