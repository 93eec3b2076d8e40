// The trainer widgets in Chromium, on the built site under the strict CSP
// (issue 5): the playground learns circle (>= 90% test accuracy, falling loss)
// and digits (>= 90%), the vanishing-gradient preset shows relu reaching the
// loss threshold first, URL state round-trips, no long task exceeds 50 ms while
// training, divergence offers a one-click fix, a removed element stops and frees
// its trainer, and the PyTorch snippet the page exports compiles (and, with
// python3-torch, builds the same architecture). Screenshots at 1280 and 375 px
// are saved under test-results/screenshots/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  requireBuiltSite,
  screenshot,
  siteRoot,
  siteSession,
  trainerReady,
  openTrainerPage,
  playUntil,
  viewDiagnostics,
  startSite,
  watchedPage,
} from './harness.mjs';

// ACTLAB_TEST_SITE points the suite at another build (e.g. one under a sub-path).
const root = process.env.ACTLAB_TEST_SITE ?? siteRoot;
requireBuiltSite(root);
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const ready = trainerReady;

describe('trainer widgets in Chromium', () => {
  const session = siteSession({ site: { root }, context: { viewport: DESKTOP, locale: 'zh-CN' } }); // with the strict CSP

  const open = (pathAndQuery, tag) => openTrainerPage(session, pathAndQuery, tag);

  test('playground: circle with the default settings reaches >= 90% test accuracy and the loss falls', async () => {
    const page = await open('embed/playground?speed=fast', 'actlab-playground');
    try {
      const before = await page.evaluate(() => document.querySelector('actlab-playground').plotted());
      assert.equal(before.dataset.id, 'circle');
      assert.deepEqual(
        before.config.layers.map((l) => [l.units, l.activation]),
        [
          [8, 'tanh'],
          [8, 'tanh'],
        ],
      );
      const reached = await playUntil(
        page,
        'actlab-playground',
        (t) => {
          const m = document.querySelector(t).metrics();
          return m && m.step >= 800 ? m : null;
        },
        30_000,
      );
      assert.ok(reached, 'training did not reach 800 steps in 30 s');
      await page.evaluate(() => document.querySelector('actlab-playground').pause());
      await viewDiagnostics(page, 'actlab-playground');
      const result = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        return { evaluation: el.evaluate(), plotted: el.plotted() };
      });
      assert.ok(result.evaluation.testAccuracy >= 0.9, `exact test accuracy ${result.evaluation.testAccuracy}`);
      const train = result.plotted.series.find((s) => s.id === 'trainLoss').y.filter(Number.isFinite);
      // one sample a frame at 100 steps a frame: 800 steps give about 9 (10 if a frame passes before the poll)
      assert.ok(train.length >= 8, `${train.length} points on the loss curve`);
      assert.ok(train[train.length - 1] < train[0] / 3, `loss went from ${train[0]} to ${train[train.length - 1]}`);
      // the decision boundary is drawn from predictGrid: both classes present
      const values = result.plotted.grid.values;
      assert.ok(values.some((v) => v < 0.2) && values.some((v) => v > 0.8), 'the heatmap shows both classes');
      // the network view and the diagnostics show every hidden layer
      assert.deepEqual(result.plotted.network.layers, [2, 8, 8, 1]);
      assert.equal(result.plotted.network.heatmaps, 8 + 8 + 1);
      assert.equal(result.plotted.diagnostics.length, 2);
      const d = result.plotted.diagnostics[0];
      assert.equal(d.activation, 'tanh');
      assert.ok(d.counts.reduce((a, b) => a + b, 0) > 0, 'histogram has counts');
      assert.ok(Math.abs(d.f[0] - Math.tanh(d.x[0])) < 1e-9, 'f drawn under the histogram is tanh');
      assert.ok(
        result.plotted.gradNorms.ys[0].some((v) => v > 0),
        'gradient norms recorded',
      );
      await screenshot(page, 'trainer-playground-circle-desktop');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      await screenshot(page, 'trainer-playground-circle-phone');
      await page.setViewportSize(DESKTOP);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: no long task over 50 ms while training with the default settings', async () => {
    // The machine's two cores are shared with other jobs, which can stretch any
    // task; up to three 4-second windows are measured and one must be clean.
    const page = await open('embed/playground', 'actlab-playground');
    try {
      const attempts = [];
      for (let attempt = 0; attempt < 3; ++attempt) {
        // fresh weights first, in a task of its own (rebuilding is not training)
        await page.evaluate(() => document.querySelector('actlab-playground').resetTraining());
        await page.waitForTimeout(200);
        const window = await page.evaluate(
          () =>
            new Promise((resolve) => {
              const el = document.querySelector('actlab-playground');
              const seen = [];
              const observer = new PerformanceObserver((list) => {
                for (const e of list.getEntries()) seen.push(Math.round(e.duration));
              });
              observer.observe({ type: 'longtask' });
              const before = el.trainingStats();
              el.play();
              setTimeout(() => {
                observer.disconnect();
                el.pause();
                const stats = el.trainingStats();
                resolve({ seen, frames: stats.frames - before.frames, longestWorkMs: stats.longestFrameWorkMs });
              }, 4000);
            }),
        );
        attempts.push(window);
        if (window.seen.every((d) => d <= 50)) break;
      }
      const last = attempts[attempts.length - 1];
      assert.ok(last.frames > 60, `only ${last.frames} frames in 4 s`);
      assert.ok(
        attempts.some((a) => a.seen.every((d) => d <= 50)),
        `long tasks in every window: ${attempts.map((a) => `[${a.seen.join(', ')}] ms`).join('; ')} (widget's longest frame ${last.longestWorkMs} ms)`,
      );
    } finally {
      await page.close();
    }
  });

  test('playground: digits reaches >= 90% test accuracy, with a confusion matrix and misclassified digits', async () => {
    const page = await open('embed/playground?dataset=digits&speed=max', 'actlab-playground');
    try {
      const info = await page.evaluate(() => document.querySelector('actlab-playground').plotted().dataset);
      assert.deepEqual([info.train + info.test, info.nFeatures, info.source], [1797, 64, 'file']);
      const m = await playUntil(
        page,
        'actlab-playground',
        (t) => {
          const m = document.querySelector(t).metrics();
          return m && m.epoch >= 10 ? m : null;
        },
        40_000,
      );
      assert.ok(m, 'digits did not train 10 epochs in 40 s');
      const out = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        el.pause();
        const p = el.plotted();
        const root = el.shadowRoot;
        return {
          evaluation: el.evaluate(),
          confusion: p.confusion,
          images: root.querySelectorAll('.mistakes canvas').length,
          mistakes: p.mistakes.length,
        };
      });
      assert.ok(out.evaluation.testAccuracy >= 0.9, `digits test accuracy ${out.evaluation.testAccuracy}`);
      assert.equal(out.confusion.length, 10);
      assert.equal(
        out.confusion.flat().reduce((a, b) => a + b, 0),
        info.test,
      );
      assert.equal(out.images, out.mistakes);
      await screenshot(page, 'trainer-playground-digits-desktop');
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: the losses and accuracies shown are those of the current weights (digits, single steps)', async () => {
    // The trainer's own test figures come from its last complete sweep of the test set,
    // 270 steps long on digits: 30 steps in they were still those of the initial weights.
    const page = await open('embed/playground?dataset=digits', 'actlab-playground');
    try {
      const out = await page.evaluate(async () => {
        const el = document.querySelector('actlab-playground');
        await el.whenDataReady();
        for (let i = 0; i < 30; ++i) el.stepOnce(1);
        return { shown: el.metrics(), exact: el.evaluate(), stats: el.shadowRoot.querySelector('.stats').textContent };
      });
      const { shown, exact } = out;
      assert.equal(shown.step, 30);
      for (const key of ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'])
        assert.equal(shown[key], exact[key], `${key} shown ${shown[key]}, of the current weights ${exact[key]}`);
      assert.ok(exact.testAccuracy > 0.5, `test accuracy after 30 steps: ${exact.testAccuracy}`);
      assert.ok(
        out.stats.includes(`测试准确率 ${(exact.testAccuracy * 100).toFixed(1)}%`),
        `the stats line does not show the test accuracy ${exact.testAccuracy}: ${out.stats}`,
      );
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('compare: preset vanishing shows relu reaching the loss threshold first', async () => {
    const page = await open('embed/compare?preset=vanishing&speed=max&steps=1500', 'actlab-compare');
    try {
      const text = await page.evaluate(
        () => document.querySelector('actlab-compare').shadowRoot.querySelector('.explanation').textContent,
      );
      assert.match(text, /sigmoid.*relu/);
      const runs = await page.evaluate(async () => {
        const el = document.querySelector('actlab-compare');
        el.play();
        await el.whenFinished();
        return el.plotted();
      });
      assert.deepEqual(
        runs.runs.map((r) => r.id),
        ['sigmoid', 'relu'],
      );
      assert.equal(runs.firstToThreshold, 'relu');
      const sigmoid = runs.runs.find((r) => r.id === 'sigmoid');
      const relu = runs.runs.find((r) => r.id === 'relu');
      assert.ok(sigmoid.reachedAt === null || sigmoid.reachedAt > relu.reachedAt, JSON.stringify(runs.runs));
      assert.ok(
        runs.runs.every((r) => r.step === 1500),
        'all runs trained the same number of steps',
      );
      assert.equal(runs.x.length, runs.series[0].y.length, 'one shared step axis');
      assert.equal(runs.configs[0].seed, runs.configs[1].seed, 'same seed');
      await screenshot(page, 'trainer-compare-vanishing-desktop');
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      await screenshot(page, 'trainer-compare-vanishing-phone');
      await page.setViewportSize(DESKTOP);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('URL state round-trips through the embed pages, and a bad value shows a Chinese notice', async () => {
    const query = 'dataset=moons&layers=6,3&act=relu,tanh&optimizer=sgd&lr=0.1&batch=8';
    const page = await open(`embed/playground?${query}`, 'actlab-playground');
    try {
      const state = await page.evaluate(() => document.querySelector('actlab-playground').getState());
      assert.deepEqual(
        [state.dataset, state.layers, state.act, state.optimizer, state.lr, state.batch],
        ['moons', '6,3', 'relu,tanh', 'sgd', '0.1', '8'],
      );
      const config = await page.evaluate(() => document.querySelector('actlab-playground').plotted().config);
      assert.deepEqual(
        config.layers.map((l) => [l.units, l.activation]),
        [
          [6, 'relu'],
          [3, 'tanh'],
        ],
      );
      // a change through the UI lands in the URL ...
      await page.evaluate(() => {
        const selects = [...document.querySelector('actlab-playground').shadowRoot.querySelectorAll('select')];
        const optimizer = selects.find((s) => [...s.options].some((o) => o.value === 'nesterov'));
        optimizer.value = 'momentum';
        optimizer.dispatchEvent(new Event('change'));
      });
      assert.match(new URL(page.url()).search, /optimizer=momentum/);
      // ... and a reload restores it
      await page.reload();
      await ready(page, 'actlab-playground');
      const again = await page.evaluate(() => document.querySelector('actlab-playground').getState());
      assert.deepEqual(
        [again.optimizer, again.layers, again.act, again.dataset],
        ['momentum', '6,3', 'relu,tanh', 'moons'],
      );
      // the compare lab too
      await page.goto(session.site.url + 'embed/compare?preset=optimizers&runs=sgd,adam&lr=0.05');
      await ready(page, 'actlab-compare');
      const compare = await page.evaluate(() => document.querySelector('actlab-compare').getState());
      assert.deepEqual(
        [compare.preset, compare.vary, compare.runs, compare.lr],
        ['optimizers', 'optimizer', 'sgd,adam', '0.05'],
      );
      // a bad value falls back and says why
      await page.goto(session.site.url + 'embed/playground?lr=50&layers=8,999');
      await ready(page, 'actlab-playground');
      const notice = await page.evaluate(
        () => document.querySelector('actlab-playground').shadowRoot.querySelector('.notice').textContent,
      );
      assert.match(notice, /lr 必须是 0\.0001 到 10 之间的数.*已改用默认值 0\.03/);
      assert.match(notice, /layers 必须是 1 到 8 个.*256/);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('divergence shows a Chinese message and the one-click fix lowers the learning rate', async () => {
    const page = await open('embed/playground?dataset=sin&optimizer=sgd&lr=10&act=relu&speed=max', 'actlab-playground');
    try {
      const shown = await playUntil(
        page,
        'actlab-playground',
        (t) => document.querySelector(t).plotted().diverged,
        10_000,
      );
      assert.ok(shown, 'no divergence message');
      const message = await page.evaluate(
        () => document.querySelector('actlab-playground').shadowRoot.querySelector('.diverged').textContent,
      );
      assert.match(message, /训练发散了/);
      assert.match(message, /把学习率降到 1 并重新开始/);
      await page.evaluate(() =>
        [...document.querySelector('actlab-playground').shadowRoot.querySelectorAll('.diverged button')][0].click(),
      );
      const after = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        return { lr: el.getState().lr, diverged: el.plotted().diverged, url: location.search };
      });
      assert.equal(after.lr, '1');
      assert.equal(after.diverged, false);
      assert.match(after.url, /lr=1(&|$)/);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('a removed element stops its loop and frees its trainers', async () => {
    const page = await open('embed/compare?preset=optimizers', 'actlab-compare');
    try {
      const result = await page.evaluate(async () => {
        const cmp = document.querySelector('actlab-compare');
        cmp.play();
        await new Promise((r) => setTimeout(r, 300));
        const trainers = cmp.runs.map((r) => r.trainer);
        const loop = cmp.loop;
        cmp.remove();
        const framesAtRemoval = loop.stats.frames;
        await new Promise((r) => setTimeout(r, 300));
        const freed = trainers.map((t) => {
          try {
            t.step(1);
            return false;
          } catch {
            return true;
          }
        });
        return { running: loop.running, frames: loop.stats.frames - framesAtRemoval, freed };
      });
      assert.equal(result.running, false);
      assert.equal(result.frames, 0, 'frames kept coming after removal');
      assert.deepEqual(result.freed, [true, true, true]);
      // the playground too
      await page.goto(session.site.url + 'embed/playground');
      await ready(page, 'actlab-playground');
      const playground = await page.evaluate(async () => {
        const el = document.querySelector('actlab-playground');
        el.play();
        await new Promise((r) => setTimeout(r, 300));
        const trainer = el.trainer;
        const loop = el.loop;
        el.remove();
        const frames = loop.stats.frames;
        await new Promise((r) => setTimeout(r, 300));
        let freed = false;
        try {
          trainer.step(1);
        } catch {
          freed = true;
        }
        return { running: loop.running, frames: loop.stats.frames - frames, freed };
      });
      assert.deepEqual(playground, { running: false, frames: 0, freed: true });
    } finally {
      await page.close();
    }
  });

  test('the PyTorch snippet exported by the page compiles and builds the same architecture', async () => {
    const page = await open('embed/playground?layers=5,4,3&act=relu,elu,gelu&loss=hinge', 'actlab-playground');
    let dir;
    try {
      const out = await page.evaluate(async () => {
        const el = document.querySelector('actlab-playground');
        el.stepOnce(5);
        return { exports: await el.exports(), config: el.plotted().config };
      });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-page-export-'));
      const file = path.join(dir, 'actlab_model.py');
      fs.writeFileSync(file, out.exports.pytorch);
      execFileSync(python, ['-m', 'py_compile', file], { stdio: 'pipe', timeout: 30_000 });
      JSON.parse(out.exports.weights);
      // the buttons save the weights JSON and a PNG of the charts
      await page.evaluate(
        () =>
          (document.querySelector('actlab-playground').shadowRoot.querySelector('details.section:last-of-type').open =
            true),
      );
      for (const [label, name] of [
        ['下载权重（JSON）', 'actlab-weights.json'],
        ['下载图表（PNG）', 'actlab-playground.png'],
      ]) {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 10_000 }),
          page.getByRole('button', { name: label }).click(),
        ]);
        assert.equal(download.suggestedFilename(), name);
        const saved = await download.path();
        const bytes = fs.readFileSync(saved);
        if (name.endsWith('.png')) assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
        else assert.equal(JSON.parse(bytes.toString('utf8')).format, 'actlab-weights');
      }
      let hasTorch = true;
      try {
        execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
      } catch {
        hasTorch = false;
      }
      if (hasTorch) {
        const summary = execFileSync(
          python,
          [
            '-c',
            `import json, runpy\nns = runpy.run_path(${JSON.stringify(file)})\nm = ns["model"]\nprint(json.dumps([[x.in_features, x.out_features] if type(x).__name__ == "Linear" else type(x).__name__ for x in m] + [sum(p.numel() for p in m.parameters())]))`,
          ],
          { encoding: 'utf8', timeout: 120_000 },
        );
        assert.deepEqual(JSON.parse(summary), [
          [2, 5],
          'ReLU',
          [5, 4],
          'ELU',
          [4, 3],
          'GELU',
          [3, 1],
          out.exports.parameters,
        ]);
      }
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      await page.close();
    }
  });

  test('from another origin, the embed bundle runs the playground on iris fetched from the site', async () => {
    const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-trainer-host-'));
    let host;
    const page = await watchedPage(session.context);
    try {
      const csp = `default-src 'self'; script-src 'self' ${session.site.origin} 'wasm-unsafe-eval'; connect-src 'self' ${session.site.origin}; style-src 'self' 'unsafe-inline'`;
      fs.writeFileSync(
        path.join(hostDir, 'index.html'),
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>课程页面</title></head>` +
          `<body><main><h1>课程页面</h1><script type="module" src="${session.site.url}embed/actlab-embed.js"></script>` +
          `<actlab-playground dataset="iris" speed="max"></actlab-playground></main></body></html>`,
      );
      fs.writeFileSync(path.join(hostDir, 'favicon.ico'), fs.readFileSync(path.join(root, 'favicon.ico')));
      host = await startSite({ root: hostDir, csp: false });
      assert.notEqual(host.origin, session.site.origin);
      const dataRequests = [];
      page.on('request', (request) => {
        if (request.url().includes('/data/')) dataRequests.push(request.url());
      });
      await page.goto(host.url);
      await ready(page, 'actlab-playground');
      assert.deepEqual(dataRequests, [`${session.site.url}data/iris.csv`]);
      const info = await page.evaluate(async () => {
        const el = document.querySelector('actlab-playground');
        el.play();
        await new Promise((r) => setTimeout(r, 1500));
        el.pause();
        return { dataset: el.plotted().dataset, confusion: el.plotted().confusion, evaluation: el.evaluate() };
      });
      assert.deepEqual(
        [info.dataset.train + info.dataset.test, info.dataset.nFeatures, info.dataset.source],
        [150, 4, 'file'],
      );
      assert.equal(info.confusion.length, 3);
      assert.ok(info.evaluation.testAccuracy >= 0.8, `iris test accuracy ${info.evaluation.testAccuracy}`);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
      host?.stop();
      fs.rmSync(hostDir, { recursive: true, force: true });
    }
  });
});
