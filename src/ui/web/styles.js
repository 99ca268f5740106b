// Styles every component shares: the colours of tones, buttons and small print. Each
// component adds its own layout on top.
import { css } from 'lit';

export const shared = css`
  :host {
    --good: #1a7f37;
    --good-bg: #dafbe1;
    --warn: #7d4e00;
    --warn-bg: #fff1c2;
    --bad: #b3261e;
    --bad-bg: #ffe3e0;
    --busy: #0b57d0;
    --busy-bg: #dde8fc;
    --unknown: #59636e;
    --unknown-bg: #eceef1;
    --line: #d0d7de;
    --muted: #59636e;
    --accent: #0b57d0;
    box-sizing: border-box;
  }
  *, *::before, *::after {
    box-sizing: inherit;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.5rem;
  }
  a {
    color: var(--accent);
  }
  button {
    font: inherit;
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--line);
    border-radius: 6px;
    background: #f6f8fa;
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: white;
  }
  a.button {
    display: inline-block;
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--line);
    border-radius: 6px;
    background: #f6f8fa;
    color: inherit;
    text-decoration: none;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button[aria-busy='true'] {
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid #0969da;
    outline-offset: 1px;
  }
  .muted {
    color: var(--muted);
  }
  .tag {
    display: inline-block;
    padding: 0 0.45rem;
    border-radius: 999px;
    font-size: 0.8rem;
    line-height: 1.5;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .good { color: var(--good); background: var(--good-bg); }
  .warn { color: var(--warn); background: var(--warn-bg); }
  .bad { color: var(--bad); background: var(--bad-bg); }
  .busy { color: var(--busy); background: var(--busy-bg); }
  .unknown { color: var(--unknown); background: var(--unknown-bg); }
  .stale {
    border-style: dashed;
    border-color: currentColor;
    opacity: 0.75;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
