// Defects an independent tester found in the trainer widgets, each checked on the
// built site in Chromium as a reader meets it: the playground's status line after
// a real data set loads, the numbers and charts after divergence, the two status
// lines agreeing, the forced standardisation of digits/iris; the comparison lab's
// status column, its verdict after the last step, its Chinese run labels, its
// table on a phone, and the optimizers / mse-vs-bce presets showing what their
// texts say. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  openTrainerPage,
  playUntil,
  pollPage,
  requireBuiltSite,
  screenshot,
  siteRoot,
  siteSession,
  trainerReady,
  viewDiagnostics,
} from './harness.mjs';

const root = process.env.ACTLAB_TEST_SITE ?? siteRoot;
requireBuiltSite(root);

const ready = trainerReady;

describe('trainer widget fixes in Chromium', () => {
  const session = siteSession({ site: { root }, context: { viewport: DESKTOP, locale: 'zh-CN' } });

  const open = (pathAndQuery, tag) => openTrainerPage(session, pathAndQuery, tag);

  const waitFor = pollPage;

  /** The playground's status line (toolbar) and the line under the loss chart. */
  const statusLines = (tag) => {
    const root = document.querySelector(tag).shadowRoot;
    return {
      stats: root.querySelector('.stats').textContent,
      summary: root.querySelector('.panel .readout').textContent,
    };
  };

  test('playground: after choosing digits in 数据集 the status line leaves 正在加载数据… and follows training, reset and a switch back', async () => {
    const page = await open('embed/playground', 'actlab-playground');
    try {
      const tag = 'actlab-playground';
      const widget = page.locator(tag);
      await widget.getByLabel('数据集').selectOption('digits');
      await page.evaluate((t) => document.querySelector(t).whenDataReady(), tag);
      const loaded = await waitFor(
        page,
        tag,
        (t) =>
          !/正在加载/.test(document.querySelector(t).shadowRoot.querySelector('.stats').textContent) &&
          document.querySelector(t).shadowRoot.querySelector('.stats').textContent,
        5000,
      );
      assert.match(String(loaded), /步数\s*0/, `status after loading: ${loaded}`);
      // the standardisation the trainer applies is what the state, the URL and the box say
      const standardize = await page.evaluate((t) => {
        const el = document.querySelector(t);
        const box = [...el.shadowRoot.querySelectorAll('input[type=checkbox]')].find((b) =>
          b.labels[0]?.textContent.includes('标准化'),
        );
        const note = el.shadowRoot.getElementById(box.getAttribute('aria-describedby'));
        return {
          state: el.getState().standardize,
          checked: box.checked,
          disabled: box.disabled,
          note: note && !note.hidden ? note.textContent : '',
        };
      }, tag);
      assert.deepEqual([standardize.state, standardize.checked, standardize.disabled], ['on', true, true]);
      assert.match(standardize.note, /digits 与 iris 的特征总是标准化/);
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      const trained = await waitFor(
        page,
        tag,
        (t) => {
          const m = document.querySelector(t).metrics();
          return m && m.step >= 50 ? m.step : 0;
        },
        20_000,
      );
      assert.ok(trained, 'digits did not train 50 steps');
      const during = await page.evaluate(statusLines, tag);
      assert.match(during.stats, /步数\s*[1-9]/, `status while training: ${during.stats}`);
      await widget.getByRole('button', { name: /^重置/ }).click();
      await page.evaluate((t) => document.querySelector(t).pause(), tag);
      const afterReset = await page.evaluate(statusLines, tag);
      assert.doesNotMatch(afterReset.stats, /正在加载/);
      assert.match(afterReset.stats, /训练损失/);
      await widget.getByLabel('数据集').selectOption('spiral');
      const back = await page.evaluate(statusLines, tag);
      assert.match(back.stats, /步数\s*0/, `status after switching back: ${back.stats}`);
      assert.equal(await page.evaluate((t) => document.querySelector(t).getState().standardize, tag), 'off');
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test("playground: hardtanh's max_val slider pushed below min_val moves min_val's slider too, and the network uses both", async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?layers=4&act=hardtanh&params=0,0.5', tag);
    try {
      await page.evaluate((t) => {
        for (const d of document.querySelector(t).shadowRoot.querySelectorAll('details')) d.open = true;
      }, tag);
      const widget = page.locator(tag);
      await widget.getByLabel(/^max_val/).focus();
      await page.keyboard.press('Home'); // the bottom of max_val's slider, -1: below min_val = 0
      const after = await waitFor(
        page,
        tag,
        (t) => {
          const el = document.querySelector(t);
          const value = (id) =>
            [...el.shadowRoot.querySelectorAll('input[type=range]')].find((i) =>
              i.labels[0]?.textContent.startsWith(id),
            )?.value;
          const params = el.getState().params;
          return (
            params !== '0,0.5' && { params, minSlider: Number(value('min_val')), maxSlider: Number(value('max_val')) }
          );
        },
        3000,
      );
      assert.ok(after, 'the state did not change');
      const [lo, hi] = after.params.split(',').map(Number);
      assert.equal(hi, -1, `params ${after.params}`);
      assert.ok(lo < hi, `min_val pushed below max_val: ${after.params}`);
      // the pushed slider shows the state's value while the other one keeps the focus
      assert.equal(after.minSlider, lo);
      assert.equal(after.maxSlider, hi);
      const weights = await page.evaluate(
        async (t) => JSON.parse((await document.querySelector(t).exports()).weights),
        tag,
      );
      assert.deepEqual(weights.config.layers[0].params, [lo, hi], 'the trainer network uses the pushed pair');
    } finally {
      await page.close();
    }
  });

  test("playground: a hidden layer's 激活函数 select and 单元数 box keep their element and the focus when used", async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?layers=4,4&act=tanh', tag);
    try {
      const widget = page.locator(tag);
      const select = widget.getByRole('group', { name: '第 1 个隐藏层' }).getByLabel('激活函数');
      await select.focus();
      await page.evaluate((t) => (window.__select = document.querySelector(t).shadowRoot.activeElement), tag);
      await select.selectOption('elu'); // fires change, as an arrow key does on a closed select
      await select.selectOption('leaky_relu');
      const out = await page.evaluate((t) => {
        const el = document.querySelector(t);
        const rows = el.shadowRoot.querySelectorAll('.layer-row');
        return {
          same: el.shadowRoot.activeElement === window.__select && window.__select.isConnected,
          state: el.getState(),
          sliders: [...rows].map((r) =>
            [...r.querySelectorAll('input[type=range]')].map((i) => i.labels[0].textContent),
          ),
        };
      }, tag);
      assert.ok(out.same, 'the select was replaced or lost the focus');
      assert.equal(out.state.act, 'leaky_relu,tanh');
      assert.match(out.sliders[0].join(), /^negative_slope = 0\.01$/, `layer 1 sliders: ${out.sliders[0]}`);
      assert.deepEqual(out.sliders[1], [], 'tanh has no parameter');
      const units = widget.getByRole('group', { name: '第 2 个隐藏层' }).getByLabel(/单元数/);
      await units.focus();
      await page.evaluate((t) => (window.__units = document.querySelector(t).shadowRoot.activeElement), tag);
      await units.press('ArrowUp'); // a number box steps and fires input; change comes on Enter
      await units.press('Enter');
      await units.dispatchEvent('change');
      const after = await page.evaluate(
        (t) => ({
          same: document.querySelector(t).shadowRoot.activeElement === window.__units,
          layers: document.querySelector(t).getState().layers,
        }),
        tag,
      );
      assert.equal(after.layers, '4,5');
      assert.ok(after.same, 'the 单元数 box was replaced or lost the focus');
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: taken out of the page and put back, it has its layer rows and builds from its state', async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?layers=4,3&act=elu,tanh', tag);
    try {
      const out = await page.evaluate(async (t) => {
        const el = document.querySelector(t);
        const parent = el.parentNode;
        const slider = [...el.shadowRoot.querySelectorAll('input[type=range]')].find((i) =>
          i.labels[0].textContent.startsWith('alpha'),
        );
        slider.value = '2';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        el.remove(); // in the same frame as the move: its change was still waiting
        parent.append(el);
        await new Promise((r) => setTimeout(r, 300));
        // a slider of the new connection, moved with no hook called: its frame builds the network
        const again = [...el.shadowRoot.querySelectorAll('input[type=range]')].find((i) =>
          i.labels[0].textContent.startsWith('alpha'),
        );
        again.value = '1.5';
        again.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const moved = el.config.layers[0].params;
        again.value = '2';
        again.dispatchEvent(new Event('input', { bubbles: true }));
        el.stepOnce(1);
        const rows = [...el.shadowRoot.querySelectorAll('.layer-row')];
        return {
          moved,
          rows: rows.map((r) => r.querySelector('select').value),
          params: el.getState().params,
          config: el.config.layers.map((l) => [l.activation, ...(l.params ?? [])]),
        };
      }, tag);
      assert.deepEqual(out.moved, [1.5], 'a slider moved after the reconnection built no network');
      assert.deepEqual(out.rows, ['elu', 'tanh']);
      assert.equal(out.params, '2;');
      assert.deepEqual(out.config[0], ['elu', 2], JSON.stringify(out.config));
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: a setting changed while training starts the network again, keeps training and says so', async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?optimizer=momentum&speed=slow', tag);
    try {
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      const before = await waitFor(page, tag, (t) => (document.querySelector(t).metrics()?.step ?? 0) >= 30, 10_000);
      assert.ok(before, 'training did not start');
      const widget = page.locator(tag);
      const lr = widget.getByLabel(/学习率/);
      await lr.fill('0.1');
      await lr.press('Enter');
      await lr.dispatchEvent('change');
      const out = await page.evaluate((t) => {
        const el = document.querySelector(t);
        return {
          lr: el.getState().lr,
          running: el.trainingStats().running,
          step: el.metrics().step,
          note: el.shadowRoot.querySelector('.change-note').textContent,
          button: el.shadowRoot.querySelector('.toolbar button').textContent,
        };
      }, tag);
      assert.equal(out.lr, '0.1');
      assert.ok(out.running, 'training stopped');
      assert.ok(out.step < 30, `step ${out.step}: the network was not started again`);
      assert.match(out.note, /设置已改变：网络按新设置重新初始化，从第 0 步继续训练/);
      assert.equal(out.button, '暂停');
      // a dragged slider (20 input events in one task) builds one network, at the next frame
      const drag = await page.evaluate(async (t) => {
        const el = document.querySelector(t);
        const slider = (start) =>
          [...el.shadowRoot.querySelectorAll('input[type=range]')].find((i) =>
            i.labels[0].textContent.startsWith(start),
          );
        const move = (start, value) => {
          const input = slider(start);
          input.value = String(value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        const built = el.generationOfTrainer;
        for (let k = 0; k < 20; ++k) move('动量', 0.5 + k * 0.02);
        const during = el.generationOfTrainer - built;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const after = el.generationOfTrainer - built;
        const afterMomentum = el.config.optimizer.momentum;
        // a hook called before the frame answers for the state as it is: it builds the network now
        move('动量', 0.7);
        const beforeHook = el.generationOfTrainer - built;
        el.metrics();
        const hooked = { built: el.generationOfTrainer - built, momentum: el.config.optimizer.momentum };
        // a data setting and a network setting moved in the same frame: new data and the new network, once
        move('噪声', 0.2);
        move('动量', 0.6);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return {
          during,
          after,
          afterMomentum,
          beforeHook,
          hooked,
          both: {
            built: el.generationOfTrainer - built,
            noise: JSON.parse(el.dataKey)[1],
            momentum: el.config.optimizer.momentum,
            running: el.trainingStats().running,
          },
        };
      }, tag);
      assert.equal(drag.during, 0, 'a network was built per input event');
      assert.equal(drag.after, 1, `${drag.after} networks built for one drag`);
      assert.equal(drag.afterMomentum, 0.88, 'the network built is not for the last value of the drag');
      assert.equal(drag.beforeHook, 1);
      assert.deepEqual(drag.hooked, { built: 2, momentum: 0.7 });
      assert.deepEqual(drag.both, { built: 3, noise: 0.2, momentum: 0.6, running: true });
      // the clicked pause clears the note
      await widget.getByRole('button', { name: '暂停' }).click();
      assert.equal(
        await page.evaluate((t) => document.querySelector(t).shadowRoot.querySelector('.change-note').hidden, tag),
        true,
      );
      // pause() right after a move whose frame has not come: the new network stays paused, and the note says so
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.waitForFunction((t) => document.querySelector(t).metrics()?.step > 5, tag, { timeout: 5000 });
      const paused = await page.evaluate((t) => {
        const el = document.querySelector(t);
        const slider = [...el.shadowRoot.querySelectorAll('input[type=range]')].find((i) =>
          i.labels[0].textContent.startsWith('动量'),
        );
        slider.value = '0.5';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        el.pause();
        return {
          running: el.trainingStats().running,
          momentum: el.config.optimizer.momentum,
          note: el.shadowRoot.querySelector('.change-note').textContent,
        };
      }, tag);
      assert.deepEqual(paused, {
        running: false,
        momentum: 0.5,
        note: '设置已改变：网络按新设置重新初始化，回到第 0 步。',
      });
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: two data sets picked while the first still loads: training goes on with the last', async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?speed=slow', tag);
    try {
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.waitForFunction((t) => document.querySelector(t).metrics()?.step > 5, tag, { timeout: 10_000 });
      const select = page.locator(tag).getByLabel('数据集');
      await select.selectOption('digits');
      await select.selectOption('iris'); // before digits is there
      await page.evaluate((t) => document.querySelector(t).whenDataReady(), tag);
      const out = await waitFor(
        page,
        tag,
        (t) => {
          const el = document.querySelector(t);
          const m = el.metrics();
          return (
            m?.step > 0 && {
              dataset: el.getState().dataset,
              running: el.trainingStats().running,

              note: el.shadowRoot.querySelector('.change-note').textContent,
            }
          );
        },
        10_000,
      );
      assert.ok(out, 'training did not go on');
      assert.equal(out.dataset, 'iris');
      assert.ok(out.running);
      assert.match(out.note, /从第 0 步继续训练/);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('playground: a learning rate typed with more digits than a link keeps trains with the value the link holds', async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground', tag);
    try {
      const lr = page.locator(tag).getByLabel(/学习率/);
      await lr.fill('0.123456789');
      await lr.dispatchEvent('change');
      const out = await page.evaluate(
        (t) => ({
          state: document.querySelector(t).getState().lr,
          url: new URL(location.href).searchParams.get('lr'),
          trained: (document.querySelector(t).metrics(), document.querySelector(t).config.optimizer.lr),
        }),
        tag,
      );
      assert.deepEqual(out, { state: '0.123457', url: '0.123457', trained: 0.123457 });
      assert.equal(await lr.inputValue(), '0.123457', 'the box shows the value used');
    } finally {
      await page.close();
    }
  });

  test('playground: an optimizer value outside its slider range (β₂ = 0.5, β₁ = 0.995) is where the thumb is', async () => {
    const tag = 'actlab-playground';
    const page = await open('embed/playground?optimizer=adam&beta1=0.995&beta2=0.5&test=0.33', tag);
    try {
      const out = await page.evaluate((t) => {
        const root = document.querySelector(t).shadowRoot;
        const find = (start) =>
          [...root.querySelectorAll('input[type=range]')].find((i) => i.labels[0].textContent.startsWith(start));
        return ['β₁', 'β₂', '测试集比例'].map((k) => {
          const i = find(k);
          return { k, value: Number(i.value), min: Number(i.min), max: Number(i.max), label: i.labels[0].textContent };
        });
      }, tag);
      const [b1, b2, test] = out;
      assert.equal(b2.value, 0.5, JSON.stringify(b2));
      assert.ok(b2.min <= 0.5 && b2.max >= 0.9999, JSON.stringify(b2));
      // 0.995 is off the slider's 0.01 grid: the thumb sits on the nearest step, the label says 0.995
      assert.ok(Math.abs(b1.value - 0.995) < 0.0051 && b1.max >= 0.995, JSON.stringify(b1));
      assert.match(b1.label, /0\.995$/);
      assert.equal(test.value, 0.33, JSON.stringify(test));
      assert.match(b2.label, /0\.5$/);
      // a value off the slider's grid: the bottom widens by whole steps (0.55), so the positions stay on it
      const offGrid = await page.evaluate((t) => {
        const el = document.querySelector(t);
        el.setAttribute('beta2', '0.55005');
        const i = [...el.shadowRoot.querySelectorAll('input[type=range]')].find((x) =>
          x.labels[0].textContent.startsWith('β₂'),
        );
        const out = { min: i.min, label: i.labels[0].textContent };
        el.setAttribute('beta2', '0.5');
        return out;
      }, tag);
      assert.deepEqual(offGrid, { min: '0.55', label: 'β₂ = 0.55' }); // the label has 3 decimals
      // held by the reader, the widened slider keeps its range (no jump under the pointer)
      const beta2 = page.locator(tag).getByLabel(/^β₂/);
      await beta2.focus();
      await beta2.press('ArrowRight');
      await beta2.press('End');
      const held = await beta2.evaluate((i) => ({ value: Number(i.value), min: Number(i.min), max: Number(i.max) }));
      assert.deepEqual(held, { value: 0.9999, min: 0.5, max: 0.9999 });
    } finally {
      await page.close();
    }
  });

  test('playground: digits from the URL with standardize=off falls back to on with a Chinese notice', async () => {
    const page = await open('embed/playground?dataset=digits&standardize=off', 'actlab-playground');
    try {
      const out = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        return { state: el.getState().standardize, text: el.shadowRoot.textContent };
      });
      assert.equal(out.state, 'on');
      assert.match(out.text, /standardize 对 digits 只能是 on/);
    } finally {
      await page.close();
    }
  });

  test('playground: while training, the status line and the line under the loss chart show the same numbers', async () => {
    const page = await open('embed/playground?speed=fast', 'actlab-playground');
    try {
      await page.evaluate(() => document.querySelector('actlab-playground').play());
      const seen = [];
      for (let i = 0; i < 8; ++i) {
        await page.waitForTimeout(250);
        seen.push(await page.evaluate(statusLines, 'actlab-playground'));
      }
      await page.evaluate(() => document.querySelector('actlab-playground').pause());
      const numbers = (text) => (text.match(/-?\d+(\.\d+)?(e[+-]?\d+)?%?/g) ?? []).join(' ');
      for (const { stats, summary } of seen)
        assert.equal(numbers(summary), numbers(stats), `“${stats}” vs “${summary}”`);
      assert.ok(new Set(seen.map((s) => s.stats)).size > 2, 'the numbers did not move while training');
    } finally {
      await page.close();
    }
  });

  test('playground: after divergence the numbers agree, no stale test loss, and both charts have readable axes or a note', async () => {
    const page = await open('embed/playground?dataset=sin&lr=10&optimizer=sgd&loss=mse', 'actlab-playground');
    try {
      const m = await playUntil(
        page,
        'actlab-playground',
        (t) => {
          const m = document.querySelector(t).metrics();
          return m?.status === 'diverged' ? m : null;
        },
        15_000,
      );
      assert.ok(m, 'lr = 10 did not diverge');
      await page.waitForTimeout(300);
      await viewDiagnostics(page, 'actlab-playground');
      const out = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        const root = el.shadowRoot;
        // the tick values that carry a label, from uPlot's last axis computation
        const axisLabels = (chart) => {
          const axis = chart?.plot?.axes[1];
          return (axis?._splits ?? []).filter((_, i) => axis._values?.[i]);
        };
        const p = el.plotted();
        return {
          stats: root.querySelector('.stats').textContent,
          lossLabels: axisLabels(el.lossChart),
          testLoss: p.series.find((s) => s.id === 'testLoss').y,
          trainLoss: p.series.find((s) => s.id === 'trainLoss').y,
          gradNote: [...root.querySelectorAll('.diag-block .hint')].filter((n) => !n.hidden).map((n) => n.textContent),
          gradLabels: axisLabels(el.gradChart.chart),
          gradValues: p.gradNorms.ys.flat().filter((v) => Number.isFinite(v) && v > 0).length,
        };
      });
      assert.match(out.stats, new RegExp(`步数\\s*${m.step}`), `the status line is of an older step: ${out.stats}`);
      assert.match(out.stats, /测试损失\s*发散/, out.stats);
      assert.doesNotMatch(out.stats, /测试损失\s*\d/, 'a test loss from before the blow-up is shown');
      assert.ok(
        Number.isNaN(out.testLoss[out.testLoss.length - 1]),
        'the stale test loss is drawn at the diverged step',
      );
      assert.ok(out.lossLabels.length >= 3, `loss axis labels at ${out.lossLabels}`);
      // the labels cover the range drawn, up to the blown-up loss, not only its bottom
      const top = Math.max(...out.trainLoss.filter(Number.isFinite));
      assert.ok(
        Math.max(...out.lossLabels) >= top / 1e8,
        `labels up to ${Math.max(...out.lossLabels)}, loss up to ${top}`,
      );
      if (out.gradValues === 0) assert.match(out.gradNote.join(' '), /发散/, 'an empty gradient chart without a note');
      else assert.ok(out.gradLabels.length >= 2, `gradient axis labels: ${out.gradLabels}`);
      await screenshot(page, 'trainer-fix-playground-diverged-desktop');
      // one step at a time: the step that fails leaves the step count at the last sample's
      const stepped = await page.evaluate(() => {
        const el = document.querySelector('actlab-playground');
        el.resetTraining();
        for (let i = 0; i < 200 && el.metrics().status !== 'diverged'; ++i) el.stepOnce(1);
        const p = el.plotted();
        const x = p.series.find((s) => s.id === 'testLoss').y;
        return {
          status: el.metrics().status,
          lastTest: x[x.length - 1],
          steps: p.x ?? null,
          stats: el.shadowRoot.querySelector('.stats').textContent,
        };
      });
      assert.equal(stepped.status, 'diverged');
      assert.ok(Number.isNaN(stepped.lastTest), `test loss at the diverged sample: ${stepped.lastTest}`);
      assert.match(stepped.stats, /测试损失\s*发散/);
      // no weights file of nulls: exports() has none, and the button says why
      const weights = await page.evaluate(
        async () => (await document.querySelector('actlab-playground').exports()).weights,
      );
      assert.equal(weights, null, 'exports() gave weights after the divergence');
      await page.locator('actlab-playground').getByText('分享与导出').click();
      await page.locator('actlab-playground').getByRole('button', { name: '下载权重（JSON）' }).click();
      assert.match(
        await page.locator('actlab-playground .export-buttons + p').textContent(),
        /训练已发散，权重不是有限数，无法导出/,
      );
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  const cells = (tag) => {
    const root = document.querySelector(tag).shadowRoot;
    return {
      status: [...root.querySelectorAll('table.summary td:last-child')].map((td) => td.textContent),
      verdict: root.querySelector('.readout').textContent,
    };
  };

  test('compare: the status column says 未开始, 训练中, 已暂停 and 已完成 when each is true, and the verdict after the end is final', async () => {
    const page = await open('embed/compare?preset=optimizers&steps=200&threshold=0.001', 'actlab-compare');
    try {
      const tag = 'actlab-compare';
      await page.evaluate((t) => document.querySelector(t).runSummary(), tag);
      const before = await waitFor(
        page,
        tag,
        (t) => {
          const c = document.querySelector(t).shadowRoot.querySelectorAll('table.summary td:last-child');
          return c.length ? [...c].map((x) => x.textContent) : null;
        },
        5000,
      );
      assert.deepEqual(before, ['未开始', '未开始', '未开始']);
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      assert.deepEqual((await page.evaluate(cells, tag)).status, ['训练中', '训练中', '训练中']);
      // pause after the first frame has trained (paused at step 0 the runs have not started)
      await page.waitForFunction((t) => document.querySelector(t).runSummary()[0].step > 0, tag, { timeout: 5000 });
      await page.evaluate((t) => document.querySelector(t).pause(), tag);
      const paused = await page.evaluate(cells, tag);
      const step = await page.evaluate((t) => document.querySelector(t).runSummary()[0].step, tag);
      assert.ok(step > 0);
      if (step < 200) {
        assert.deepEqual(paused.status, ['已暂停', '已暂停', '已暂停']);
        assert.match(paused.verdict, /已暂停/);
      }
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.evaluate((t) => document.querySelector(t).whenFinished(), tag);
      const done = await page.evaluate(cells, tag);
      assert.deepEqual(done.status, ['已完成', '已完成', '已完成']);
      assert.match(done.verdict, /训练结束（200 步），没有网络训练损失降到阈值/);
      assert.doesNotMatch(done.verdict, /还没有/);
    } finally {
      await page.close();
    }
  });

  test('compare: after training, a new 损失阈值 re-reads the runs and more 训练步数 go on from where they are', async () => {
    const tag = 'actlab-compare';
    const page = await open('embed/compare?preset=optimizers&steps=600&speed=max', tag);
    try {
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.evaluate((t) => document.querySelector(t).whenFinished(), tag);
      const first = await page.evaluate((t) => document.querySelector(t).runSummary(), tag);
      assert.ok(first.find((r) => r.id === 'adam').reachedAt > 0, 'adam reaches 0.2 within 600 steps');
      assert.equal(first.find((r) => r.id === 'sgd').reachedAt, null);
      // a higher threshold: no training again, and adam's crossing comes sooner
      const threshold = page.locator(tag).getByLabel(/损失阈值/);
      await threshold.fill('0.5');
      await threshold.dispatchEvent('change');
      const second = {
        ...(await page.evaluate(cells, tag)),
        ...(await page.evaluate(
          (t) => ({
            runs: document.querySelector(t).runSummary(),
            progress: document.querySelector(t).shadowRoot.querySelector('.toolbar .stats').textContent,
          }),
          tag,
        )),
      };
      assert.match(second.progress, /步数 600 \/ 600/, 'the runs were trained again');
      const adam = (list) => list.find((r) => r.id === 'adam');
      assert.ok(adam(second.runs).reachedAt < adam(first).reachedAt, JSON.stringify(second.runs));
      assert.deepEqual(second.status, ['已完成', '已完成', '已完成']);
      assert.deepEqual(
        second.runs.map((r) => r.testAccuracy),
        first.map((r) => r.testAccuracy),
        'the weights changed',
      );
      // more steps: play goes on from step 600
      const steps = page.locator(tag).getByLabel(/^训练步数/);
      await steps.fill('800');
      await steps.dispatchEvent('change');
      assert.deepEqual((await page.evaluate(cells, tag)).status, ['已暂停', '已暂停', '已暂停']);
      assert.deepEqual(
        await page.evaluate(
          (t) =>
            document
              .querySelector(t)
              .runSummary()
              .map((r) => r.step),
          tag,
        ),
        [600, 600, 600],
        'the runs were built again',
      );
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.waitForFunction((t) => document.querySelector(t).runSummary()[0].step > 600, tag, { timeout: 5000 });
      await page.evaluate((t) => document.querySelector(t).whenFinished(), tag);
      const third = await page.evaluate((t) => document.querySelector(t).runSummary(), tag);
      assert.deepEqual(
        third.map((r) => r.step),
        [800, 800, 800],
      );
      // the same as runs trained to 800 steps from the start, at the same threshold
      const fresh = await open('embed/compare?preset=optimizers&steps=800&threshold=0.5&speed=max', tag);
      try {
        await fresh.evaluate((t) => document.querySelector(t).play(), tag);
        await fresh.evaluate((t) => document.querySelector(t).whenFinished(), tag);
        const again = await fresh.evaluate((t) => document.querySelector(t).runSummary(), tag);
        const table = (list) => list.map((r) => [r.id, r.reachedAt, r.accurateAt, r.testAccuracy]);
        assert.deepEqual(table(third), table(again));
      } finally {
        await fresh.close();
      }
      // a count lowered to the steps done while paused: finished, and whenFinished() resolves
      await steps.fill('1000');
      await steps.dispatchEvent('change');
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.waitForFunction((t) => document.querySelector(t).runSummary()[0].step > 800, tag, { timeout: 5000 });
      await page.evaluate((t) => document.querySelector(t).pause(), tag);
      const done = await page.evaluate((t) => document.querySelector(t).runSummary()[0].step, tag);
      await steps.fill(String(done));
      await steps.dispatchEvent('change');
      const finished = await page.evaluate(
        (t) =>
          Promise.race([
            document
              .querySelector(t)
              .whenFinished()
              .then(() => true),
            new Promise((r) => setTimeout(() => r(false), 2000)),
          ]),
        tag,
      );
      assert.ok(finished, `whenFinished() did not resolve at ${done} steps`);
      assert.deepEqual((await page.evaluate(cells, tag)).status, ['已完成', '已完成', '已完成']);
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('compare: another 学习率 while training builds the runs again and they go on training, with a note', async () => {
    const tag = 'actlab-compare';
    const page = await open('embed/compare?preset=vanishing&speed=slow', tag);
    try {
      await page.evaluate((t) => document.querySelector(t).play(), tag);
      await page.waitForFunction((t) => document.querySelector(t).runSummary()[0].step >= 30, tag, { timeout: 10_000 });
      const lr = page.locator(tag).getByLabel(/^学习率/);
      await lr.fill('0.2');
      await lr.dispatchEvent('change');
      const out = await page.evaluate(
        (t) => ({
          running: document.querySelector(t).trainingStats().running,
          step: document.querySelector(t).runSummary()[0].step,
          note: document.querySelector(t).shadowRoot.querySelector('.change-note').textContent,
          lr: document.querySelector(t).getState().lr,
        }),
        tag,
      );
      assert.equal(out.lr, '0.2');
      assert.ok(out.running, 'training stopped');
      assert.ok(out.step < 30, `step ${out.step}: the runs were not built again`);
      assert.match(out.note, /设置已改变：所有网络按新设置重新初始化，从第 0 步继续训练/);
      await page.locator(tag).getByRole('button', { name: '暂停' }).click();
      assert.equal(
        await page.evaluate((t) => document.querySelector(t).shadowRoot.querySelector('.change-note').textContent, tag),
        '',
      );
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });

  test('compare: the optimizers preset shows adam first, momentum next and sgd short of the threshold', async () => {
    const page = await open('embed/compare?preset=optimizers&speed=max', 'actlab-compare');
    try {
      await page.evaluate(async () => {
        const el = document.querySelector('actlab-compare');
        el.play();
        await el.whenFinished();
      });
      const out = await page.evaluate(() => {
        const el = document.querySelector('actlab-compare');
        return { runs: el.runSummary(), plotted: el.plotted() };
      });
      const by = Object.fromEntries(out.runs.map((r) => [r.id, r]));
      assert.equal(out.plotted.firstToThreshold, 'adam');
      assert.ok(
        by.adam.reachedAt < by.momentum.reachedAt,
        `adam ${by.adam.reachedAt}, momentum ${by.momentum.reachedAt}`,
      );
      assert.equal(by.sgd.reachedAt, null);
      assert.match(out.plotted.verdict, /最先训练损失降到阈值 0\.2 的是 adam（第 \d+ 步）/);
      await screenshot(page, 'trainer-fix-compare-optimizers-desktop');
    } finally {
      await page.close();
    }
  });

  test('compare: mse-vs-bce is ranked by the steps to 90% training accuracy, not by one loss threshold across two losses', async () => {
    const page = await open('embed/compare?preset=mse-vs-bce&speed=max', 'actlab-compare');
    try {
      const labels = await page.evaluate(() =>
        [...document.querySelector('actlab-compare').shadowRoot.querySelectorAll('.checks label')].map(
          (l) => l.textContent,
        ),
      );
      assert.ok(
        labels.includes('sigmoid 输出 + 均方误差 MSE') &&
          labels.includes('tanh 输出 + MSE（TensorFlow Playground 的设置）'),
        labels.join(' / '),
      );
      assert.ok(!labels.some((l) => /^[a-z_]+$/.test(l)), `raw ids as labels: ${labels.join(' / ')}`);
      await page.evaluate(async () => {
        const el = document.querySelector('actlab-compare');
        el.play();
        await el.whenFinished();
      });
      const plotted = await page.evaluate(() => document.querySelector('actlab-compare').plotted());
      assert.equal(plotted.firstToAccuracy, 'bce');
      assert.match(
        plotted.verdict,
        /比较准确率：最先训练准确率达到 90% 的是 sigmoid 输出 \+ 二元交叉熵 BCE（第 \d+ 步）/,
      );
    } finally {
      await page.close();
    }
  });

  test('compare: at 375 px the results table keeps its headers and status readable (it scrolls sideways in its box)', async () => {
    const page = await open('embed/compare?preset=optimizers&steps=50', 'actlab-compare');
    try {
      await page.setViewportSize(PHONE);
      await page.evaluate(async () => {
        const el = document.querySelector('actlab-compare');
        el.play();
        await el.whenFinished();
      });
      await page.waitForTimeout(300);
      const layout = await page.evaluate(() => {
        const root = document.querySelector('actlab-compare').shadowRoot;
        const lineHeight = (e) =>
          parseFloat(getComputedStyle(e).lineHeight) || 1.5 * parseFloat(getComputedStyle(e).fontSize);
        const heads = [...root.querySelectorAll('table.summary th[scope=col]')].map((th) => ({
          text: th.textContent,
          width: th.getBoundingClientRect().width,
          fontSize: parseFloat(getComputedStyle(th).fontSize),
        }));
        const status = [...root.querySelectorAll('table.summary td:last-child')].map(
          (td) => td.getBoundingClientRect().height / lineHeight(td),
        );
        const box = root.querySelector('.table-scroll');
        return {
          heads,
          status,
          box: { client: box.clientWidth, scroll: box.scrollWidth, right: box.getBoundingClientRect().right },
          viewport: innerWidth,
        };
      });
      for (const h of layout.heads) assert.ok(h.width >= 5 * h.fontSize, `header “${h.text}” is ${h.width} px wide`);
      for (const lines of layout.status) assert.ok(lines < 1.9, `a status cell spans ${lines.toFixed(1)} lines`);
      assert.ok(layout.box.right <= layout.viewport + 1, 'the table box sticks out of the page');
      await page.evaluate(() =>
        document
          .querySelector('actlab-compare')
          .shadowRoot.querySelector('.table-scroll')
          .scrollIntoView({ block: 'center' }),
      );
      await screenshot(page, 'trainer-fix-compare-table-phone');
      assert.deepEqual(await page.problems(), []);
    } finally {
      await page.close();
    }
  });
});
