// Each widget on its standalone page (/embed/<widget>.html), served with the
// strict CSP: it renders (its canvas is not blank), it responds to its
// controls, and what it plots matches the wasm module's numbers, computed
// here in Node from wasm/dist. URL state round-trips, bad URL values give a
// Chinese notice and the default, and the 嵌入 button shows both snippets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import createActLab from '../../wasm/dist/actlab.mjs';
import { repoRoot, requireBuiltSite, settle, siteSession, openSettled, finishClean } from './harness.mjs';

requireBuiltSite();
const lab = await createActLab({ wasmBinary: readFileSync(join(repoRoot, 'wasm/dist/actlab.wasm')) });

const activation = (id, xs, params = []) =>
  Array.from(lab.activationEval(id, Float64Array.from(xs), Float64Array.from(params)));
const activationGrad = (id, xs, params = []) =>
  Array.from(lab.activationGrad(id, Float64Array.from(xs), Float64Array.from(params)));

/** Element-wise |a - b| <= tol * max(1, |b|); nulls in the plot stand for non-finite values. */
function assertClose(actual, expected, what, tol = 1e-9) {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} points plotted, ${expected.length} expected`);
  for (let i = 0; i < expected.length; ++i) {
    const a = actual[i];
    const e = expected[i];
    if (a === null) {
      assert.ok(!Number.isFinite(e), `${what}[${i}]: plotted a gap where the module gives ${e}`);
      continue;
    }
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: plotted ${a}, module gives ${e}`);
  }
}

const series = (plotted, id) => {
  const found = plotted.series.find((s) => s.id === id);
  assert.ok(found, `no series ${id} in [${plotted.series.map((s) => s.id).join(', ')}]`);
  return found.y;
};

/** Runs action, then waits for the widget's next redraw. */
async function afterRedraw(page, selector, action) {
  await page.$eval(selector, (el) => {
    window.__nextDraw = new Promise((resolve) => el.addEventListener('actlab-draw', () => resolve(), { once: true }));
  });
  await action();
  await page.evaluate(() => window.__nextDraw);
}

/** Waits until the page URL's query has key = value (widgets throttle their URL writes to one per 250 ms). */
async function waitForQuery(page, key, value) {
  await page
    .waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v, [key, String(value)], {
      timeout: 3000,
    })
    .catch(() => {});
  assert.equal(
    new URL(page.url()).searchParams.get(key),
    String(value),
    `URL ${page.url()} should have ${key}=${value}`,
  );
}

/** The event types with a listener on the object an expression in the page gives (DevTools protocol). */
async function listenerTypes(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.map((l) => l.type).sort();
  } finally {
    await cdp.detach();
  }
}

const plotted = (page, selector) => page.$eval(selector, (el) => el.plotted());
const state = (page, selector) => page.$eval(selector, (el) => el.getState());

/** For every canvas in the widget: the share of pixels drawn and the number of distinct colours. */
function canvasInk(page, selector) {
  return page.$eval(selector, (el) =>
    [...el.shadowRoot.querySelectorAll('canvas')].map((canvas) => {
      if (!canvas.width || !canvas.height) return { inked: 0, colours: 0 };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) {
          inked += 1;
          if (colours.size < 64) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
      }
      return { inked: inked / (canvas.width * canvas.height), colours: colours.size };
    }),
  );
}

async function assertNotBlank(page, selector) {
  const canvases = await canvasInk(page, selector);
  assert.ok(canvases.length > 0, `${selector} has no canvas`);
  const best = canvases.reduce((a, b) => (b.inked > a.inked ? b : a));
  assert.ok(best.inked > 0.005 && best.colours >= 3, `${selector} canvas looks blank: ${JSON.stringify(canvases)}`);
}

describe('widgets on their embed pages', () => {
  const session = siteSession({ context: { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' } });

  const open = (path) => openSettled(session.context, session.site.url + path);

  test('activation: curves match the module, a parameter slider redraws, the URL round-trips', async () => {
    const sel = 'actlab-activation';
    const page = await open('embed/activation.html?fn=elu&compare=relu');
    await assertNotBlank(page, sel);
    let p = await plotted(page, sel);
    assert.ok(p.x.length >= 50, `only ${p.x.length} points`);
    assertClose(series(p, 'f:elu'), activation('elu', p.x, [1]), 'elu');
    assertClose(series(p, 'df:elu'), activationGrad('elu', p.x, [1]), "elu'");
    assertClose(series(p, 'f:relu'), activation('relu', p.x), 'relu');

    const alpha = page.getByLabel('参数 alpha');
    await afterRedraw(page, sel, () => alpha.fill('0.5'));
    // the slider snaps to its step; the widget's state says which value it took
    const moved = Number((await state(page, sel)).params);
    assert.ok(Math.abs(moved - 0.5) < 0.02, `alpha after the slider: ${moved}`);
    p = await plotted(page, sel);
    assertClose(series(p, 'f:elu'), activation('elu', p.x, [moved]), `elu with alpha ${moved}`);
    assert.ok(
      series(p, 'f:elu').some((y, i) => Math.abs(y - activation('elu', [p.x[i]], [1])[0]) > 0.05),
      'the curve did not change',
    );
    await waitForQuery(page, 'params', (await state(page, sel)).params);

    // Keyboard: the arrow key moves the focused slider one step and redraws.
    await alpha.focus();
    await afterRedraw(page, sel, () => page.keyboard.press('ArrowRight'));
    const stepped = Number((await state(page, sel)).params);
    assert.ok(stepped > moved && stepped < moved + 0.1, `alpha after ArrowRight: ${stepped} (was ${moved})`);
    p = await plotted(page, sel);
    assertClose(series(p, 'f:elu'), activation('elu', p.x, [stepped]), 'elu after ArrowRight');

    // the alpha slider is replaced by gelu's (none): its listeners go with it, not at disconnect
    await alpha.evaluate((input) => (window.__replacedSlider = input));
    assert.ok((await listenerTypes(page, 'window.__replacedSlider')).includes('input'));
    await afterRedraw(page, sel, () => page.getByLabel('激活函数', { exact: true }).selectOption('gelu'));
    assert.deepEqual(await listenerTypes(page, 'window.__replacedSlider'), [], 'listeners left on a replaced slider');
    p = await plotted(page, sel);
    assertClose(series(p, 'f:gelu'), activation('gelu', p.x), 'gelu');
    await waitForQuery(page, 'fn', 'gelu');

    const before = p;
    await page.reload();
    await settle(page);
    assert.equal((await state(page, sel)).fn, 'gelu', 'fn after reload');
    assert.deepEqual((await plotted(page, sel)).series, before.series, 'the plot after reload differs');
    await finishClean(page);
  });

  test('activation: hardtanh min_val and max_val sliders push each other and the curve follows the module', async () => {
    const sel = 'actlab-activation';
    const page = await open('embed/activation.html?fn=hardtanh&params=0,6&compare=relu6');
    let p = await plotted(page, sel);
    assertClose(series(p, 'f:hardtanh'), activation('relu6', p.x), 'hardtanh(0, 6) against relu6');
    assertClose(series(p, 'df:hardtanh'), activationGrad('relu6', p.x), "hardtanh'(0, 6) against relu6'");
    // max_val to the bottom of its slider, below min_val = 0: min_val is pushed below it
    const maxVal = page.getByLabel('参数 max_val');
    await maxVal.focus();
    await afterRedraw(page, sel, () => page.keyboard.press('Home'));
    const params = String((await state(page, sel)).params)
      .split(',')
      .map(Number);
    assert.equal(params[1], -1, `max_val after Home: ${params}`);
    assert.ok(params[0] < params[1] && params[0] > -1.1, `min_val pushed below max_val: ${params}`);
    p = await plotted(page, sel);
    assertClose(series(p, 'f:hardtanh'), activation('hardtanh', p.x, params), `hardtanh(${params})`);
    await waitForQuery(page, 'params', (await state(page, sel)).params);
    // a URL with max_val not above min_val is refused with the allowed ranges
    const bad = await open('embed/activation.html?fn=hardtanh&params=2,1');
    assert.deepEqual((await state(bad, sel)).params, '-1,1');
    const notice = await bad.locator(`${sel} [role=status]`).first().textContent();
    assert.match(notice, /max_val ∈ \[-10, 10\] 且大于 min_val/, `notice: ${notice}`);
    await finishClean(page);
    await finishClean(bad);
  });

  test('loss: loss and gradient match the module as the target slider moves', async () => {
    const sel = 'actlab-loss';
    const page = await open('embed/loss.html?loss=huber&target=0.5');
    await assertNotBlank(page, sel);
    const check = async (target) => {
      const p = await plotted(page, sel);
      const targets = p.x.map(() => target);
      const perElement = p.x.map((x) =>
        lab.lossEval('huber', Float64Array.of(x), Float64Array.of(target), new Float64Array(0)),
      );
      assertClose(series(p, 'loss'), perElement, `huber loss, target ${target}`);
      assertClose(
        series(p, 'grad'),
        p.x.map(
          (x, i) => lab.lossGrad('huber', Float64Array.of(x), Float64Array.of(targets[i]), new Float64Array(0))[0],
        ),
        `huber grad, target ${target}`,
      );
      return p;
    };
    const first = await check(0.5);
    await afterRedraw(page, sel, () => page.getByLabel('目标值 y').fill('-1'));
    const second = await check(-1);
    assert.notDeepEqual(series(second, 'loss'), series(first, 'loss'));
    await waitForQuery(page, 'target', '-1');

    // The logit-gradient mode: BCE's gradient at the logit is sigmoid(z) - y and does not vanish.
    await afterRedraw(page, sel, () => page.getByLabel('模式').selectOption('logit-grad'));
    const p = await plotted(page, sel);
    const y = p.target;
    const sig = activation('sigmoid', p.x);
    assertClose(
      series(p, 'grad:sigmoid+bce'),
      sig.map((s) => s - y),
      'sigmoid + BCE gradient at the logit',
      1e-7,
    );
    await finishClean(page);
  });

  test('neuron: the heatmap is phi(w1 x1 + w2 x2 + b) from the module and follows the sliders', async () => {
    const sel = 'actlab-neuron';
    const page = await open('embed/neuron.html?fn=tanh&w1=1.5');
    await assertNotBlank(page, sel);
    const check = async (w1, w2, b) => {
      const p = await plotted(page, sel);
      const { x, y, values } = p.grid;
      const z = [];
      for (let j = 0; j < y.length; ++j) for (let i = 0; i < x.length; ++i) z.push(w1 * x[i] + w2 * y[j] + b);
      assertClose(values, activation('tanh', z), `tanh heatmap (w1 ${w1}, w2 ${w2}, b ${b})`, 1e-7);
      return p;
    };
    await check(1.5, -1, 0);
    await afterRedraw(page, sel, () => page.getByLabel('偏置 b').fill('2'));
    const p = await check(1.5, -1, 2);
    assert.match(p.formula, /2/, `formula does not show b = 2: ${p.formula}`);
    await waitForQuery(page, 'b', '2');
    await finishClean(page);
  });

  test('descent: SGD on the bowl follows x_t = x_0 (1 - lr)^t and diverges for lr above 2', async () => {
    const sel = 'actlab-descent';
    const page = await open('embed/descent.html?surface=bowl&optimizer=sgd&lr=0.1&steps=30');
    await assertNotBlank(page, sel);
    const check = async (lr) => {
      const p = await plotted(page, sel);
      const x0 = p.x[0];
      const y0 = series(p, 'path-y')[0];
      const expectedX = p.x.map((_, t) => x0 * (1 - lr) ** t);
      assertClose(p.x, expectedX, `path x for lr ${lr}`, 1e-9);
      assertClose(
        series(p, 'path-y'),
        expectedX.map((_, t) => y0 * (1 - lr) ** t),
        `path y for lr ${lr}`,
        1e-9,
      );
      return p;
    };
    const slow = await check(0.1);
    assert.equal(slow.divergedAt, -1);
    // The lr slider may be linear or logarithmic: move it up one step at a time until lr is above 0.1.
    const lrSlider = page.getByLabel('学习率 lr');
    await lrSlider.focus();
    for (let i = 0; i < 200 && Number((await state(page, sel)).lr) < 0.3; ++i) {
      await afterRedraw(page, sel, () => page.keyboard.press('ArrowRight'));
    }
    const lr = Number((await state(page, sel)).lr);
    // the slider's stops include the round rates the text uses (chapter 6 sets 0.3)
    assert.equal(lr, 0.3, `lr after moving the slider up from 0.1: ${lr}`);
    const fast = await check(lr);
    assert.ok(Math.abs(fast.x.at(-1)) < Math.abs(slow.x.at(-1)), 'a larger rate should get closer to 0 on the bowl');
    await waitForQuery(page, 'lr', (await state(page, sel)).lr);

    await page.goto(`${session.site.url}embed/descent.html?surface=bowl&optimizer=sgd&lr=2.5&steps=60`);
    await settle(page);
    const diverged = await plotted(page, sel);
    assert.ok(diverged.divergedAt > 0, `lr 2.5 should diverge, divergedAt = ${diverged.divergedAt}`);
    const alert = await page.locator(`${sel} >> text=发散`).first().textContent();
    assert.match(alert, /学习率/);
    await finishClean(page);
  });

  test('chain: the running product is the product of the module derivatives times w^(l-1)', async () => {
    const sel = 'actlab-chain';
    const page = await open('embed/chain.html?fn=sigmoid&layers=8&z=0.5&weight=1');
    await assertNotBlank(page, sel);
    const check = async (fn, weight) => {
      const p = await plotted(page, sel);
      const pre = p.preActivations;
      // the forward pass, recomputed with the module
      let z = pre[0];
      for (let l = 0; l < pre.length; ++l) {
        assert.ok(Math.abs(pre[l] - z) <= 1e-9 * Math.max(1, Math.abs(z)), `z_${l + 1}: ${pre[l]} vs ${z}`);
        z = weight * activation(fn, [z])[0];
      }
      const slopes = activationGrad(fn, pre);
      let running = 1;
      const expected = slopes.map((s, l) => (running *= (l > 0 ? weight : 1) * s));
      assertClose(series(p, `product:${fn}`), expected, `product for ${fn}`);
      return p;
    };
    const first = await check('sigmoid', 1);
    // sigmoid' <= 1/4, so after 8 layers the product is below 0.25^8
    assert.ok(Math.abs(series(first, 'product:sigmoid').at(-1)) < 0.25 ** 8 * 1.0001);
    await afterRedraw(page, sel, () => page.getByLabel('层间权重 w').fill('2'));
    await check('sigmoid', 2);
    await waitForQuery(page, 'weight', '2');
    await finishClean(page);
  });

  test('activation: a function picked by the reader keeps its default parameters out of the URL', async () => {
    const sel = 'actlab-activation';
    const page = await open('embed/activation.html');
    await afterRedraw(page, sel, () => page.getByLabel('激活函数', { exact: true }).selectOption('leaky_relu'));
    await waitForQuery(page, 'fn', 'leaky_relu');
    assert.equal((await state(page, sel)).params, '0.01');
    assert.equal(new URL(page.url()).searchParams.has('params'), false, `URL ${page.url()} holds the default slope`);
    // a slope the reader sets is written, and taken out again when it is back at the default
    const slope = page.getByLabel('参数 negative_slope');
    await afterRedraw(page, sel, () => slope.fill('0.2'));
    await waitForQuery(page, 'params', (await state(page, sel)).params);
    await afterRedraw(page, sel, () => page.getByLabel('激活函数', { exact: true }).selectOption('relu'));
    await afterRedraw(page, sel, () => page.getByLabel('激活函数', { exact: true }).selectOption('leaky_relu'));
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('params'), null, { timeout: 3000 });
    await finishClean(page);
  });

  test('neuron: an attribute it does not have (params) is dropped from the URL with a Chinese notice', async () => {
    const page = await open('embed/neuron.html?fn=elu&params=5');
    assert.equal((await state(page, 'actlab-neuron')).fn, 'elu');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('params'), null, { timeout: 3000 });
    assert.equal(new URL(page.url()).searchParams.get('fn'), 'elu', 'the valid key stays');
    const notice = await page.locator('actlab-neuron [role=status]').first().textContent();
    assert.match(notice, /params 不是单个神经元的属性（可用：fn、w1、w2、b），已忽略/, `notice: ${notice}`);
    await finishClean(page);
  });

  test('loss: huge gradients get short tick labels that fit beside the axis (bce, dL/dp = -1e12 at p = 0)', async () => {
    const sel = 'actlab-loss';
    const page = await open('embed/loss.html?loss=bce&target=1&pmin=0&pmax=1');
    const p = await plotted(page, sel);
    assert.ok(Math.min(...series(p, 'grad').filter((g) => g !== null)) <= -1e11, 'the gradient at p = 0 is not huge');
    const axes = await page.$eval(sel, (el) => {
      const plot = el.chart.plot;
      const ctx = document.createElement('canvas').getContext('2d');
      return plot.axes.slice(1).map((axis) => {
        ctx.font = axis.font[0];
        const ratio = axis.font[2] / axis.font[1];
        const widest = Math.max(...axis._values.map((v) => ctx.measureText(v).width * ratio));
        return { values: axis._values, room: axis._size - axis.ticks.size - axis.gap, widest };
      });
    });
    assert.equal(axes.length, 2, 'the loss axis and the gradient axis');
    for (const axis of axes) {
      for (const label of axis.values) assert.ok(label.length <= 7, `tick label "${label}" (${axis.values.join(' ')})`);
      assert.ok(
        axis.widest <= axis.room,
        `labels ${axis.values.join(' ')} are ${axis.widest} px wide, room ${axis.room} px`,
      );
    }
    assert.ok(
      axes[1].values.some((v) => /e1[12]$/.test(v)),
      `gradient axis labels: ${axes[1].values.join(' ')}`,
    );
    await finishClean(page);
  });

  test('a bad URL value falls back to the default and shows a Chinese notice with the allowed range', async () => {
    const page = await open('embed/descent.html?lr=abc&steps=99999');
    const s = await state(page, 'actlab-descent');
    assert.equal(Number(s.lr), 0.1);
    assert.equal(Number(s.steps), 60);
    const notice = await page.locator('actlab-descent [role=status]').first().textContent();
    assert.match(notice, /lr[^。]*0\.0001[^。]*10/, `notice: ${notice}`);
    assert.match(notice, /默认值/, `notice: ${notice}`);
    await finishClean(page);
  });

  test('a typed number out of range is not applied and a Chinese message under the box gives the allowed range', async () => {
    // types a value into the number box with this label and returns the box and the message under it
    const typeRejected = async (page, sel, label, value, expected) => {
      const box = page.locator(sel).getByLabel(label, { exact: true });
      await box.fill(value);
      await box.press('Enter');
      const message = page.locator(`${sel} #${await box.getAttribute('aria-describedby')}`);
      await message.waitFor({ state: 'visible' });
      assert.match(await message.textContent(), expected);
      return { box, message };
    };
    const page = await open('embed/activation.html');
    const before = await plotted(page, 'actlab-activation');
    const { box, message } = await typeRejected(
      page,
      'actlab-activation',
      'x 最小值',
      '100',
      /x 最小值：100 不在允许范围内，请输入 -50 到 50 之间的数/,
    );
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await message.getAttribute('class'), 'input-error');
    assert.deepEqual((await plotted(page, 'actlab-activation')).x, before.x, 'the range must not change');
    assert.equal(Number((await state(page, 'actlab-activation')).xmin), before.x[0]);

    // a valid value is applied and clears the message
    await afterRedraw(page, 'actlab-activation', async () => {
      await box.fill('-3');
      await box.press('Enter');
    });
    assert.equal(await message.isHidden(), true);
    assert.equal(await box.getAttribute('aria-invalid'), null);
    assert.equal((await plotted(page, 'actlab-activation')).x[0], -3);
    await finishClean(page);

    // the loss explorer's range boxes follow the loss's domain: probabilities for bce
    const loss = await open('embed/loss.html?loss=bce');
    const range = await state(loss, 'actlab-loss');
    await typeRejected(
      loss,
      'actlab-loss',
      '横轴最小值',
      '-10',
      /横轴最小值：-10 不在允许范围内，请输入 0 到 1 之间的数/,
    );
    assert.equal((await state(loss, 'actlab-loss')).pmin, range.pmin, 'the range must not change');
    await finishClean(loss);
  });

  test('prefixed URL state on a content page: the URL beats the attribute, a change is written back', async () => {
    const sel = '#guide-act';
    const page = await open('guide/embedding.html?guide-act.fn=tanh');
    assert.equal((await state(page, sel)).fn, 'tanh', 'the URL should beat fn="gelu" in the page');
    await afterRedraw(page, sel, () =>
      page.locator(sel).getByLabel('激活函数', { exact: true }).selectOption('softsign'),
    );
    await waitForQuery(page, 'guide-act.fn', 'softsign');
    await page.reload();
    await settle(page);
    assert.equal((await state(page, sel)).fn, 'softsign');
    const p = await plotted(page, sel);
    assertClose(series(p, 'f:softsign'), activation('softsign', p.x), 'softsign');
    await finishClean(page);
  });

  test('a link reproduces the view after the reader picks another function or loss (dependent fields)', async () => {
    // fix-compare sets leaky_relu's slope 0.1 in the page: after picking elu the reader sees
    // alpha = 1, so the link must carry it, not leave it to the page's 0.1
    const act = '#fix-compare';
    const page = await open('04-relu/02-fixes.html');
    await afterRedraw(page, act, () => page.locator(act).getByLabel('激活函数', { exact: true }).selectOption('elu'));
    assert.equal((await state(page, act)).params, '1');
    await waitForQuery(page, 'fix-compare.params', '1');
    await page.reload();
    await settle(page);
    assert.equal((await state(page, act)).fn, 'elu');
    assert.equal((await state(page, act)).params, '1', 'the reload shows the same alpha');
    // loss-bce's page range 0.01-0.99 does not carry over to mse, whose range the reader sees
    const loss = '#loss-bce';
    await page.goto(`${session.site.url}05-losses/02-classification.html`);
    await settle(page);
    await afterRedraw(page, loss, () => page.locator(loss).getByLabel('损失函数', { exact: true }).selectOption('mse'));
    const seen = await state(page, loss);
    await waitForQuery(page, 'loss-bce.pmax', seen.pmax);
    await page.reload();
    await settle(page);
    const again = await state(page, loss);
    assert.deepEqual([again.loss, again.pmin, again.pmax], ['mse', seen.pmin, seen.pmax]);
    assert.equal(await page.locator(`${loss} .notice p`).count(), 0, 'no fallback notice on the reloaded link');
    // a link with a bad value shows the page's own value (what the cleaned link will show), not the default
    await page.goto(`${session.site.url}04-relu/02-fixes.html?fix-compare.fn=bogus`);
    await settle(page);
    assert.equal((await state(page, act)).fn, 'leaky_relu');
    assert.match(await page.locator(`${act} .notice`).innerText(), /已改用页面设定的值 leaky_relu/);
    assert.equal(new URL(page.url()).searchParams.has('fix-compare.fn'), false);
    await finishClean(page);
  });

  test('activation: an xmin attribute above xmax falls back with a notice instead of an empty range', async () => {
    const sel = 'actlab-activation';
    const page = await open('embed/activation.html?xmin=-2&xmax=3');
    await afterRedraw(page, sel, () => page.$eval(sel, (el) => el.setAttribute('xmin', '8')));
    const s = await state(page, sel);
    assert.ok(Number(s.xmax) > Number(s.xmin), `range [${s.xmin}, ${s.xmax}]`);
    const p = await plotted(page, sel);
    assert.ok(p.x[0] === 8 && p.x.at(-1) === Number(s.xmax), `plotted from ${p.x[0]} to ${p.x.at(-1)}`);
    assert.match(await page.locator(sel).locator('.notice').innerText(), /xmax/);
    await finishClean(page);
  });

  test('descent: changing the rate while the path plays restarts the animation on the new path', async () => {
    const sel = 'actlab-descent';
    const page = await open('embed/descent.html?surface=ravine&optimizer=sgd&lr=0.1&steps=200');
    await page.locator(sel).getByRole('button', { name: '播放' }).click();
    await page.waitForTimeout(200);
    await afterRedraw(page, sel, () => page.$eval(sel, (el) => el.setAttribute('lr', '0.12')));
    // the status line counts the steps shown; it must move past 0 on the new path
    await page.waitForFunction((s) => /第 ([1-9]\d*) \//.test(document.querySelector(s).shadowRoot.textContent), sel, {
      timeout: 5000,
    });
    await finishClean(page);
  });

  test('the 嵌入 button shows the iframe and the direct-use snippets for the current state', async () => {
    const page = await open('embed/chain.html?fn=tanh&layers=12');
    await page.getByRole('button', { name: '嵌入' }).click();
    const iframe = await page.getByLabel('iframe 写法').inputValue();
    const direct = await page.getByLabel('直接使用（脚本 + 元素）').inputValue();
    assert.match(iframe, new RegExp(`^<iframe src="${session.site.url}embed/chain\\.html\\?[^"]*fn=tanh`), iframe);
    assert.match(iframe, /layers=12/);
    assert.match(
      direct,
      new RegExp(`<script type="module" src="${session.site.url}embed/actlab-embed\\.js"></script>`),
      direct,
    );
    assert.match(direct, /<actlab-chain[^>]*fn="tanh"[^>]*>/);
    await finishClean(page);
  });
});
