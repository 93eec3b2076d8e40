// Controls the two trainer widgets (playground, compare) share: the speed menu
// of the toolbar and the alert shown when training diverged, with its button
// that lowers the learning rate.
import { saferLearningRate, SPEEDS } from '../../models/playground';
import { button, el, formatShort, selectControl, type Listen, type SelectControl } from '../shared/controls';

/** The inline speed menu (SPEEDS: steps per frame; the fastest trains for the widget's budgetMs per frame). */
export function speedSelect(
  listen: Listen,
  value: string,
  budgetMs: number,
  onChange: (speed: string) => void,
): SelectControl {
  const control = selectControl(listen, {
    label: '速度',
    options: Object.entries(SPEEDS).map(([speed, v]) => ({
      value: speed,
      label: v.steps === null ? `${v.label}（每帧训练 ${budgetMs} 毫秒）` : v.label,
    })),
    value,
    onChange,
  });
  control.root.classList.add('inline');
  return control;
}

/**
 * A trainer widget's play/pause button (its label when stopped: `label`), and `act`, which
 * wraps the toolbar's other actions: every click first calls `acted` (both widgets clear the
 * note that a settings change started the training again: the reader has acted since).
 */
export function playControls(
  listen: Listen,
  label: string,
  loop: { running: () => boolean; play: () => void; pause: () => void },
  acted: () => void,
): { playButton: HTMLButtonElement; act: (action: () => void) => () => void } {
  const act = (action: () => void) => () => {
    acted();
    action();
  };
  const playButton = button(
    listen,
    label,
    act(() => (loop.running() ? loop.pause() : loop.play())),
  );
  return { playButton, act };
}

/**
 * The note after a settings change built `what` (网络, 所有网络) again at step 0: it goes on
 * training, or it is back at step 0 after some training; '' when nothing was lost.
 */
export function restartNote(what: string, goesOn: boolean, trained: boolean): string {
  if (goesOn) return `设置已改变：${what}按新设置重新初始化，从第 0 步继续训练。`;
  return trained ? `设置已改变：${what}按新设置重新初始化，回到第 0 步。` : '';
}

export interface DivergedAlert {
  box: HTMLElement;
  text: HTMLElement;
  fix: HTMLButtonElement;
}

/** The hidden alert for a diverged run; its button calls lowerRate (which sets a safer lr and trains again). */
export function divergedAlert(listen: Listen, lowerRate: () => void): DivergedAlert {
  const box = el('div', 'diverged');
  box.setAttribute('role', 'alert');
  box.hidden = true;
  const text = el('p');
  text.style.margin = '0';
  const fix = button(listen, '降低学习率并重新开始', lowerRate);
  box.append(text, fix);
  return { box, text, fix };
}

/** Shows the alert with a message; the button offers the learning rate saferLearningRate(lr). */
export function showDiverged(alert: DivergedAlert, message: string, lr: number): void {
  alert.text.textContent = message;
  alert.fix.textContent = `把学习率降到 ${formatShort(saferLearningRate(lr))} 并重新开始`;
  alert.fix.disabled = lr <= 0.0001;
  alert.box.hidden = false;
}
